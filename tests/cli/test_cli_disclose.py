"""`disclose` and `comment redact` on the command line (SPEC §8, §10): what they say in both
languages, what they refuse after sign-off, and that each change is in the audit log."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli_runner import ok, reviewer
from tests.officer_keys import command_line_key

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = DATA / "example"


@pytest.fixture
def example(tmp_path: Path) -> str:
    """The worked example with its fleet file and an ARC result, and a reviewer's sheet for FY2027."""
    path = str(tmp_path / "program.db")
    ok("--db", path, "init", "--plan", str(EXAMPLE / "plan.yaml"))
    ok("--db", path, "import", str(EXAMPLE / "fleet.csv"))
    ok("--db", path, "import", str(DATA / "decisions" / "better_arc.csv"))
    return path


def _audit(db: str) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT entity_key, action, new_json FROM audit_log WHERE entity = 'disclosure' ORDER BY id"
        ).fetchall()
    finally:
        conn.close()
    return [(str(k), str(a), str(n)) for k, a, n in rows]


def test_disclose_a_milestone_a_batch_and_undo_in_both_languages(example: str) -> None:
    status = json.loads(ok("--db", example, "status", "--fy", "2027", "--json"))
    ids = next(m["evidence"] for m in status["milestones"] if m["code"] == "W1")
    assert len(ids) == 1
    out = ok("--lang", "en", "--db", example, "disclose", "--fy", "2027", "--milestone", "W1")
    assert out.strip() == f"Disclosed in FY2027's public edition: evidence {ids[0]}"
    out = ok("--lang", "ja", "--db", example, "disclose", "--fy", "2027", "--milestone", "W1")
    assert out.strip() == f"変更はありません（2027年度の公開版で、すでにそのとおりです: 証拠 {ids[0]}）。"
    out = ok("--lang", "ja", "--db", example, "disclose", "--fy", "2027", "--batch", "1")
    assert out.strip() == "2027年度の公開版で開示しました: バッチ 1"
    out = ok("--lang", "en", "--db", example, "disclose", "--fy", "2027", "--batch", "1", "--undo")
    assert out.strip() == "No longer disclosed in FY2027's public edition: batch 1"
    assert [(k, a) for k, a, _n in _audit(example)] == [
        (f"2027:evidence:{ids[0]}", "insert"),
        ("2027:batch:1", "insert"),
        ("2027:batch:1", "delete"),
    ]
    records = json.loads(ok("--db", example, "evidence", "list", "--milestone", "W1", "--json"))
    assert any(r["id"] == ids[0] for r in records)


def test_disclose_refusals_and_usage(example: str) -> None:
    for argv, code_, start in (
        (("--fy", "2027", "--batch", "99"), 1, "E-NO-BATCH There is no batch 99."),
        (("--fy", "2027", "--evidence", "999999"), 1, "E-NO-EVIDENCE"),
        (("--fy", "2027", "--document", "1"), 1, "E-NO-DOCUMENT"),
        (("--fy", "2027", "--milestone", "NOPE"), 1, "E-NO-MILESTONE"),
        (("--fy", "1999", "--batch", "1"), 1, "E-NO-FY"),
        (("--fy", "2027",), 2, "usage: reviewer disclose"),
        (("--fy", "2027", "--batch", "1", "--evidence", "1"), 2, "usage: reviewer disclose"),
    ):  # fmt: skip
        code, _out, err = reviewer("--lang", "en", "--db", example, "disclose", *argv)
        assert code == code_ and err.startswith(start), (argv, err)
    assert _audit(example) == []


def test_disclose_and_redact_are_refused_after_sign_off_naming_the_fy(example: str) -> None:
    ok("--db", example, "disclose", "--fy", "2026", "--batch", "1")
    ok(
        "--db", example, "decide", "--fy", "2026", "--outcome", "continue",
        "--funding-jpy", "40000000000", "--rationale", "on track",
    )  # fmt: skip
    ok("--db", example, "sign", "--fy", "2026", "--by", "O1", *command_line_key(reviewer, example))
    for lang, expected in (
        ("en", "E-DISCLOSE-SIGNED FY2026 is signed: what its public edition discloses can change only"),
        ("ja", "E-DISCLOSE-SIGNED 2026年度は署名済みです。"),
    ):
        for extra in ((), ("--undo",)):
            code, _out, err = reviewer(
                "--lang", lang, "--db", example, "disclose", "--fy", "2026", "--batch", "1", *extra
            )
            assert code == 1 and err.startswith(expected), err
    assert [a for _k, a, _n in _audit(example)] == ["insert"]
    code, out, err = reviewer("--lang", "en", "--db", example, "verify")
    assert code == 0, out + err


@pytest.fixture
def assessed(tmp_path: Path) -> str:
    path = str(tmp_path / "program.db")
    ok("--db", path, "init", "--plan", str(DATA / "assessments" / "plan.yaml"))
    ok("--db", path, "import", str(DATA / "assessments" / "r01_2027.csv"))
    return path


