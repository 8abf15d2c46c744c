"""One handler per command: resolve the database, call a service, print the outcome."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

import sqlite_utils

from reviewer import messages
from reviewer.cli import EXIT_OK, EXIT_REFUSED, Console
from reviewer.core.errors import Refused, UsageError
from reviewer.services.recent import last_database, remember

Handler = Callable[[argparse.Namespace, Console], int]


# --------------------------------------------------------------------------- the database


def db_path(args: argparse.Namespace) -> Path:
    """The database this command works on: --db, else the last one used (exit 2 without)."""
    if args.db is not None:  # even "": that names no file, and is refused as such
        return Path(args.db)
    last = last_database()
    if last is None:
        raise UsageError("no-db")
    return last


@contextlib.contextmanager
def opened(args: argparse.Namespace, *, readonly: bool = False) -> Iterator[sqlite_utils.Database]:
    """Open the command's database (which must exist and hold a program), and close it after."""
    from reviewer.services.startup import open_program  # the start-up gate, network check, backups

    path = Path(os.path.realpath(db_path(args)))  # a symbolic link: the file it names
    if not path.exists():
        raise UsageError("db-not-found", path=str(path))
    if not readonly and path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        readonly = True  # a read-only file or folder: reading works; a write is refused (E-READ-ONLY)
    db = open_program(path, readonly=readonly)
    try:
        if not db.execute("SELECT count(*) FROM program").fetchone()[0]:
            raise Refused("E-NO-PROGRAM", path=str(path))
        yield db
    finally:
        db.close()
    remember(path)


# --------------------------------------------------------------------------- plan and demo


def cmd_init(args: argparse.Namespace, console: Console) -> int:
    from reviewer.services import programs

    path = db_path(args)
    plan = programs.init_database(path, args.plan)
    remember(path)
    console.say(console.t("cli-created", path=str(path), code=plan.program.code))
    return EXIT_OK


def cmd_plan(args: argparse.Namespace, console: Console) -> int:
    from reviewer.services import programs

    with opened(args) as db:
        changes = programs.load_plan(db, args.plan)
    for line in programs.describe_changes(changes, console.lang):
        console.say(line)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, console: Console) -> int:
    from reviewer.services import demo

    path = db_path(args)
    from reviewer.services.demo_steps import APPROVER, demo_key_files

    demo.build_demo(path)
    remember(path)
    console.say(console.t("cli-demo-built", path=str(path)))
    key_file, passphrase_file = demo_key_files(path)
    console.say(
        console.t("demo-key-made", officer=APPROVER, path=str(key_file), passphrase_file=str(passphrase_file))
    )
    return EXIT_OK


# --------------------------------------------------------------------------- evidence


def _parse_date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError("bad-date", option=option, value=text) from None


def cmd_import(args: argparse.Namespace, console: Console) -> int:
    from reviewer.cli.progress import TerminalProgress
    from reviewer.core.errors import InputRefused
    from reviewer.services import evidence

    if args.registry and (args.operator or args.industry):
        raise UsageError("registry-or-operator")
    if bool(args.operator) != bool(args.industry):
        raise UsageError("operator-needs-industry")
    if args.format is not None:  # an unknown --format is named before any file is read
        from reviewer import importers

        importers.module_for(args.format)
    options = evidence.ImportOptions(
        format=args.format,
        model=args.model,
        effective_date=_parse_date(args.effective_date, "--effective-date"),
        operator=args.operator,
        industry=args.industry,
        registry=args.registry,
        encoding=args.encoding,
        sheet=args.sheet,
    )
    worst = EXIT_OK
    with opened(args) as db:
        for path in args.files:
            bar = TerminalProgress(console.err, path.name, enabled=console.interactive)
            try:
                result = evidence.import_file(db, path, options, progress=bar.update)
            except InputRefused as exc:
                bar.close()
                console.refused(exc)
                console.say(
                    messages.counted(
                        "import-refused", console.lang, exc.total, file=path.name, total=exc.total
                    )
                )
                worst = EXIT_REFUSED
                continue
            except Refused as exc:
                bar.close()
                console.error_at(path.name, exc.code, exc.key, **exc.params)
                worst = EXIT_REFUSED
                continue
            bar.close()
            key = "import-skipped" if result.outcome is evidence.Outcome.SKIPPED else "import-done"
            console.say(
                messages.counted(
                    key,
                    console.lang,
                    result.records,
                    file=path.name,
                    format=result.format,
                    records=result.records,
                    batch=result.batch_id,
                    superseded=result.superseded,
                )
                # SPEC §4: say which encoding was used, so a person can see a misreading
                + (
                    ""
                    if result.encoding is None
                    else " " + console.t("import-encoding", encoding=result.encoding)
                )
            )
    return worst


