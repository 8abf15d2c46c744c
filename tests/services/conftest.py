"""Service fixtures: the worked example's program database, open, per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from reviewer.services import programs
from reviewer.store.db import open_database
from tests.paths import EXAMPLE as EXAMPLE_DIR


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    """A program database made from the worked example's plan (SPEC §5), open for the test."""
    path = tmp_path / "p.db"
    programs.init_database(path, EXAMPLE_DIR / "plan.yaml")
    database = open_database(path)
    yield database
    database.close()
