"""`report` (render and issue the decision PDF) and `verify FILE.pdf` (was it issued here?)."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from reviewer.cli import EXIT_OK, EXIT_REFUSED, Console
from reviewer.cli.commands import Handler, opened
from reviewer.core.errors import Refused


def cmd_report(args: argparse.Namespace, console: Console) -> int:
    """Render the FY's report; the file appears only when complete (the worker renames it)."""
    from reviewer.cli.cmd_keys import key_from_args
    from reviewer.cli.progress import TerminalProgress
    from reviewer.reports.render import fiscal_year
    from reviewer.services import reporting

    out = args.output
    key = key_from_args(args, console)
    bar = TerminalProgress(console.err, console.t("report-progress"), enabled=console.interactive)
    try:
        with opened(args) as db:
            issued = reporting.render_report(
                db, args.fy, console.lang, args.edition, out, progress=bar.update, key=key
            )
    finally:
        bar.close()
    console.say(
        console.t(
            "report-written",
            path=str(out),
            fy=fiscal_year(args.fy, console.lang),
            edition=console.t("report-edition-" + args.edition),
            state=console.t("report-final" if issued.signed else "report-draft"),
            pages=issued.pages,
            sha=issued.sha256,
        )
    )
    if key is not None:
        console.say(console.t("report-signed-by-key", fingerprint=key.info.fingerprint))
    return EXIT_OK


def _refuse_not_regular(path: Path) -> None:
    """Refuse (E-VERIFY-PDF) a FIFO, a device or a folder given as the PDF, from its `stat`:
    reading a FIFO waits for a writer for ever, /dev/zero never ends."""
    import os

    from reviewer import messages
    from reviewer.core.files import not_regular

    try:
        kind = not_regular(os.stat(path).st_mode)
    except OSError:
        return  # nothing there, or no way in: reading it says why
    if kind is not None:
        said = "reason-path-is-folder" if kind == "folder" else "reason-path-not-regular"
        raise Refused("E-VERIFY-PDF", path=str(path), reason=messages.phrase(said, kind=kind))


def verify_pdf_command(args: argparse.Namespace, console: Console) -> int:
    """`verify FILE.pdf [--cert CERT.pem]`: 0 when its PAdES signature holds (by that certificate)
    and, with a database, this database issued the file and its decision hash holds; else 1.

    A signed PDF, or any with --cert, is checked without a database unless --db is given: then
    no database is opened or created."""
    from reviewer.cli.cmd_keys import check_pdf_signature, pinned_certificates
    from reviewer.reports.render import date, fiscal_year
    from reviewer.services import reporting

    path = args.pdf
    _refuse_not_regular(path)
    pinned = pinned_certificates(args)
    signature = check_pdf_signature(path, console, pinned)
    if args.db is None and (pinned or signature is not None):
        return EXIT_OK if signature else EXIT_REFUSED
    with opened(args, readonly=True) as db:
        found = reporting.verify_pdf(db, path)
    t = console.t
    if found.issued is None:
        console.say(t("verify-not-issued", path=str(path)))
        if found.claimed.get("fy", "").isdigit():
            fy = fiscal_year(int(found.claimed["fy"]), console.lang)
            console.say(t("verify-claims", fy=fy, hash=found.claimed.get("decision", "?")))
    else:
        issued = found.issued
        when = (
            dt.datetime.fromisoformat(issued.issued_at).astimezone(dt.timezone(dt.timedelta(hours=9))).date()
        )
        console.say(
            t(
                "verify-issued",
                path=str(path),
                date=date(when, console.lang),
                fy=fiscal_year(issued.fy, console.lang),
                lang=issued.lang,
                edition=t("report-edition-" + issued.edition),
                state=t("report-final" if issued.signed else "report-draft"),
            )
        )
    claimed_hash = found.claimed.get("decision", "")
    if found.decision == "ok":
        console.say(t("verify-decision-ok", hash=claimed_hash))
    elif found.decision == "draft":
        console.say(t("verify-draft"))
    elif found.decision == "amended":
        console.say(t("verify-decision-amended", hash=claimed_hash, current="…"))
    elif found.decision == "mismatch":
        console.say(t("verify-decision-mismatch", hash=claimed_hash))
    return EXIT_OK if found.good and signature is not False else EXIT_REFUSED


HANDLERS: dict[str, Handler] = {"report": cmd_report}

__all__ = ["HANDLERS", "cmd_report", "verify_pdf_command"]
