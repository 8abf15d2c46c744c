"""Issuing the decision report: context → HTML → a child process writes the PDF → the issue is recorded;
and `verify FILE.pdf`, which answers from the record without re-rendering."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from reviewer import messages
from reviewer.core.errors import Refused
from reviewer.reports import attachment
from reviewer.reports.context import Edition, ReportContext
from reviewer.reports.render import fiscal_year, render_html
from reviewer.services import signing
from reviewer.services.report_context import build_context, pinned_instant
from reviewer.store import audit
from reviewer.store import report_queries as rq
from reviewer.store.db import (
    database_file,
    output_not_a_file,
    patient,
    refuse_output_over_database,
    touches_database,
    write_transaction,
)

__all__ = ["IssuedReport", "Verification", "build_context", "render_report", "verify_pdf"]

Progress = Callable[[int, int], None]
ATTACHMENT_NAME = "report-data.json"
# The PDF /ID carries this marker, the FY and the decision hash, where verify reads them back.
ID_PREFIX = "sgr1"
_ID_RE = re.compile(rb"/ID\s*\[\s*\((" + ID_PREFIX.encode() + rb";[^)]{0,300})\)")
RENDER_TIMEOUT_S = 1800
# How long recording an issued report waits for another writer (a long import) to finish.
RECORD_WAIT_MS = 10 * 60 * 1000
_STEPS = 4


ISSUE_ENTITY = "issued_report"


def issue_record(
    *,
    fy: int,
    lang: str,
    edition: str,
    sha256: str,
    file_name: str,
    signed: bool,
    decision_sha256: str | None,
) -> dict[str, Any]:
    """What an issue's audit entry holds: the issued_report row's columns that `verify FILE.pdf` reads."""
    return {
        "fy": fy,
        "lang": lang,
        "edition": edition,
        "sha256": sha256,
        "file_name": file_name,
        "signed": signed,
        "decision_sha256": decision_sha256,
    }


@dataclass(frozen=True)
class IssuedReport:
    path: Path
    sha256: str
    pages: int
    signed: bool
    decision_sha256: str | None
    issue_id: int


def identifier(ctx: ReportContext) -> str:
    """The PDF /ID of a report: product marker, FY, language, edition and decision hash (or draft)."""
    decision = ctx.decision_hash or "draft"
    return f"{ID_PREFIX};fy={ctx.fy};lang={ctx.lang};edition={ctx.edition.value};decision={decision}"


def _job_env(source_date_epoch: int | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    if source_date_epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    return env


def run_worker(job: dict[str, object], source_date_epoch: int | None) -> int:
    """Run the render child process on one job; returns the page count.

    Raises Refused with the worker's code (E-REPORT-FETCH, E-REPORT-OUTPUT, E-REPORT-RENDER).
    """
    proc = subprocess.run(
        [sys.executable, "-m", "reviewer.reports.worker"],
        input=json.dumps(job).encode("utf-8"),
        capture_output=True,
        env=_job_env(source_date_epoch),
        timeout=RENDER_TIMEOUT_S,
        check=False,
    )
    lines = proc.stdout.decode("utf-8", "replace").strip().splitlines()
    try:
        answer = json.loads(lines[-1])
    except (IndexError, json.JSONDecodeError):
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        raise Refused("E-REPORT-RENDER", reason=tail[0]) from None
    if not answer.get("ok"):
        raise Refused(answer["code"], **answer.get("params", {}))
    return int(answer["pages"])


def render_report(
    db: sqlite_utils.Database,
    fy: int,
    lang: str,
    edition: str | Edition,
    out: Path,
    *,
    progress: Progress | None = None,
    reproducible: bool = True,
    templates: Path | None = None,
    assets: Path | None = None,
    actor: str | None = None,
    key: signing.OfficerKey | None = None,
) -> IssuedReport:
    """Render the FY's report to `out` in a child process and record the issue.

    The PDF appears at `out` only when complete (the worker renames a temporary file). Dates
    and SOURCE_DATE_EPOCH are pinned to the signing time (a draft: the gate date), so a signed
    FY renders to the same bytes whatever was imported since; `reproducible=False` pins
    nothing (no SOURCE_DATE_EPOCH, dates now): the negative control of that test. `templates`
    and `assets` name other folders than the product's (tests of the sandbox). Recording the
    issue appends an audit entry (SHA-256, FY, language, edition); a draft prints no chain
    anchor and a signed FY prints its sealed one, so issuing changes nothing a report prints.
    With `key` (a signed FY, the key whose certificate signed its decision) the PDF also gets a
    PAdES signature timed at the sign-off (services.signing): the same bytes on every issue.
    Raises Refused (E-NO-FY, E-REPORT-TEMPLATE, E-REPORT-FETCH, E-REPORT-OUTPUT, E-REPORT-RENDER,
    E-REPORT-KEY-UNSIGNED, E-KEY-NOT-SIGNER, E-PDF-SIGN).
    """

    def step(n: int) -> None:
        if progress is not None:
            progress(n, _STEPS)

    out = Path(out)
    refuse_output_over_database(db, out)
    kind = output_not_a_file(out)
    if kind is not None:
        said = "reason-path-is-folder" if kind == "folder" else "reason-path-not-regular"
        reason = messages.phrase(said, kind=kind)
        raise Refused("E-REPORT-OUTPUT", path=str(out), reason=reason)
    if not out.parent.is_dir():
        raise Refused("E-REPORT-OUTPUT", path=str(out), reason=messages.phrase("reason-no-such-folder"))
    step(0)
    ctx = build_context(db, fy, lang, edition)
    ctx = dataclasses.replace(ctx, key_signature=signing.report_signature(db, fy, ctx.signed, key, out.name))
    step(1)
    html = render_html(ctx, templates)
    step(2)
    decision = rq.decision(db, fy)
    pinned = pinned_instant(decision.signed_at if decision and ctx.signed else None, ctx.gate_date)
    epoch: int | None = int(pinned.timestamp())
    if not reproducible:
        # the negative control: nothing pinned, as a naive render would be
        pinned, epoch = dt.datetime.now(dt.UTC), None
    with tempfile.TemporaryDirectory(prefix="reviewer-report-") as work:
        html_path = Path(work, "report.html")
        html_path.write_text(html, encoding="utf-8")
        data_path = Path(work, ATTACHMENT_NAME)
        data_path.write_bytes(attachment.report_json(ctx))
        unsigned = Path(work, "unsigned.pdf")
        job: dict[str, object] = {
            "html": str(html_path),
            "out": str(out if key is None else unsigned),
            "assets": None if assets is None else str(assets),
            "source_date_epoch": epoch,
            "metadata": {
                "title": f"{ctx.program_name} {fiscal_year(fy, lang)} {messages.text('report-title', lang)}",
                "lang": lang,
                "created": pinned.isoformat(),
                "authors": [ctx.implementer],
                "description": messages.text("report-edition-" + ctx.edition.value, lang),
                "keywords": [ctx.program_code, f"FY{fy}", ctx.edition.value],
                "identifier": identifier(ctx),
            },
            "attachments": [
                {
                    "name": ATTACHMENT_NAME,
                    "path": str(data_path),
                    "description": messages.text(
                        "report-attachment-description", lang, fy=fiscal_year(fy, lang)
                    ),
                    "relationship": "Source",
                }
            ],
        }
        pages = run_worker(job, epoch)
        if key is not None:
            _write_whole(out, signing.sign_report(unsigned.read_bytes(), key, pinned, out.name))
    step(3)
    sha = hashlib.sha256(out.read_bytes()).hexdigest()
    op = audit.Operation(actor=actor or audit.os_user())
    # The PDF exists by now; an import holding the write lock must not cost the issue record.
    with patient(db, RECORD_WAIT_MS), write_transaction(db):
        head, count = audit.head(db)
        record = issue_record(
            fy=fy,
            lang=lang,
            edition=ctx.edition.value,
            sha256=sha,
            file_name=out.name,
            signed=ctx.signed,
            decision_sha256=ctx.decision_hash,
        )
        issue_id = rq.record_issued(
            db, **record, chain_head=head, chain_count=count, issued_by=op.actor, issued_at=op.at
        )
        # the issue is chained (never printed: a draft prints no anchor, so it re-renders the same)
        audit.append(db, op, ISSUE_ENTITY, issue_id, "insert", None, record)
    step(_STEPS)
    return IssuedReport(out, sha, pages, ctx.signed, ctx.decision_hash, issue_id)


def _write_whole(out: Path, data: bytes) -> None:
    """Write `data` to `out` through a temporary file beside it: complete or not at all."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise Refused("E-REPORT-OUTPUT", path=str(out), reason=exc.strerror or str(exc)) from exc


