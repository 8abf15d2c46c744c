"""Command handlers for the gate decision: decide, amend, sign, condition, verify (SPEC §10)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from reviewer import messages
from reviewer.cli import EXIT_OK, EXIT_REFUSED, Console
from reviewer.cli.commands import Handler, opened
from reviewer.core.errors import UsageError
from reviewer.core.models import ConditionStatus, Outcome

if TYPE_CHECKING:
    from reviewer.services.decisions import DecisionInput


def _date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError("bad-date", option=option, value=text) from None


def _decision_input(args: argparse.Namespace) -> DecisionInput:
    """The decision the options describe; usage errors (exit 2) for a bad outcome or unpaired --due."""
    from reviewer.services.decisions import DecisionInput

    try:
        outcome = Outcome(args.outcome)
    except ValueError:
        choices = ", ".join(o.value for o in Outcome)
        raise UsageError("decide-bad-outcome", value=args.outcome, choices=choices) from None
    if len(args.condition) != len(args.due):
        raise UsageError("decide-condition-due", conditions=len(args.condition), dues=len(args.due))
    conditions = tuple(
        (text, _date(due, "--due")) for text, due in zip(args.condition, args.due, strict=True)
    )
    return DecisionInput(
        outcome=outcome,
        funding_jpy=args.funding_jpy,
        rationale=args.rationale,
        conditions=conditions,
        override_reason=args.override_reason,
    )


def cmd_decide(args: argparse.Namespace, console: Console) -> int:
    from reviewer.services import decisions

    given = _decision_input(args)
    with opened(args) as db:
        row = decisions.decide(db, args.fy, given)
    console.say(
        messages.counted(
            "decided",
            console.lang,
            len(given.conditions),
            fy=row.fy,
            id=row.id,
            outcome=row.outcome,
            funding=f"{row.funding_jpy:,}",
            conditions=len(given.conditions),
        )
    )
    return EXIT_OK


def cmd_amend(args: argparse.Namespace, console: Console) -> int:
    from reviewer.services import decisions

    given = _decision_input(args)
    with opened(args) as db:
        row = decisions.amend(db, args.fy, given, args.reason, drop=args.drop_condition)
        carried = len(decisions.conditions_of(db, row.id)) - len(given.conditions)
    console.say(console.t("amended", fy=row.fy, id=row.id, amends=row.amends))
    dropped = len(set(args.drop_condition))
    console.say(console.t("amended-carried", carried=carried, dropped=dropped, added=len(given.conditions)))
    return EXIT_OK


def cmd_sign(args: argparse.Namespace, console: Console) -> int:
    from reviewer.cli.cmd_keys import key_from_args
    from reviewer.services import decisions

    key = key_from_args(args, console)
    with opened(args) as db:
        row = decisions.sign(db, args.fy, args.by, key)
    console.say(console.t("signed-done", fy=row.fy, id=row.id, by=row.signed_by, sha256=row.sha256))
    if key is not None:
        console.say(console.t("signed-by-key", fingerprint=key.info.fingerprint))
    return EXIT_OK


def cmd_condition(args: argparse.Namespace, console: Console) -> int:
    from reviewer.services import decisions

    try:
        status = ConditionStatus(args.status)
    except ValueError:
        raise UsageError("condition-bad-status", value=args.status) from None
    with opened(args) as db:
        decisions.set_condition_status(db, args.fy, args.id, status, args.note)
    console.say(console.t("condition-set", id=args.id, status=console.t("condition-" + status.value)))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, console: Console) -> int:
    from reviewer.cli.cmd_keys import pinned_certificates
    from reviewer.services import audit_check

    if args.pdf is not None:
        from reviewer.cli.cmd_report import verify_pdf_command

        return verify_pdf_command(args, console)
    pinned = pinned_certificates(args)
    with opened(args) as db:
        result = audit_check.verify_database(db, pinned=pinned)
    if result.unsealed:
        console.say(console.t("verify-unsealed", fys=", ".join(str(y) for y in result.unsealed)))
    if result.before_keys:
        console.say(console.t("verify-before-keys", fys=", ".join(str(y) for y in result.before_keys)))
    if result.ok:
        console.say(console.t("verify-ok", entries=result.entries))
        return EXIT_OK
    for finding in result.findings:
        console.error(finding.code, finding.code, **finding.params)
    return EXIT_REFUSED


HANDLERS: dict[str, Handler] = {
    "decide": cmd_decide,
    "amend": cmd_amend,
    "sign": cmd_sign,
    "condition": cmd_condition,
    "verify": cmd_verify,
}
