"""`comments` and `status` say, in both languages, that a redaction is out of date because its
comment changed after the secretariat set it (SPEC §8, §10), and `comment redact` again clears it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewer import messages
from reviewer.services import disclosure
from reviewer.store.db import open_database
from tests.cli_runner import ok
from tests.reports import builders

ORIGINAL = "Intervention rates in logistics remain high."
REDACTED = "Intervention rates are being reviewed with the operators."
REWRITTEN = "Intervention rates in logistics: 12 per 1,000 h."


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return builders.build_program(tmp_path_factory.mktemp("stale-cli") / "program")


@pytest.fixture
def stale(program: Path, tmp_path: Path) -> tuple[str, int]:
    path = builders.copy_db(program, tmp_path / "copy.db")
    db = open_database(path)
    try:
        (cid,) = db.execute("SELECT id FROM comment WHERE text = ?", [ORIGINAL]).fetchone()
        disclosure.redact_comment(db, int(cid), REDACTED)
        builders.rewrite_r2_issues(db, REWRITTEN)
    finally:
        db.close()
    return str(path), int(cid)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_comments_and_status_say_the_redaction_needs_review(stale: tuple[str, int], lang: str) -> None:
    path, cid = stale
    out = ok("--lang", lang, "--db", path, "comments", "--fy", "2027")
    block = out[out.index(f"[{cid}]") :].split("\n[")[0]
    assert REWRITTEN in block
    assert messages.text("comment-redaction-stale", lang, text=REDACTED) in block
    assert messages.text("comment-public", lang, text=REDACTED) not in block
    listed = json.loads(ok("--db", path, "comments", "--fy", "2027", "--json"))
    (row,) = [c for c in listed if c["id"] == cid]
    assert row["redaction"] == "stale" and row["public_text"] is None
    assert all(c["redaction"] in ("none", "current") for c in listed if c["id"] != cid)
    status = ok("--lang", lang, "--db", path, "status", "--fy", "2027")
    assert messages.counted("redactions-stale", lang, 1, fy=2027, count=1, ids=str(cid)) in status
    data = json.loads(ok("--db", path, "status", "--fy", "2027", "--json"))
    assert data["redactions_out_of_date"] == [cid]
    # reviewed again: nothing to say any more
    ok("--db", path, "comment", "redact", "--id", str(cid), "--text", REDACTED)
    status = ok("--lang", lang, "--db", path, "status", "--fy", "2027")
    assert messages.counted("redactions-stale", lang, 1, fy=2027, count=1, ids=str(cid)) not in status
    assert "redactions_out_of_date" not in json.loads(ok("--db", path, "status", "--fy", "2027", "--json"))
    out = ok("--lang", lang, "--db", path, "comments", "--fy", "2027")
    assert messages.text("comment-public", lang, text=REDACTED) in out
