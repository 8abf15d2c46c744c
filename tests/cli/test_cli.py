"""The command line end to end on temporary file databases, in subprocesses where it matters."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reviewer.cli import run
from tests.cli_runner import reviewer
from tests.paths import EXAMPLE as EXAMPLE_DIR
from tests.paths import SHAPES

COMMANDS = [
    "init", "plan", "demo", "import", "imports", "attach", "evidence", "status", "sheet", "consensus",
    "override", "respond", "decide", "sign", "amend", "condition", "report", "export", "merge", "verify",
    "backup", "restore", "keys",
]  # fmt: skip
COMMANDS += ["comments", "conditions", "disclose", "comment"]  # issue 16: listings, disclosure


def test_help_lists_every_command() -> None:
    out = io.StringIO()
    code = run(["--help"], out, io.StringIO())
    assert code == 0
    # argparse prints help to stdout of the process, not to our stream: check the parser itself
    from reviewer.cli import build_parser

    text = build_parser("en").format_help()
    for command in COMMANDS:
        assert f"    {command} " in text or f"    {command}\n" in text, command


def test_without_db_and_without_a_last_database_is_a_usage_error() -> None:
    code, _out, err = reviewer("status", "--fy", "2027")
    assert code == 2
    assert "--db" in err


def test_bad_lang_is_a_usage_error() -> None:
    code, _out, _err = reviewer("--lang", "fr", "--db", "x.db", "status", "--fy", "2027")
    assert code == 2


def test_every_command_in_help_has_a_handler() -> None:
    import argparse

    from reviewer.cli import _handlers, build_parser

    parser = build_parser("en")
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(commands.choices) == set(_handlers()) == set(COMMANDS)


def test_init_refuses_an_existing_non_empty_file(tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("keep me", encoding="utf-8")
    code, _out, err = reviewer(
        "--lang", "en", "--db", str(target), "init", "--plan", str(EXAMPLE_DIR / "plan.yaml")
    )
    assert code == 1
    assert "E-DB-NOT-EMPTY" in err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_worked_example_end_to_end(tmp_path: Path) -> None:
    """SPEC §5's worked example through the command line, as the project's contract script runs it
    (the example's files are copied in tests/data/example)."""
    db = str(tmp_path / "w.db")
    ex = EXAMPLE_DIR
    assert reviewer("--db", db, "init", "--plan", str(ex / "plan.yaml"))[0] == 0
    assert reviewer("--db", db, "init", "--plan", str(ex / "plan.yaml"))[0] == 1
    lm = SHAPES / "lm_eval_legacy_arc.json"  # SPEC §5 names the real one: .ci/samples_check.py
    code, out, err = reviewer(
        "--db", db, "import", str(lm), "--model", "acme/robo-1", "--effective-date", "2027-06-01"
    )
    assert code == 0, err
    code, out, err = reviewer("--db", db, "import", str(ex / "fleet.csv"))
    assert code == 0, err
    code, out, err = reviewer("--db", db, "import", str(ex / "README.md"), "--effective-date", "2028-05-01")
    assert code == 0, err
    code, out, err = reviewer("--lang", "en", "--db", db, "import", str(ex / "fleet.csv"))
    assert code == 0 and "skipped" in out
    mlperf = SHAPES / "system_description.json"
    code, out, err = reviewer("--lang", "en", "--db", db, "import", str(mlperf))
    assert code == 1
    assert "E-UNKNOWN-FORMAT" in err and "lm-eval" in err
    code, out, err = reviewer("--db", db, "status", "--fy", "2027", "--json")
    assert code == 0, err
    got = {m["code"]: m for m in json.loads(out)["milestones"]}
    assert got["W1"]["status"] == "not_met" and got["W1"]["value"] == pytest.approx(0.2662, abs=1e-4)
    assert got["W2"]["status"] == "met" and got["W2"]["value"] == 115
    assert got["W3"]["status"] == "partially_met" and got["W3"]["value"] == pytest.approx(2.6667, abs=1e-4)
    assert got["W4"]["status"] == "not_met"
    assert len(got["W2"]["evidence"]) == 2
    code, out, err = reviewer("--lang", "en", "--db", db, "status", "--fy", "2027")
    assert code == 0 and "W3" in out and "partially met" in out


def test_status_never_imports_pyside6(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    assert reviewer("--db", db, "init", "--plan", str(EXAMPLE_DIR / "plan.yaml"))[0] == 0
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "reviewer", "--db", db, "status", "--fy", "2027"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    imported = [
        line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "import time:" in line
    ]
    assert any(name.startswith("reviewer.services") for name in imported)  # the probe does see our imports
    assert not [name for name in imported if name.startswith(("PySide6", "shiboken6"))]


def test_the_plain_status_table_lines_up_in_japanese(tmp_path: Path) -> None:
    """Japanese labels take two terminal columns a character; the columns must still line up."""
    import unicodedata

    db = str(tmp_path / "w.db")
    assert reviewer("--db", db, "init", "--plan", str(EXAMPLE_DIR / "plan.yaml"))[0] == 0
    code, out, _err = reviewer("--lang", "ja", "--db", db, "status", "--fy", "2027")
    assert code == 0

    def columns(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    header, *rows = out.splitlines()[3:8]
    target_end = columns(header[: header.index("目標") + len("目標")])
    assert [r.split()[0] for r in rows] == ["W1", "W2", "W3", "W4"]
    # with no evidence yet each row ends with its target, right-aligned under the heading
    assert [columns(row.rstrip()) for row in rows] == [target_end] * 4
    assert [row.split()[-1] for row in rows] == ["0.3", "100", "2", "-"]