def cmd_imports(args: argparse.Namespace, console: Console) -> int:
    import json

    from reviewer.services import evidence

    with opened(args) as db:
        if args.action == "remove":
            if args.batch is None:
                raise UsageError("imports-remove-needs-batch")
            count = evidence.remove_batch(db, args.batch)
            console.say(
                messages.counted("import-removed", console.lang, count, batch=args.batch, records=count)
            )
            return EXIT_OK
        rows = evidence.batches(db)
    if args.json:
        console.say(
            json.dumps(
                [
                    vars(v.batch)
                    | {
                        "options": json.loads(v.batch.options_json),
                        "after_signoff": list(v.after_signoff),
                        "disclosed": list(v.disclosed),
                        "disclosed_partly": list(v.disclosed_partly),
                    }
                    for v in rows
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return EXIT_OK
    for v in rows:
        b = v.batch
        late = (
            "  " + console.t("after-signoff", fys=", ".join(str(fy) for fy in v.after_signoff))
            if v.after_signoff
            else ""
        )
        shown = "".join(
            "  " + console.t(key, fys=", ".join(str(fy) for fy in fys))
            for key, fys in (("batch-disclosed", v.disclosed), ("batch-disclosed-partly", v.disclosed_partly))
            if fys
        )
        console.say(
            f"{b.id:>5}  {b.imported_at[:19]}  {b.format:<22} {b.record_count:>9}  {b.file_name}"
            f"  {b.sha256[:12]}  {b.encoding or ''}{late}{shown}"
        )
    if not rows:
        console.say(console.t("imports-none"))
    return EXIT_OK


def cmd_attach(args: argparse.Namespace, console: Console) -> int:
    from reviewer.core.errors import InputRefused
    from reviewer.services import documents

    worst = EXIT_OK
    with opened(args) as db:
        for path in args.files:
            try:
                done = documents.attach(db, args.milestone, path)
            except InputRefused as exc:
                console.refused(exc)
                worst = EXIT_REFUSED
                continue
            key = "attach-skipped" if done.skipped else "attach-done"
            console.say(console.t(key, file=done.file_name, id=done.evidence_id, milestone=args.milestone))
    return worst


def cmd_evidence(args: argparse.Namespace, console: Console) -> int:
    from reviewer.services import documents

    effective = _parse_date(args.effective_date, "--effective-date")
    assert effective is not None  # cmd_lists.cmd_evidence checks it is given
    with opened(args) as db:
        eid = documents.add_manual(
            db, args.milestone, value=args.value, unit=args.unit, effective_date=effective, source=args.source
        )
    console.say(console.t("manual-added", id=eid, milestone=args.milestone))
    return EXIT_OK


# --------------------------------------------------------------------------- evaluation


def cmd_status(args: argparse.Namespace, console: Console) -> int:
    import json

    from reviewer.services import evaluation, lists, sealing

    with opened(args) as db:
        data = evaluation.fy_status_json(db, args.fy)
        criteria = lists.criterion_labels(db, console.lang)
        late = sealing.after_signoff_records(db, args.fy)
        stale = lists.stale_redactions(db, args.fy)
    if late is not None:  # a signed FY: evidence added since changes nothing signed (SPEC §7, §8)
        data["after_signoff_records"] = late
    if stale:  # public texts set for an earlier text of their comment: withheld until reviewed
        data["redactions_out_of_date"] = stale
    if args.json:
        console.say(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    for line in status_table(data, console, criteria):
        console.say(line)
    if late:
        console.say(messages.counted("after-signoff-records", console.lang, late, fy=args.fy, count=late))
    if stale:
        ids = ", ".join(str(i) for i in stale)
        console.say(
            messages.counted(
                "redactions-stale", console.lang, len(stale), fy=args.fy, count=len(stale), ids=ids
            )
        )
    return EXIT_OK


def _num(value: object) -> str:
    """A measured value or target as people write it: 20,000 not 2e+04, 0.664, 2.6667."""
    if value is None:
        return "-"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.4g}"
    return str(value)


def _width(text: str) -> int:
    """Columns a terminal gives `text`: East Asian wide and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    """`text` padded to `width` terminal columns (Japanese labels are two columns a character)."""
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def status_table(
    data: dict[str, object], console: Console, criteria: dict[str, str] | None = None
) -> list[str]:
    """The plain `status` form: a readable table of milestones, criteria and conditions.

    Labels are in the console's language: statuses, rule kinds, and criteria by the plan's
    names (`criteria`: code → name); a criterion rated by fewer than three raters says so, as
    the report does.
    """
    criteria = criteria or {}
    wide = max([20] + [_width(name) + 1 for name in criteria.values()])
    t = console.t
    wa = data["weighted_achievement"]
    lines = [
        t(
            "status-head",
            program=data["program"],
            fy=data["fy"],
            signed=t("signed") if data["signed"] else t("unsigned"),
        ),
        t("status-achievement", value="-" if wa is None else f"{float(str(wa)):.1%}"),
        "",
        " ".join(
            (
                _pad(t("col-milestone"), 14),
                _pad(t("col-rule"), 12),
                _pad(t("col-status"), 16),
                _pad(t("col-committee"), 14),
                _pad(t("col-value"), 10, right=True),
                _pad(t("col-target"), 10, right=True),
                " " + t("col-evidence"),
            )
        ),
    ]
    for m in data["milestones"]:  # type: ignore[attr-defined]
        status = t("status-" + m["status"])
        if m["self_reported"]:
            status += "*"
        committee = t("status-" + m["committee_status"]) if m["committee_status"] else ""
        evidence = ",".join(str(i) for i in m["evidence"][:8]) + ("…" if len(m["evidence"]) > 8 else "")
        lines.append(
            " ".join(
                (
                    _pad(m["code"], 14),
                    _pad(t("rule-kind-" + m["rule"]) if m["rule"] else "-", 12),
                    _pad(status, 16),
                    _pad(committee, 14),
                    _pad(_num(m["value"]), 10, right=True),
                    _pad(_num(m["target"]), 10, right=True),
                    " " + evidence,
                )
            )
        )
    lines += [
        "",
        t("self-reported-note"),
        "",
        f"{_pad(t('col-criterion'), wide)} {_pad(t('col-mean'), 6, right=True)} {'n':>3}  A  B  C  D",
    ]
    for c in data["criteria"]:  # type: ignore[attr-defined]
        mean = "-" if c["mean"] is None else f"{c['mean']:.2f}"
        counts = "  ".join(str(c["counts"][g]) for g in "ABCD")
        flags = [t("flagged")] if c["flagged"] else []
        if 0 < c["n"] < 3:
            flags.append(t("report-few-raters"))
        name = criteria.get(c["code"], c["code"])
        lines.append(f"{_pad(name, wide)} {mean:>6} {c['n']:>3}  {counts}  {'; '.join(flags)}".rstrip())
    conditions = data["conditions"]
    if conditions:
        lines += ["", t("status-conditions")]
        for cond in conditions:  # type: ignore[attr-defined]
            lines.append(
                f"  [{cond['id']}] {cond['due']}  {t('condition-' + cond['status'])}  {cond['text']}"
            )
    return lines


HANDLERS: dict[str, Handler] = {
    "attach": cmd_attach,
    "evidence": cmd_evidence,
    "status": cmd_status,
    "import": cmd_import,
    "imports": cmd_imports,
    "init": cmd_init,
    "plan": cmd_plan,
    "demo": cmd_demo,
}

from reviewer.cli import cmd_assess  # noqa: E402  (each area's handlers are merged in here)

HANDLERS.update(cmd_assess.HANDLERS)

from reviewer.cli import cmd_decide  # noqa: E402

HANDLERS.update(cmd_decide.HANDLERS)

from reviewer.cli import cmd_packages  # noqa: E402

HANDLERS.update(cmd_packages.HANDLERS)

from reviewer.cli import cmd_report  # noqa: E402

HANDLERS.update(cmd_report.HANDLERS)

from reviewer.cli import cmd_keys  # noqa: E402

HANDLERS.update(cmd_keys.HANDLERS)

from reviewer.cli import cmd_lists  # noqa: E402

HANDLERS.update(cmd_lists.HANDLERS)

from reviewer.cli import cmd_disclose  # noqa: E402

HANDLERS.update(cmd_disclose.HANDLERS)

__all__ = ["EXIT_OK", "EXIT_REFUSED", "HANDLERS"]