# --------------------------------------------------------------------------- verify FILE.pdf


@dataclass(frozen=True)
class Verification:
    """What `verify FILE.pdf` found. `decision` is ok, amended, mismatch, draft or None (no claim)."""

    path: Path
    sha256: str
    issued: rq.IssuedRow | None
    claimed: dict[str, str]
    decision: str | None

    @property
    def good(self) -> bool:
        return self.issued is not None and self.decision in ("ok", "draft")


def read_identifier(data: bytes) -> dict[str, str]:
    """The fields of a report's PDF /ID (fy, lang, edition, decision), {} if it has none of ours."""
    found = _ID_RE.findall(data[-4096:]) or _ID_RE.findall(data)
    if not found:
        return {}
    fields = found[-1].decode("ascii", "replace").split(";")[1:]
    return dict(f.split("=", 1) for f in fields if "=" in f)


def verify_pdf(db: sqlite_utils.Database, path: Path) -> Verification:
    """Whether this database issued the file (by its SHA-256, with the issue's audit entry) and
    whether its embedded decision hash still names the FY's signed decision. Never re-renders.
    Raises Refused E-VERIFY-PDF, E-IMPORT-SELF."""
    own = database_file(db)
    if own is not None and touches_database(own, Path(path)):  # reading it would drop our locks
        raise Refused("E-IMPORT-SELF", path=str(path))
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise Refused("E-VERIFY-PDF", path=str(path), reason=exc.strerror or str(exc)) from exc
    sha = hashlib.sha256(data).hexdigest()
    # an issued_report row counts only with its audit entry: a row inserted by raw SQL has none
    issued = [r for r in rq.issued_with_sha(db, sha) if rq.issue_is_audited(db, r.id, sha)]
    claimed = read_identifier(data)
    decision: str | None = None
    claimed_hash = claimed.get("decision")
    if claimed_hash == "draft":
        decision = "draft"
    elif claimed_hash and claimed.get("fy", "").isdigit():
        hashes = rq.signed_decision_hashes(db, int(claimed["fy"]))
        if hashes and hashes[0] == claimed_hash:
            decision = "ok"
        elif claimed_hash in hashes:
            decision = "amended"
        else:
            decision = "mismatch"
    return Verification(Path(path), sha, issued[0] if issued else None, claimed, decision)
