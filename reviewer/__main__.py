"""Entry point: the desktop when no command is given, else the command line (never Qt)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run `reviewer`; returns the exit status (0 ok, 1 refused, 2 usage, 3 merge conflicts)."""
    from reviewer import lean

    lean.import_sqlite_utils_without_numpy()  # first, before anything imports sqlite-utils
    from reviewer import cli

    args = list(sys.argv[1:] if argv is None else argv)
    if cli.wants_desktop(args):
        from reviewer import app

        return app.run(args)
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
