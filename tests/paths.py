"""Where the tests' own files are: everything a test reads is inside the repository."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
EXAMPLE = DATA / "example"  # SPEC §5's worked example (this project's own files)
SHAPES = DATA / "shapes"  # files written here in the real shapes of other projects' formats
