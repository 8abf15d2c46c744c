"""`comments`, `evidence list` and `conditions`: the ids other commands take, never a guess (SPEC §10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import ok, reviewer
from tests.officer_keys import command_line_key

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = DATA / "example"


@pytest.fixture
def example(tmp_path: Path) -> str:
    """The worked example with its fleet file, an ARC result, and a typed-in record for W1."""
    path = str(tmp_path / "program.db")
    ok("--db", path, "init", "--plan", str(EXAMPLE / "plan.yaml"))
    ok("--db", path, "import", str(EXAMPLE / "fleet.csv"))
    ok("--db", path, "import", str(DATA / "decisions" / "better_arc.csv"))
    ok("--db", path, "import", str(DATA / "tabular" / "benchmark.csv"))
    ok(
        "--db", path, "evidence", "add", "--milestone", "W1", "--value", "0.31", "--unit", "ratio",
        "--effective-date", "2027-06-01", "--source", "lab notebook",
    )  # fmt: skip
    return path


def listed(db: str, *options: str) -> list[dict[str, object]]:
    data: list[dict[str, object]] = json.loads(ok("--db", db, "evidence", "list", *options, "--json"))
    return data


def test_evidence_list_json_has_every_field_of_each_kind(example: str) -> None:
    records = listed(example)
    kinds = {r["kind"] for r in records}
    assert kinds == {"fleet_observation", "benchmark_result", "manual"}
    common = {"id", "kind", "batch", "effective_date", "date_assumed", "self_reported", "confidential"}
    common |= {"superseded_by", "disclosed"}
    fleet = next(r for r in records if r["kind"] == "fleet_observation")
    assert set(fleet) == common | {
        "period", "industry", "operator", "robots_deployed", "robots_active", "operating_hours",
        "interventions", "incidents", "first_message", "last_message", "message_count",
    }  # fmt: skip
    assert (fleet["period"], fleet["industry"], fleet["operator"], fleet["robots_active"]) == (
        "2027-04",
        "medical",
        "A",
        70,
    )
    arc = next(r for r in records if r["kind"] == "benchmark_result" and r["benchmark"] == "arc_challenge")
    assert set(arc) == common | {"model", "benchmark", "metric", "filter", "value", "stderr", "n"}
    assert (arc["model"], arc["metric"], arc["value"], arc["effective_date"]) == (
        "acme/robo-1",
        "acc",
        0.35,
        "2027-07-01",
    )
    manual = next(r for r in records if r["kind"] == "manual")
    assert (manual["value"], manual["unit"], manual["source"], manual["batch"]) == (
        0.31,
        "ratio",
        "lab notebook",
        None,
    )
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)


def test_evidence_list_by_milestone_gives_deciding_and_candidate_records(example: str) -> None:
    w1 = listed(example, "--milestone", "W1")
    # the ARC result (deciding and candidate), the manual record typed in for W1; not LIBERO or MMLU
    assert sorted(str(r.get("benchmark") or r["kind"]) for r in w1) == ["arc_challenge", "manual"]
    status = json.loads(ok("--db", example, "status", "--fy", "2027", "--json"))
    deciding = next(m for m in status["milestones"] if m["code"] == "W2")["evidence"]
    w2 = listed(example, "--milestone", "W2")
    assert deciding and set(deciding) <= {r["id"] for r in w2}
    assert {r["industry"] for r in w2} == {"medical"}  # W2 counts medical rows only
    w4 = listed(example, "--milestone", "W4")  # a model rule: its model's results, no release yet
    assert [r["model"] for r in w4] == ["acme/robo-1"]


def test_evidence_list_by_fy_is_the_records_effective_in_it(example: str) -> None:
    in_2027 = listed(example, "--fy", "2027")
    assert in_2027 and all("2027-04-01" <= str(r["effective_date"]) <= "2028-03-31" for r in in_2027)
    assert listed(example, "--fy", "2026") == []
    both = listed(example, "--fy", "2027", "--milestone", "W1")
    assert {r["kind"] for r in both} == {"benchmark_result", "manual"}


def test_evidence_list_text_and_refusals(example: str) -> None:
    out = ok("--lang", "en", "--db", example, "evidence", "list", "--milestone", "W1")
    assert "benchmark result" in out and "lab notebook" in out and out.rstrip().endswith("2 records")
    out = ok("--lang", "ja", "--db", example, "evidence", "list", "--milestone", "W1")
    assert "ベンチマーク結果" in out and "手入力" in out
    code, _out, err = reviewer("--lang", "en", "--db", example, "evidence", "list", "--milestone", "NOPE")
    assert code == 1 and err.startswith("E-NO-MILESTONE") and "NOPE" in err
    code, _out, err = reviewer("--lang", "en", "--db", example, "evidence", "list", "--fy", "1999")
    assert code == 1 and err.startswith("E-NO-FY")
    code, _out, err = reviewer("--lang", "en", "--db", example, "evidence", "add", "--milestone", "W1")
    assert code == 2 and "--value" in err and "--source" in err
    out = ok("--lang", "en", "--db", example, "evidence", "list", "--fy", "2027", "--milestone", "W4")
    assert out.rstrip().endswith("1 record")


@pytest.fixture
def assessed(tmp_path: Path) -> str:
    path = str(tmp_path / "program.db")
    ok("--db", path, "init", "--plan", str(DATA / "assessments" / "plan.yaml"))
    ok("--db", path, "import", str(DATA / "assessments" / "r01_2027.csv"))
    return path


def test_comments_lists_ids_targets_and_responses_without_authors(assessed: str) -> None:
    rows = json.loads(ok("--db", assessed, "comments", "--fy", "2027", "--json"))
    assert rows, "the sheet has comments"
    keys = {"id", "target", "kind", "text", "public_text", "redaction", "response"}
    assert all(set(r) == keys for r in rows)
    assert all(r["redaction"] == "none" and r["public_text"] == r["text"] for r in rows)
    assert "R01" not in json.dumps(rows)  # no authors
    issue = next(r for r in rows if r["target"] == "outcomes" and r["kind"] == "issues")
    assert issue["text"] == "評価データが少ない" and issue["response"] is None
    ok("--db", assessed, "respond", "--fy", "2027", "--comment", str(issue["id"]), "--text", "first")
    ok("--db", assessed, "respond", "--fy", "2027", "--comment", str(issue["id"]), "--text", "newer")
    rows = json.loads(ok("--db", assessed, "comments", "--fy", "2027", "--json"))
    assert next(r for r in rows if r["id"] == issue["id"])["response"] == "newer"
    out = ok("--lang", "ja", "--db", assessed, "comments", "--fy", "2027")
    assert f"[{issue['id']}] outcomes / 問題点" in out and "→ 回答: newer" in out
    out = ok("--lang", "en", "--db", assessed, "comments", "--fy", "2026")
    assert out.strip() == "No comments for FY2026."
    code, _out, err = reviewer("--lang", "en", "--db", assessed, "comments", "--fy", "2031")
    assert code == 1 and err.startswith("E-NO-FY")
    code, _out, err = reviewer("--lang", "en", "--db", assessed, "comments")
    assert code == 2 and "--fy" in err


def test_conditions_lists_status_history_of_the_fy_that_set_them(example: str) -> None:
    out = ok("--lang", "en", "--db", example, "conditions", "--fy", "2026")
    assert out.strip() == "FY2026's decision set no conditions."
    ok(
        "--db", example, "decide", "--fy", "2026", "--outcome", "continue_with_conditions",
        "--funding-jpy", "40000000000", "--rationale", "on track",
        "--condition", "Submit the safety case", "--due", "2027-09-30",
        "--condition", "Name a data steward", "--due", "2027-06-30",
    )  # fmt: skip
    ok("--db", example, "sign", "--fy", "2026", "--by", "O1", *command_line_key(reviewer, example))
    rows = json.loads(ok("--db", example, "conditions", "--fy", "2026", "--json"))
    assert [(r["text"], r["status"], r["history"]) for r in rows] == [
        ("Submit the safety case", "open", []),
        ("Name a data steward", "open", []),
    ]
    first = rows[0]["id"]
    for status, note in (("partially_met", "draft received"), ("met", "final received")):
        ok(
            "--db",
            example,
            "condition",
            "--fy",
            "2026",
            "--id",
            str(first),
            "--status",
            status,
            "--note",
            note,
        )
    rows = json.loads(ok("--db", example, "conditions", "--fy", "2026", "--json"))
    assert rows[0]["status"] == "met" and rows[0]["note"] == "final received"
    assert [(h["status"], h["note"]) for h in rows[0]["history"]] == [
        ("partially_met", "draft received"),
        ("met", "final received"),
    ]
    assert rows[0]["fy"] == 2026 and rows[0]["due"] == "2027-09-30"
    # the ids are the ones `status --fy 2027` and `condition` use
    status = json.loads(ok("--db", example, "status", "--fy", "2027", "--json"))
    assert [c["id"] for c in status["conditions"]] == [r["id"] for r in rows]
    out = ok("--lang", "ja", "--db", example, "conditions", "--fy", "2026")
    assert f"[{first}] 期限 2027-09-30  充足  Submit the safety case" in out
    assert "一部充足" in out and "draft received" in out
