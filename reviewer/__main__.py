"""Entry point: the desktop when no command is given, else the command line (never Qt)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run `reviewer`; returns the exit status (0 ok, 1 refused, 2 usage, 3 merge conflicts,
    141 the reader of its output went away)."""
    from reviewer import lean

    lean.import_sqlite_utils_without_numpy()  # first, before anything imports sqlite-utils
    from reviewer import cli

    args = list(sys.argv[1:] if argv is None else argv)
    if cli.wants_desktop(args):
        from reviewer import app

        return app.run(args)
    code = cli.run(args)
    try:
        sys.stdout.flush()  # here, not at exit: a reader that has gone is then one quiet exit status
    except BrokenPipeError:
        cli.quiet_stdout()
        return cli.EXIT_BROKEN_PIPE
    return code


if __name__ == "__main__":
    sys.exit(main())
