"""Process start-up: the one import-time choice both composition roots make (no Qt here)."""

from __future__ import annotations

import importlib.util
import sys


def import_sqlite_utils_without_numpy() -> None:
    """Import sqlite-utils while numpy is hidden and dateutil's parser is deferred.

    sqlite-utils imports numpy when it can, only to adapt numpy values this product never
    stores; that import is about 0.09 s of every command's and the desktop's start-up
    (PERFORMANCE.md). Hiding numpy only for the duration of this one import leaves sqlite-utils
    without its numpy adapters, and any later `import numpy` in the process (matplotlib in a
    report) works as usual.

    sqlite-utils also imports `dateutil.parser` (with its time-zone tables: 11–18 ms) for a
    recipe this product never calls. The standard library's `LazyLoader` puts the module in
    place without running it; it runs on the first attribute anyone reads (matplotlib's dates,
    or the recipe), so nothing that uses it sees a difference.
    """
    if "sqlite_utils" in sys.modules or "numpy" in sys.modules:
        return
    _defer("dateutil.parser")
    sys.modules["numpy"] = None  # type: ignore[assignment]
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]


def _defer(name: str) -> None:
    """Register `name` to be executed on first use (importlib.util.LazyLoader)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    # bound on its package as the import system binds a submodule: `from dateutil import parser`
    # then finds it there. Left unbound, that statement goes through the import machinery,
    # which reads the module's `__spec__` and so runs it at once (Python 3.11).
    package, _, child = name.rpartition(".")
    if package:
        setattr(sys.modules[package], child, module)
