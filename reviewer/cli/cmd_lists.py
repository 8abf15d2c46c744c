"""Command handlers for the listings: comments, evidence list, conditions (SPEC §10).

Each prints the ids another command takes (`respond --comment`, `condition --id`), so no id
is ever a guess; `--json` prints the fields SPEC §10 names.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from reviewer import messages
from reviewer.cli import EXIT_OK, Console
from reviewer.cli import commands as base
from reviewer.cli.commands import Handler, opened
from reviewer.core.errors import UsageError


def cmd_comments(args: argparse.Namespace, console: Console) -> int:
    from reviewer.services import lists

    with opened(args, readonly=True) as db:
        rows = lists.comments(db, args.fy)
    if args.json:
        console.say(json.dumps(rows, ensure_ascii=False, indent=1))
        return EXIT_OK
    t = console.t
    if not rows:
        console.say(t("comments-none", fy=args.fy))
    for c in rows:
        kind = t("comment-kind-" + c["kind"])
        console.say(f"[{c['id']}] {c['target']} / {kind}")
        console.say("    " + c["text"])
        if c["redaction"] == "stale":  # set for an earlier text: the public edition withholds it
            console.say("    " + t("comment-redaction-stale", text=c["stale_text"]))
        elif c["public_text"] != c["text"]:
            console.say("    " + t("comment-public", text=c["public_text"]))
        response = c["response"]
        console.say("    " + (t("comment-response", text=response) if response else t("comment-no-response")))
    return EXIT_OK


def cmd_conditions(args: argparse.Namespace, console: Console) -> int:
    from reviewer.services import lists

    with opened(args, readonly=True) as db:
        listed = lists.conditions(db, args.fy)
    if args.json:
        console.say(json.dumps(listed.conditions, ensure_ascii=False, indent=1))
        return EXIT_OK
    t = console.t
    if not listed.conditions:
        console.say(t("conditions-none", fy=args.fy))
        return EXIT_OK
    console.say(t("conditions-head", fy=args.fy, decision=listed.decision_id))
    for c in listed.conditions:
        where = ""
        if c["dropped_by"] is not None:
            where = f"  ({t('conditions-dropped', decision=c['dropped_by'])})"
        elif c["decision"] != listed.decision_id:
            where = f"  ({t('conditions-carried', decision=c['decision'])})"
        console.say(
            f"[{c['id']}] {t('conditions-due', due=c['due'])}  {t('condition-' + c['status'])}  {c['text']}"
            + where
        )
        for h in c["history"]:
            note = f"  {h['note']}" if h["note"] else ""
            console.say(f"      {h['set_at'][:19]}  {t('condition-' + h['status'])}  ({h['set_by']}){note}")
    return EXIT_OK


_EVIDENCE_ADD_OPTIONS = (
    ("milestone", "--milestone"),
    ("value", "--value"),
    ("unit", "--unit"),
    ("effective_date", "--effective-date"),
    ("source", "--source"),
)


def cmd_evidence(args: argparse.Namespace, console: Console) -> int:
    """`evidence add` (the options it needs are checked here) or `evidence list`."""
    if args.action == "add":
        missing = [flag for dest, flag in _EVIDENCE_ADD_OPTIONS if getattr(args, dest) is None]
        if missing:
            raise UsageError("evidence-add-needs", options=", ".join(missing))
        if args.fy is not None or args.json:
            raise UsageError("evidence-add-no-list-options")
        return base.cmd_evidence(args, console)
    return _evidence_list(args, console)


def _summary(r: dict[str, Any], console: Console) -> str:
    kind = r["kind"]
    if kind == "benchmark_result":
        return f"{r['model']}  {r['benchmark']}  {r['metric'] or '-'}  {r['value']}"
    if kind == "model_release":
        return str(r["model"])
    if kind == "fleet_observation":
        return f"{r['period']}  {r['industry']}  {r['operator']}  {r['robots_active']}/{r['robots_deployed']}"
    if kind == "manual":
        return f"{r['value']} {r['unit']}  {r['source']}"
    return f"{r['file_name']}  {r['sha256'][:12]}"


def _evidence_list(args: argparse.Namespace, console: Console) -> int:
    from reviewer.services import lists

    t = console.t
    with opened(args, readonly=True) as db:
        ids = lists.evidence_ids(db, args.milestone, args.fy)
        records = lists.evidence_records(db, ids)
        if args.json:  # streamed: a national fleet has millions of records
            first = True
            console.out.write("[")
            for r in records:
                console.out.write(("\n" if first else ",\n") + json.dumps(r, ensure_ascii=False))
                first = False
            console.out.write("\n]\n" if not first else "]\n")
            return EXIT_OK
        shown = 0
        for r in records:
            flags = [
                t(name)
                for name, on in (
                    ("evidence-flag-self-reported", r["self_reported"]),
                    ("evidence-flag-confidential", r["confidential"]),
                    ("evidence-flag-date-assumed", r["date_assumed"]),
                )
                if on
            ]
            if r["superseded_by"] is not None:
                flags.append(t("evidence-flag-superseded", id=r["superseded_by"]))
            if r["disclosed"]:
                flags.append(t("evidence-flag-disclosed", fys=", ".join(str(fy) for fy in r["disclosed"])))
            batch = "-" if r["batch"] is None else str(r["batch"])
            console.say(
                f"{r['id']:>7}  {t('evidence-kind-' + r['kind'])}  {r['effective_date']}  {batch:>5}"
                f"  {_summary(r, console)}" + (f"  [{', '.join(flags)}]" if flags else "")
            )
            shown += 1
    console.say(
        messages.counted("evidence-listed", console.lang, shown, count=shown) if shown else t("evidence-none")
    )
    return EXIT_OK


HANDLERS: dict[str, Handler] = {
    "comments": cmd_comments,
    "conditions": cmd_conditions,
    "evidence": cmd_evidence,
}
