"""Shared fixtures of the rollup tests: a fresh programme database from the valid plan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from reviewer.services import programs
from reviewer.store.db import open_database

PLAN = Path(__file__).resolve().parents[1] / "data" / "plans" / "valid.yaml"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    path = tmp_path / "p.db"
    programs.init_database(path, PLAN)
    database = open_database(path)
    yield database
    database.close()
