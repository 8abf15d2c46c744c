"""Whether a comment's redaction still redacts the comment (SPEC §8 "Disclosure").

A redaction (`comment redact`) is written for one text of the comment: it records that text's
SHA-256 as its basis. When the comment's text changes afterwards, by whatever path, the basis no
longer matches and the redaction is out of date: it redacts another text, and the new text has
not been reviewed, so the public edition prints neither until the secretariat sets it again.
"""

from __future__ import annotations

import hashlib
from enum import StrEnum


class Redaction(StrEnum):
    """A comment's redaction as the public edition sees it."""

    NONE = "none"  # no public text of its own: the comment prints as written
    CURRENT = "current"  # a public text set for the comment as it is now
    STALE = "stale"  # a public text set for an earlier text of the comment: needs review


def text_basis(text: str) -> str:
    """The basis a redaction records for the comment text it was written for: its SHA-256 (hex)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def redaction_state(text: str, public_text: str | None, basis: str | None) -> Redaction:
    """The state of a comment's redaction from its text, public text and the basis recorded.

    A public text without a basis was set before bases were recorded, in an FY signed before
    then (its comments are locked, so the text it redacted is the text there is); every other
    redaction of such a file got its basis from the audit log when the file was upgraded (m016).
    """
    if public_text is None:
        return Redaction.NONE
    if basis is None or basis == text_basis(text):
        return Redaction.CURRENT
    return Redaction.STALE
