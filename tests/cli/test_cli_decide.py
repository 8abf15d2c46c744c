"""`decide`, `sign`, `amend`, `condition` and `verify` on the command line: output and exit status."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli_runner import reviewer
from tests.paths import EXAMPLE as EXAMPLE_DIR
from tests.paths import SHAPES

EXAMPLE = EXAMPLE_DIR


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "program.db"
    code, _out, err = reviewer("--db", str(path), "init", "--plan", str(EXAMPLE / "plan.yaml"))
    assert code == 0, err
    return str(path)


@pytest.fixture
def key(db: str, tmp_path: Path) -> tuple[str, ...]:
    """The options that give O1's key to `sign`: made and registered by `keys new`."""
    passphrase = tmp_path / "passphrase.txt"
    passphrase.write_text("s3cret phrase\n", encoding="utf-8")
    p12 = tmp_path / "o1.p12"
    code, _out, err = reviewer(
        "--db", db, "keys", "new", "--officer", "O1", "-o", str(p12), "--passphrase-file", str(passphrase)
    )
    assert code == 0, err
    return ("--key", str(p12), "--passphrase-file", str(passphrase))


def decide(db: str, *extra: str, lang: str = "en") -> tuple[int, str, str]:
    return reviewer("--lang", lang, "--db", db, "decide", "--fy", "2026", "--rationale", "on track", *extra)


def test_decide_sign_condition_verify(db: str, key: tuple[str, ...]) -> None:
    code, out, _ = decide(
        db, "--outcome", "continue_with_conditions", "--funding-jpy", "50000000000",
        "--condition", "Submit the safety case", "--due", "2027-09-30",
    )  # fmt: skip
    assert code == 0 and "decision 1" in out
    code, out, _ = reviewer("--lang", "en", "--db", db, "sign", "--fy", "2026", "--by", "O1", *key)
    assert code == 0 and "signed by O1" in out
    code, out, _ = reviewer("--lang", "en", "--db", db, "status", "--fy", "2027", "--json")
    condition = json.loads(out)["conditions"][0]
    assert condition["status"] == "open" and condition["text"] == "Submit the safety case"
    code, out, _ = reviewer(
        "--lang", "en", "--db", db, "condition", "--fy", "2026", "--id", str(condition["id"]),
        "--status", "met", "--note", "received",
    )  # fmt: skip
    assert code == 0
    _, out, _ = reviewer("--db", db, "status", "--fy", "2027", "--json")
    assert json.loads(out)["conditions"][0]["status"] == "met"
    code, out, _ = reviewer("--lang", "en", "--db", db, "verify")
    assert code == 0 and "All is well" in out
    code, out, _ = reviewer(
        "--lang", "en", "--db", db, "amend", "--fy", "2026", "--outcome", "continue", "--funding-jpy", "1",
        "--rationale", "smaller", "--reason", "budget cut",
    )  # fmt: skip
    assert code == 0 and "amendment 2" in out
    assert reviewer("--db", db, "sign", "--fy", "2026", "--by", "O1", *key)[0] == 0
    assert reviewer("--db", db, "verify")[0] == 0


def test_refusals_exit_1_with_the_code(db: str, key: tuple[str, ...]) -> None:
    code, _out, err = decide(db, "--outcome", "continue", "--funding-jpy", "70000000001")
    assert code == 1
    assert err.startswith("E-FUNDING-CEILING") and "70,000,000,001" in err and "70,000,000,000" in err
    code, _out, err = reviewer("--lang", "en", "--db", db, "sign", "--fy", "2026", "--by", "O1", *key)
    assert code == 1 and err.startswith("E-NO-DECISION")
    assert decide(db, "--outcome", "continue", "--funding-jpy", "1")[0] == 0
    code, _out, err = reviewer("--lang", "ja", "--db", db, "sign", "--fy", "2026", "--by", "R1")
    assert code == 1 and err.startswith("E-NOT-APPROVER") and "承認" in err
    assert reviewer("--db", db, "sign", "--fy", "2026", "--by", "O1", *key)[0] == 0
    code, _out, err = decide(db, "--outcome", "continue", "--funding-jpy", "1")
    assert code == 1 and err.startswith("E-FY-SIGNED") and "amend" in err


