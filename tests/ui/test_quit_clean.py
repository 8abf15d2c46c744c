"""Quitting the desktop writes nothing to stderr: no traceback from a focus change that reaches a
screen or form Qt is destroying (issue 15: `RuntimeError … assessment.py _on_app_focus_changed`).

Each way of leaving runs the real desktop in a child process (offscreen), with a comment field
focused and typed into, and reads the child's whole stderr.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.parametrize("mode", ["ctrl-q", "close", "refresh", "reopen", "language"])
def test_quitting_with_a_focused_comment_writes_nothing_to_stderr(
    demo_db: Path, tmp_path: Path, mode: str
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONFAULTHANDLER="1")
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.quit_driver", str(demo_db), str(tmp_path / "settings.ini"), mode],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "focus: CommentBox" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr
    # what was typed was saved on the way out (the focus-change save, or the close's flush)
    import sqlite3

    conn = sqlite3.connect(demo_db)
    texts = [r[0] for r in conn.execute("SELECT text FROM comment WHERE text LIKE '%unsaved words%'")]
    conn.close()
    assert texts, f"{mode}: the typed comment was lost"
