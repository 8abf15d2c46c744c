"""services.sealing: a signed FY reads its seal; a snapshot from before the seal still opens and verifies."""

from __future__ import annotations

import io
import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from reviewer.cli import run
from reviewer.core import seal
from reviewer.services import sealing
from reviewer.services.audit_check import verify_database
from reviewer.services.demo import build_demo
from reviewer.services.report_context import build_context
from reviewer.store.db import open_database

FY = 2026


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sealing") / "demo.db"
    build_demo(path)
    return path


def _copy(src_path: Path, dst_path: Path) -> None:
    src, dst = sqlite3.connect(src_path), sqlite3.connect(dst_path)
    src.backup(dst)
    src.close()
    dst.close()


def _as_version_one(path: Path) -> None:
    """Rewrite FY2026's snapshot as a version before the seal wrote it (status, decision, anchor
    only) with its decision hash, as such a database holds them; triggers recreated as they were."""
    conn = sqlite3.connect(path)
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'"
        " AND tbl_name IN ('snapshot', 'decision', 'decision_signature')"
    ).fetchall()
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    decision_id, content = conn.execute(
        "SELECT s.decision_id, s.content_json FROM snapshot s JOIN decision d ON d.id = s.decision_id"
        " WHERE d.fy = ?",
        [FY],
    ).fetchone()
    old = json.loads(content)
    del old["seal"]
    cur = conn.execute("SELECT * FROM decision WHERE id = ?", [decision_id])
    row = dict(zip([d[0] for d in cur.description], cur.fetchone(), strict=True))
    conditions = [
        {"id": i, "text": t, "due": d}
        for i, t, d in conn.execute(
            "SELECT id, text, due FROM condition WHERE decision_id = ? ORDER BY position", [decision_id]
        )
    ]
    digest = seal.decision_hash(row, conditions, old)
    conn.execute(
        "UPDATE snapshot SET content_json = ? WHERE decision_id = ?", [seal.canonical_json(old), decision_id]
    )
    conn.execute("UPDATE decision SET sha256 = ? WHERE id = ?", [digest, decision_id])
    # a version before the seal had no officer keys either: no key signature, keys learnt later
    conn.execute("DELETE FROM decision_signature WHERE decision_id = ?", [decision_id])
    conn.execute(
        "UPDATE _sqlite_migrations SET applied_at = ? WHERE name = 'm006_officer_keys'",
        ["2099-01-01 00:00:00+00:00"],
    )
    for _name, sql in triggers:
        conn.execute(sql)
    conn.commit()
    conn.close()


def test_a_signed_fy_reads_its_seal_and_it_is_what_the_tables_said(demo: Path, tmp_path: Path) -> None:
    """The sealed path and the live tables read as of the signing time give the same report."""
    legacy = tmp_path / "legacy.db"
    _copy(demo, legacy)
    _as_version_one(legacy)
    db, old = open_database(demo, readonly=True), open_database(legacy, readonly=True)
    try:
        view = sealing.sealed_fy(db, FY)
        assert view.signed and view.sealed and view.chain_head is not None
        assert not sealing.sealed_fy(old, FY).sealed
        for lang in ("ja", "en"):
            for edition in ("internal", "public"):
                a, b = build_context(db, FY, lang, edition), build_context(old, FY, lang, edition)
                # the rewritten snapshot has its own decision hash, which salts the pseudonyms
                assert a.decision is not None and b.decision is not None
                assert replace(a.decision, sha256=None) == replace(b.decision, sha256=None)
                assert sorted((x.ratings, x.comments) for x in a.assessments) == sorted(
                    (x.ratings, x.comments) for x in b.assessments
                )
                assert replace(a, decision=None, assessments=()) == replace(b, decision=None, assessments=())
    finally:
        db.close()
        old.close()


def test_a_snapshot_from_before_the_seal_verifies_and_says_so(demo: Path, tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.db"
    _copy(demo, legacy)
    _as_version_one(legacy)
    db = open_database(legacy)
    try:
        found = verify_database(db)
    finally:
        db.close()
    assert found.ok and found.unsealed == (FY,) and found.before_keys == (FY,)
    out, err = io.StringIO(), io.StringIO()
    assert run(["--lang", "en", "--db", str(legacy), "verify"], out, err) == 0
    assert "FY 2026 was signed before the full seal" in out.getvalue()


def test_a_draft_reads_the_live_tables_and_prints_no_anchor(demo: Path) -> None:
    db = open_database(demo, readonly=True)
    try:
        view = sealing.sealed_fy(db, 2027)
        ctx = build_context(db, 2027, "en", "internal")
    finally:
        db.close()
    assert not view.signed and view.chain_head is None
    assert ctx.chain_head is None and ctx.chain_count is None and not ctx.signed


def test_the_screens_plan_of_a_signed_fy_is_the_sealed_one(demo: Path, tmp_path: Path) -> None:
    """services.evidence_table.read_plan(db, fy), which the desktop reads, keeps a signed FY's
    titles and names as sealed when the tables are edited around the application."""
    from reviewer.services import evidence_table

    copy = tmp_path / "copy.db"
    _copy(demo, copy)
    conn = sqlite3.connect(copy)
    code = conn.execute("SELECT code FROM milestone WHERE fy = ? ORDER BY id LIMIT 1", [FY]).fetchone()[0]
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'milestone'"
    ).fetchall()
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute("UPDATE milestone SET title_en = 'Easy target' WHERE code = ?", [code])
    conn.execute("UPDATE reviewer SET name = '別人 太郎' WHERE id = 'R01'")
    for _name, sql in triggers:
        conn.execute(sql)
    conn.commit()
    conn.close()
    db = open_database(copy, readonly=True)
    try:
        live = evidence_table.read_plan(db)
        shown = evidence_table.read_plan(db, FY)
        later = evidence_table.read_plan(db, 2027)
    finally:
        db.close()
    title = {m.code: m.title.en for m in shown.milestones}[code]
    assert title != "Easy target" and {m.code: m.title.en for m in live.milestones}[code] == "Easy target"
    assert {r.id: r.name for r in shown.reviewers}["R01"] != "別人 太郎"
    assert later == live  # an unsigned FY shows the live plan
    assert shown.officers == live.officers