def test_usage_errors_exit_2(db: str) -> None:
    code, _out, err = decide(
        db, "--outcome", "continue", "--funding-jpy", "1", "--condition", "a", "--condition", "b", "--due",
        "2027-01-31",
    )  # fmt: skip
    assert code == 2 and "--due" in err
    assert decide(db, "--outcome", "carry_on", "--funding-jpy", "1")[0] == 2
    assert (
        decide(db, "--outcome", "continue", "--funding-jpy", "1", "--condition", "a", "--due", "soon")[0] == 2
    )
    code, _out, err = reviewer("--lang", "en", "--db", db, "verify", "missing.pdf")
    assert code == 1 and "missing.pdf" in err
    code, _out, _err = reviewer("--db", db, "condition", "--fy", "2026", "--id", "1", "--status", "done")
    assert code == 2


def test_verify_names_the_first_broken_entry(db: str) -> None:
    assert decide(db, "--outcome", "continue", "--funding-jpy", "1")[0] == 0
    conn = sqlite3.connect(db)
    conn.executescript(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone else' WHERE id = 2;"
    )
    conn.close()
    code, _out, err = reviewer("--lang", "en", "--db", db, "verify")
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("V-CHAIN-HASH") and "entry 2 " in lines[0]
    assert any("audit_log_no_update" in line for line in lines)


def test_imports_after_a_sign_off_are_listed_as_after_sign_off(db: str, key: tuple[str, ...]) -> None:
    """SPEC §7: evidence imported later is accepted and shown as "after sign-off"."""
    import json

    assert reviewer("--db", db, "import", str(EXAMPLE_DIR / "fleet.csv"))[0] == 0
    assert decide(db, "--outcome", "continue", "--funding-jpy", "1")[0] == 0
    assert reviewer("--db", db, "sign", "--fy", "2026", "--by", "O1", *key)[0] == 0
    late = SHAPES / "lm_eval_legacy_arc.json"
    assert reviewer("--db", db, "import", str(late), "--model", "acme/robo-1")[0] == 0
    code, out, _err = reviewer("--db", db, "imports", "--json")
    assert code == 0
    assert [(b["file_name"], b["after_signoff"]) for b in json.loads(out)] == [
        ("fleet.csv", []),
        ("lm_eval_legacy_arc.json", [2026]),
    ]
    code, out, _err = reviewer("--lang", "en", "--db", db, "imports")
    assert out.splitlines()[1].endswith("after sign-off (FY2026)")
    assert "after sign-off" not in out.splitlines()[0]


def test_outcomes_that_contradict_their_figures_are_refused_in_both_languages(db: str) -> None:
    # the example plan: FY2027's installment is ¥40,000,000,000
    code, _out, err = decide(db, "--outcome", "continue_with_conditions", "--funding-jpy", "1")
    assert code == 1 and err.startswith("E-OUTCOME-CONDITIONS") and "--condition" in err
    code, _out, err = decide(db, "--outcome", "continue_with_conditions", "--funding-jpy", "1", lang="ja")
    assert code == 1 and err.startswith("E-OUTCOME-CONDITIONS") and "条件" in err
    code, _out, err = decide(db, "--outcome", "scale_back", "--funding-jpy", "40000000000")
    assert code == 1 and err.startswith("E-OUTCOME-SCALE-BACK") and "¥40,000,000,000" in err
    code, _out, err = decide(db, "--outcome", "scale_back", "--funding-jpy", "40000000000", lang="ja")
    assert code == 1 and "40,000,000,000 円" in err
    code, _out, err = decide(db, "--outcome", "stop", "--funding-jpy", "5", "--override-reason", "fraud")
    assert code == 1 and err.startswith("E-OUTCOME-STOP")
    code, _out, err = reviewer("--db", db, "status", "--fy", "2026", "--json")
    assert code == 0
    assert decide(db, "--outcome", "scale_back", "--funding-jpy", "39999999999")[0] == 0
    assert decide(db, "--outcome", "stop", "--funding-jpy", "0", "--override-reason", "fraud")[0] == 0
