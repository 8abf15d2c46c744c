"""Finds templates/ and assets/ in a checkout and inside an installed wheel, and the data folder."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    # In a wheel the folders are installed inside the package; in a checkout they sit beside it.
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the product's {name}/ folder is missing (looked in {_PACKAGE})")


def templates_dir() -> Path:
    """The report templates folder."""
    return _find("templates")


def assets_dir() -> Path:
    """The assets folder (css/, fonts/, icons/, i18n/)."""
    return _find("assets")


def data_dir() -> Path:
    """The per-user data folder (demo.db, settings that are not Qt's, backups of the demo)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("stage-gate-reviewer", appauthor=False))


def state_file() -> Path:
    """Where the command line remembers the last database used."""
    return data_dir() / "last-database.txt"