def test_comment_redact_sets_the_public_text_comments_shows(assessed: str) -> None:
    rows = json.loads(ok("--db", assessed, "comments", "--fy", "2027", "--json"))
    issue = next(r for r in rows if r["target"] == "outcomes" and r["kind"] == "issues")
    cid = str(issue["id"])
    out = ok(
        "--lang", "en", "--db", assessed, "comment", "redact", "--id", cid, "--text", "評価データを確認中"
    )
    assert out.strip() == f"Set the public text of comment {cid}."
    rows = json.loads(ok("--db", assessed, "comments", "--fy", "2027", "--json"))
    shown = next(r for r in rows if r["id"] == issue["id"])
    assert (shown["text"], shown["public_text"]) == ("評価データが少ない", "評価データを確認中")
    out = ok("--lang", "ja", "--db", assessed, "comments", "--fy", "2027")
    assert "公開用: 評価データを確認中" in out
    out = ok(
        "--lang", "ja", "--db", assessed, "comment", "redact", "--id", cid, "--text", "評価データを確認中"
    )
    assert out.strip() == f"変更はありません（コメント {cid} の公開用の文はすでにそのとおりです）。"
    out = ok(
        "--lang", "en", "--db", assessed, "comment", "redact", "--id", cid, "--text", "評価データが少ない"
    )
    assert out.strip() == f"Comment {cid} prints as written in the public edition too."
    for text, start in (("", "E-EMPTY-PUBLIC-TEXT"), ("x" * 10_001, "E-TOO-LONG text: 10001 characters")):
        code, _out, err = reviewer(
            "--lang", "en", "--db", assessed, "comment", "redact", "--id", cid, "--text", text
        )
        assert code == 1 and err.startswith(start), err
    code, _out, err = reviewer(
        "--lang", "en", "--db", assessed, "comment", "redact", "--id", "999", "--text", "x"
    )
    assert code == 1 and err.startswith("E-NO-COMMENT-ID There is no comment 999.")
    code, _out, err = reviewer("--lang", "en", "--db", assessed, "comment", "redact", "--id", cid)
    assert code == 2 and "--text" in err


def test_evidence_list_and_imports_say_where_each_record_and_batch_is_disclosed(example: str) -> None:
    """`disclosed` is always a list of FYs (never a boolean that changes with `--fy`): the FYs whose
    public edition prints the record by a disclosure of its own or of its batch; a batch lists the
    FYs that disclose all of it and, apart, those that disclose some of its records."""
    fleet = [r for r in json.loads(ok("--db", example, "evidence", "list", "--json")) if r["batch"] == 1]
    first, second = fleet[0]["id"], fleet[1]["id"]
    assert all(r["disclosed"] == [] for r in fleet)
    ok("--db", example, "disclose", "--fy", "2027", "--evidence", str(first))
    ok("--db", example, "disclose", "--fy", "2026", "--batch", "1")
    records = {r["id"]: r for r in json.loads(ok("--db", example, "evidence", "list", "--json"))}
    assert records[first]["disclosed"] == [2026, 2027]
    assert records[second]["disclosed"] == [2026]
    assert all(r["disclosed"] == [] for r in records.values() if r["batch"] == 2)
    in_2027 = {
        r["id"]: r for r in json.loads(ok("--db", example, "evidence", "list", "--fy", "2027", "--json"))
    }
    assert in_2027[first]["disclosed"] == [2026, 2027] and in_2027[second]["disclosed"] == [2026]
    batches = {b["id"]: b for b in json.loads(ok("--db", example, "imports", "--json"))}
    assert (batches[1]["disclosed"], batches[1]["disclosed_partly"]) == ([2026], [2027])
    assert (batches[2]["disclosed"], batches[2]["disclosed_partly"]) == ([], [])
    text = ok("--lang", "en", "--db", example, "evidence", "list", "--fy", "2027")
    line = next(x for x in text.splitlines() if x.split()[0] == str(first))
    assert "disclosed (FY2026, 2027)" in line
    text = ok("--lang", "ja", "--db", example, "imports")
    line = next(x for x in text.splitlines() if x.split()[0] == "1")
    assert "公開版で開示（2026年度）" in line and "公開版で一部を開示（2027年度）" in line
    # every record of batch 1 disclosed one by one for 2027: the whole batch counts as disclosed
    for r in fleet:
        ok("--db", example, "disclose", "--fy", "2027", "--evidence", str(r["id"]))
    batches = {b["id"]: b for b in json.loads(ok("--db", example, "imports", "--json"))}
    assert (batches[1]["disclosed"], batches[1]["disclosed_partly"]) == ([2026, 2027], [])
    ok("--db", example, "disclose", "--fy", "2026", "--batch", "1", "--undo")
    records = {r["id"]: r for r in json.loads(ok("--db", example, "evidence", "list", "--json"))}
    assert records[second]["disclosed"] == [2027]
    text = ok("--lang", "en", "--db", example, "imports")
    assert "partly" not in text and "disclosed (FY2027)" in text
