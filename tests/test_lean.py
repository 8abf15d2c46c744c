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


def test_dateutils_parser_waits_for_its_first_use_and_then_works() -> None:
    # sqlite-utils imports dateutil.parser for a recipe; the import is deferred, not removed
    probe = textwrap.dedent(
        """
        import sys
        from reviewer import lean
        lean.import_sqlite_utils_without_numpy()
        print("dateutil.tz" in sys.modules)
        from sqlite_utils import recipes
        print(recipes.parsedate("7 December 2026"), recipes.parsedatetime("2026-12-07 10:11"))
        from dateutil import parser, tz
        offset = parser.isoparse("2026-12-07T10:11:12+09:00").utcoffset()
        print(offset == tz.tzoffset(None, 9 * 3600).utcoffset(None))
        import matplotlib.dates
        print(matplotlib.dates.datestr2num("2026-12-07") > 0)
        """
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split("\n")[:4] == ["False", "2026-12-07 2026-12-07T10:11:00", "True", "True"]
