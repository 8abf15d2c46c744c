"""The last database used, shared by the command line and the desktop (a small text file)."""

from __future__ import annotations

from pathlib import Path

from reviewer import resources


def remember(path: Path) -> None:
    """Record `path` as the last database used."""
    state = resources.state_file()
    try:
        state.parent.mkdir(parents=True, exist_ok=True)
        state.write_text(str(path.resolve()), encoding="utf-8")
    except OSError:
        pass  # remembering is a convenience; a read-only home must not fail a command


def last_database() -> Path | None:
    """The last database used, if one is remembered (a memory that cannot be read, as a crash
    while it was written can leave it, is no memory: the command then asks for --db)."""
    try:
        text = resources.state_file().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Path(text) if text and "\x00" not in text else None
