"""What a path is, from its `stat` mode alone (nothing is opened)."""

from __future__ import annotations

import stat


def not_regular(mode: int, *, folder_ok: bool = False) -> str | None:
    """None for a regular file (or a folder where `folder_ok`); else what it is, as the message
    names it: "folder", "FIFO", "socket" or "device". A FIFO would block, /dev/zero never end."""
    if stat.S_ISREG(mode) or (folder_ok and stat.S_ISDIR(mode)):
        return None
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "device"
