"""The messages issue 16 found misleading, each as SPEC §10 says it should read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewer.importers import FORMATS
from tests.cli_runner import reviewer
from tests.officer_keys import command_line_key

DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLE = DATA / "example"


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "program.db")
    code, _out, err = reviewer("--db", path, "init", "--plan", str(EXAMPLE / "plan.yaml"))
    assert code == 0, err
    return path


def _sign_2027(db: str) -> None:
    code, _out, err = reviewer(
        "--db",
        db,
        "decide",
        "--fy",
        "2027",
        "--outcome",
        "continue",
        "--funding-jpy",
        "1",
        "--rationale",
        "ok",
    )
    assert code == 0, err
    code, _out, err = reviewer(
        "--db", db, "sign", "--fy", "2027", "--by", "O1", *command_line_key(reviewer, db)
    )
    assert code == 0, err


def test_an_unknown_format_is_named_before_anything_else(db: str, tmp_path: Path) -> None:
    assert reviewer("--db", db, "import", str(EXAMPLE / "fleet.csv"))[0] == 0
    _sign_2027(db)
    # the same bytes again under a format that does not exist: no word about batch 1
    code, _out, err = reviewer(
        "--lang", "en", "--db", db, "import", "--format", "fleet", str(EXAMPLE / "fleet.csv")
    )
    assert code == 2 and err.startswith("E-FORMAT ") and "fleet" in err and "batch" not in err
    assert all(name in err for name in FORMATS)
    # even a missing file, or no database at all, is not looked at first
    missing = str(tmp_path / "nothing.csv")
    code, _out, err = reviewer("--lang", "ja", "--db", db, "import", "--format", "fleet", missing)
    assert code == 2 and err.startswith("E-FORMAT ") and "形式" in err
    code, _out, err = reviewer("--db", str(tmp_path / "none.db"), "import", "--format", "x", missing)
    assert code == 2 and err.startswith("E-FORMAT ")


def test_an_options_conflict_with_a_signed_batch_does_not_advise_removing_it(db: str) -> None:
    fleet = str(EXAMPLE / "fleet.csv")
    assert reviewer("--db", db, "import", fleet)[0] == 0
    # before sign-off the advice stands, with the file first
    options = ("--operator", "X", "--industry", "medical")
    code, _out, err = reviewer("--lang", "en", "--db", db, "import", *options, fleet)
    assert code == 1 and err.startswith("fleet.csv: E-IMPORT-OPTIONS ") and "remove batch 1" in err
    _sign_2027(db)
    code, _out, err = reviewer("--lang", "en", "--db", db, "import", *options, fleet)
    assert code == 1 and err.startswith("fleet.csv: E-IMPORT-OPTIONS ")
    assert "signed FY2027" in err and "cannot be removed" in err and "remove batch" not in err
    code, _out, err = reviewer("--lang", "ja", "--db", db, "import", *options, fleet)
    assert "署名済み" in err and "削除できません" in err
    assert reviewer("--db", db, "imports", "remove", "1")[0] == 1  # and indeed it cannot


def test_counts_agree_in_number(db: str, tmp_path: Path) -> None:
    code, out, _err = reviewer(
        "--lang", "en", "--db", db, "import", str(DATA / "decisions" / "better_arc.csv")
    )
    assert code == 0 and "imported 1 record as" in out
    code, out, _err = reviewer("--lang", "en", "--db", db, "import", str(EXAMPLE / "fleet.csv"))
    assert code == 0 and "imported 2 records as" in out
    one = tmp_path / "one_error.csv"
    one.write_text(
        "period,industry,operator,robots_deployed,robots_active,operating_hours\n2027-05,medical,A,x,1,1\n"
    )
    code, out, _err = reviewer("--lang", "en", "--db", db, "import", str(one))
    assert code == 1 and "(1 error)" in out and "errors" not in out
    two = tmp_path / "two_errors.csv"
    two.write_text(
        "period,industry,operator,robots_deployed,robots_active,operating_hours\n2027-05,medical,A,x,y,1\n"
    )
    code, out, _err = reviewer("--lang", "en", "--db", db, "import", str(two))
    assert code == 1 and "(2 errors)" in out
    code, out, _err = reviewer("--lang", "en", "--db", db, "imports", "remove", "1")
    assert code == 0 and out.strip() == "Removed batch 1 (1 record)."


def test_a_fractional_count_asks_for_a_whole_number(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "fleet.csv"
    bad.write_text(
        "period,industry,operator,robots_deployed,robots_active,operating_hours\n2027-05,medical,A,3,1.5,1\n"
    )
    code, _out, err = reviewer("--lang", "en", "--db", db, "import", str(bad))
    assert code == 1
    assert (
        err.startswith("fleet.csv:2:5: E-NOT-WHOLE ") and "whole number" in err and "not a number" not in err
    )
    code, _out, err = reviewer("--lang", "ja", "--db", db, "import", str(bad))
    assert "整数" in err


def test_merge_after_sign_off_names_the_package(db: str, tmp_path: Path) -> None:
    package = tmp_path / "r1.review"
    code, _out, err = reviewer("--db", db, "export", "--reviewer", "R1", "--fy", "2027", "-o", str(package))
    assert code == 0, err
    _sign_2027(db)
    code, _out, err = reviewer("--lang", "en", "--db", db, "merge", str(package))
    assert code == 1 and err.startswith("r1.review: E-FY-SIGNED ")


def test_status_text_speaks_the_chosen_language_and_flags_few_raters(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    assert reviewer("--db", db, "init", "--plan", str(DATA / "assessments" / "plan.yaml"))[0] == 0
    assert reviewer("--db", db, "import", str(DATA / "assessments" / "r01_2027.csv"))[0] == 0
    code, out, _err = reviewer("--lang", "ja", "--db", db, "status", "--fy", "2027")
    assert code == 0
    assert "研究開発成果" in out and "outcomes" not in out  # the criterion's name, not its code
    assert "ベンチマーク" in out and "benchmark" not in out  # the rule kind's label
    assert "評価者3名未満" in out  # one rater
    code, out, _err = reviewer("--lang", "en", "--db", db, "status", "--fy", "2027")
    assert "R&D outcomes" in out and "Fewer than three raters" in out


def test_argparse_messages_follow_lang(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    code, _out, err = reviewer("--lang", "ja", "--db", db, "status")
    assert code == 2 and err.startswith("使い方: reviewer status") and "次の指定が必要です: --fy" in err
    assert "usage" not in err and "required" not in err
    code, _out, err = reviewer("--lang", "ja", "--db", db, "evidence", "lisst")
    assert code == 2 and "選べません" in err and "invalid choice" not in err
    code, _out, err = reviewer("--lang", "en", "--db", db, "status")
    assert err.startswith("usage: reviewer status") and "the following arguments are required: --fy" in err
    code, _out, err = reviewer("--lang", "ja", "--db", db, "status", "--fy", "1", "--bogus")
    assert code == 2 and "解釈できない指定があります: --bogus" in err


def test_decide_counts_its_conditions_in_number(db: str) -> None:
    base = ("--db", db, "decide", "--fy", "2026", "--funding-jpy", "1", "--rationale", "ok")
    code, out, _err = reviewer("--lang", "en", *base, "--outcome", "continue")
    assert code == 0 and "0 conditions (unsigned)" in out
    one = ("--condition", "a", "--due", "2027-09-30")
    code, out, _err = reviewer("--lang", "en", *base, "--outcome", "continue_with_conditions", *one)
    assert code == 0 and "1 condition (unsigned)" in out


def test_help_speaks_the_chosen_language(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse's own words in --help (usage, headings, -h's help) come from our catalogue."""
    assert reviewer("--lang", "ja", "status", "--help")[0] == 0
    out = capsys.readouterr().out
    assert out.startswith("使い方: reviewer status") and "オプション:" in out
    assert "このヘルプを表示して終了します" in out
    assert "usage" not in out and "options:" not in out and "show this help" not in out
    assert reviewer("--lang", "ja", "--help")[0] == 0
    out = capsys.readouterr().out
    assert "位置引数:" in out and "positional arguments" not in out
    assert reviewer("--lang", "en", "status", "--help")[0] == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: reviewer status") and "show this help message and exit" in out
    # argparse's own lookup is back once the command line is parsed
    import argparse

    assert argparse._("options") == "options"  # type: ignore[attr-defined]


def test_every_help_text_of_ours_has_its_japanese() -> None:
    """Each command's and option's help, and the epilog, in Japanese under --lang ja; a command
    added without its `cli-help-*` entry fails here."""
    from reviewer.cli import _help_texts, build_parser

    texts = [a.help for a in _help_texts(build_parser("ja"))]
    assert len(texts) > 30
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    english = [t for t in texts if not (t and japanese.search(t))]
    assert not english, english
    assert "デスクトップ" in (build_parser("ja").epilog or "")
    assert not any(japanese.search(a.help or "") for a in _help_texts(build_parser("en")))
