"""The JSON embedded in every report (PDF/A-3 Source): what the report prints, reviewers pseudonymous."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from reviewer.reports.context import AwaitingReview, ReportContext, Undisclosed

FORMAT = "stage-gate-reviewer/report-data/1"
NOT_DISCLOSED = "not disclosed"
AWAITING = "not disclosed: its public text awaits review"


def pseudonym_order(reviewer_ids: Iterable[str], salt: str) -> list[str]:
    """Reviewer ids in the report's pseudonym order: by a hash of (salt, id), unrelated to the roster.

    `salt` is the decision hash, or the FY for a draft, so the order differs from report to report
    of different decisions yet is the same on every render of one.
    """
    return sorted(set(reviewer_ids), key=lambda rid: hashlib.sha256(f"{salt}\x00{rid}".encode()).hexdigest())


def letters(n: int) -> str:
    """A, B, …, Z, AA, AB, … for 0, 1, …"""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, Undisclosed):
        return NOT_DISCLOSED
    if isinstance(value, AwaitingReview):
        return AWAITING
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def report_data(ctx: ReportContext) -> dict[str, Any]:
    """The attachment's content, built only from the context (so it holds only what is printed).

    The public edition's context carries no per-reviewer assessments and marks confidential values
    as not disclosed, so its attachment does the same.
    """
    return {
        "format": FORMAT,
        "program": ctx.program_code,
        "fy": ctx.fy,
        "lang": ctx.lang,
        "edition": ctx.edition.value,
        "signed": ctx.signed,
        "fictional": ctx.fictional,
        "report_date": ctx.report_date.isoformat(),
        "decision": _plain(ctx.decision),
        "decision_sha256": ctx.decision_hash,
        "audit_chain": None if ctx.chain_head is None else {"head": ctx.chain_head, "count": ctx.chain_count},
        "funding": _plain(ctx.funding),
        "weighted_achievement": _plain(ctx.weighted_achievement),
        "milestones": _plain(ctx.milestones),
        "criteria": _plain(ctx.criteria),
        "comments": _plain(ctx.comments),
        "assessments": _plain(ctx.assessments),
        "evidence_files": _plain(ctx.evidence_files),
        "documents": _plain(ctx.documents),
        "withheld": None if ctx.withheld is None else _withheld(ctx),
        "versions": dict(ctx.versions),
    }


def _withheld(ctx: ReportContext) -> dict[str, Any]:
    """The withheld counts and their total; `comments` only when some are (so the attachment of a
    public edition without any stays as it was before comments were counted)."""
    assert ctx.withheld is not None
    out: dict[str, Any] = _plain(ctx.withheld) | {"total": ctx.withheld.total}
    if not out["comments"]:
        del out["comments"]
    return out


def report_json(ctx: ReportContext) -> bytes:
    """Canonical UTF-8 JSON of `report_data` (sorted keys: the same bytes on every render)."""
    text = json.dumps(report_data(ctx), ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False)
    return text.encode("utf-8")
