"""Process start-up: the one import-time choice both composition roots make (no Qt here)."""

from __future__ import annotations

import sys


def import_sqlite_utils_without_numpy() -> None:
    """Import sqlite-utils while numpy is hidden, then unhide it.

    sqlite-utils imports numpy when it can, only to adapt numpy values this product never
    stores; that import is about 0.09 s of every command's and the desktop's start-up
    (PERFORMANCE.md). Hiding numpy only for the duration of this one import leaves sqlite-utils
    without its numpy adapters, and any later `import numpy` in the process (matplotlib in a
    report) works as usual.
    """
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]
