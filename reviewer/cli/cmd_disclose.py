"""Command handlers for disclosure (SPEC §8, §10): `disclose` and `comment redact`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from reviewer.cli import EXIT_OK, Console
from reviewer.cli.commands import Handler, opened

if TYPE_CHECKING:
    from reviewer.store.disclosures import Disclosed


def _what(rows: tuple[Disclosed, ...], console: Console) -> str:
    """`batch 3`, `evidence 11, 12` in the chosen language."""
    parts = []
    for row in rows:
        if row.batch_id is not None:
            parts.append(console.t("disclose-batch", id=row.batch_id))
        else:
            parts.append(console.t("disclose-evidence", id=row.evidence_id))
    return ", ".join(parts)


def cmd_disclose(args: argparse.Namespace, console: Console) -> int:
    from reviewer.services import disclosure

    target = disclosure.Target(
        batch=args.batch, evidence=args.evidence, document=args.document, milestone=args.milestone
    )
    with opened(args) as db:
        done = disclosure.disclose(db, args.fy, target, undo=args.undo)
    if done.changed:
        console.say(
            console.t(
                "undisclosed" if done.undo else "disclosed", fy=done.fy, what=_what(done.changed, console)
            )
        )
    if done.unchanged:
        console.say(console.t("disclose-unchanged", fy=done.fy, what=_what(done.unchanged, console)))
    if not done.changed and not done.unchanged:
        console.say(console.t("disclose-none", milestone=args.milestone))
    return EXIT_OK


def cmd_comment(args: argparse.Namespace, console: Console) -> int:
    """`comment redact --id ID --text TEXT` (the only action)."""
    from reviewer.services import disclosure

    with opened(args) as db:
        done = disclosure.redact_comment(db, args.id, args.text)
    key = {"redacted": "redacted", "cleared": "redact-cleared", "unchanged": "redact-unchanged"}[done]
    console.say(console.t(key, comment=args.id))
    return EXIT_OK


HANDLERS: dict[str, Handler] = {"disclose": cmd_disclose, "comment": cmd_comment}
