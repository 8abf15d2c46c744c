"""Start-up imports: sqlite-utils without numpy, and numpy still importable afterwards."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_sqlite_utils_is_imported_without_numpy_and_numpy_still_works() -> None:
    probe = textwrap.dedent(
        """
        import sys
        from reviewer import lean
        lean.import_sqlite_utils_without_numpy()
        assert "sqlite_utils" in sys.modules and "numpy" not in sys.modules
        import sqlite_utils
        db = sqlite_utils.Database(memory=True)
        db["t"].insert({"x": 1.5})
        assert list(db["t"].rows) == [{"x": 1.5}]
        import numpy  # a report's matplotlib needs it later in the same process
        print(numpy.__name__)
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["numpy"]
