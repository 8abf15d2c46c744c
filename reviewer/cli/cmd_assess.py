"""Command handlers for assessments: `sheet`, `consensus open`, `override`, `respond` (SPEC §10)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from reviewer.cli import EXIT_OK, Console
from reviewer.core.errors import UsageError
from reviewer.core.models import Status

Handler = Callable[[argparse.Namespace, Console], int]


def cmd_sheet(args: argparse.Namespace, console: Console) -> int:
    from reviewer.cli.commands import opened
    from reviewer.core.errors import Refused
    from reviewer.services import sheets
    from reviewer.store.db import refuse_output_over_database

    try:
        exists = args.output.is_file()
    except OSError:  # a name no file can have: the sheet's writer names it (E-PATH)
        exists = False
    with opened(args) as db:
        refuse_output_over_database(db, args.output)  # the database itself is named as such
        if exists:
            # a sheet comes back filled in: writing another over it would lose the reviewer's work
            raise Refused("E-SHEET-EXISTS", path=str(args.output))
        rows = sheets.write_sheet(db, args.reviewer, args.fy, args.output, console.lang)
    console.say(
        console.t("sheet-written", path=str(args.output), reviewer=args.reviewer, fy=args.fy, rows=rows)
    )
    return EXIT_OK


def cmd_consensus(args: argparse.Namespace, console: Console) -> int:
    from reviewer.cli.commands import opened
    from reviewer.services import committee

    with opened(args) as db:
        opened_now = committee.open_consensus(db, args.fy)
    console.say(console.t("consensus-opened" if opened_now else "consensus-already-open", fy=args.fy))
    return EXIT_OK


def cmd_override(args: argparse.Namespace, console: Console) -> int:
    from reviewer.cli.commands import opened
    from reviewer.services import committee

    try:
        status = Status(args.status)
    except ValueError:
        raise UsageError("bad-committee-status", value=args.status) from None
    with opened(args) as db:
        changed = committee.set_committee_status(db, args.milestone, status, args.reason)
    key = "override-set" if changed else "override-unchanged"
    console.say(console.t(key, milestone=args.milestone, status=console.t("status-" + status.value)))
    return EXIT_OK


def cmd_respond(args: argparse.Namespace, console: Console) -> int:
    from reviewer.cli.commands import opened
    from reviewer.services import committee

    with opened(args) as db:
        response = committee.respond(db, args.fy, args.comment, args.text)
    console.say(console.t("response-recorded", comment=args.comment, response=response))
    return EXIT_OK


HANDLERS: dict[str, Handler] = {
    "sheet": cmd_sheet,
    "consensus": cmd_consensus,
    "override": cmd_override,
    "respond": cmd_respond,
}
