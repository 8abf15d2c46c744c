"""Shared fixtures: Qt offscreen, fresh databases. No test reads outside the repository:
our own example is in tests/data/example, other formats' shapes in tests/data/shapes, and the
checks against the real public samples beside a checkout are .ci/samples_check.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the per-user data folder (last database, demo.db) out of the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("HOME", str(home))


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from reviewer.store.db import open_database

    path = tmp_path_factory.mktemp("template") / "empty.db"
    db = open_database(path, create=True)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def db_file(_empty_template: Path, tmp_path: Path) -> Path:
    """A freshly migrated, empty program database file (copied from a session template)."""
    target = tmp_path / "program.db"
    shutil.copyfile(_empty_template, target)
    return target


@pytest.fixture
def valid_program(tmp_path: Path) -> Path:
    """A program database from tests/data/plans/valid.yaml, alone in its own folder (`prog/`), so
    a test can tell what a command left beside it."""
    from reviewer.services import programs

    path = tmp_path / "prog" / "program.db"
    path.parent.mkdir()
    programs.init_database(path, REPO / "tests" / "data" / "plans" / "valid.yaml")
    return path
