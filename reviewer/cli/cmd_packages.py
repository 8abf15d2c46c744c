"""The `export`, `merge`, `backup` and `restore` commands (SPEC §10, §11)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from reviewer import messages
from reviewer.cli import EXIT_CONFLICTS, EXIT_OK, EXIT_REFUSED, Console
from reviewer.core.errors import InputRefused, UsageError

Handler = Callable[[argparse.Namespace, Console], int]


def cmd_export(args: argparse.Namespace, console: Console) -> int:
    from reviewer.cli.commands import opened
    from reviewer.services import packages

    with opened(args) as db:
        done = packages.export_package(db, args.reviewer, args.output, fy=args.fy)
    console.say(
        console.t(
            "export-done", path=str(done.path), reviewer=done.reviewer, fy=done.fy, export_id=done.export_id
        )
    )
    return EXIT_OK


def cmd_merge(args: argparse.Namespace, console: Console) -> int:
    """Exit 1 if any package was refused, else 3 if any conflicted, else 0 (SPEC §10)."""
    from reviewer.cli.commands import opened
    from reviewer.services import packages

    with opened(args) as db:
        results = packages.merge_packages(db, args.packages)
    refused = conflicted = False
    for result in results:
        if isinstance(result.refused, InputRefused):
            console.refused(result.refused)
            refused = True
            continue
        if result.refused is not None:
            console.error_at(result.file, result.refused.code, result.refused.key, **result.refused.params)
            refused = True
            continue
        console.say(
            console.t(
                "merge-done",
                file=result.file,
                targets=result.targets,
                items=result.items_changed,
                comments=result.comments_changed,
            )
        )
        for conflict in result.conflicts:
            console.say(conflict.line())
        if result.conflicts:
            conflicted = True
            console.say(
                messages.counted(
                    "merge-conflicts", console.lang, len(result.conflicts), n=len(result.conflicts)
                )
            )
    if refused:
        return EXIT_REFUSED
    return EXIT_CONFLICTS if conflicted else EXIT_OK


def cmd_backup(args: argparse.Namespace, console: Console) -> int:
    from reviewer.cli.commands import db_path, opened
    from reviewer.services import backups

    with opened(args) as db:
        made = backups.backup(db, "command", output=args.output, force=True)
    if made is None:  # only for an in-memory database, which a command never opens
        raise UsageError("db-not-found", path=str(db_path(args)))
    console.say(console.t("backup-done", path=str(made.path), count=made.chain_count))
    if args.output is not None:
        console.say(console.t("backup-copy", path=str(args.output)))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace, console: Console) -> int:
    """Restore does not open the current file through the gate: it may be the damaged one."""
    from reviewer.cli.commands import db_path
    from reviewer.services import backups
    from reviewer.services.recent import remember

    path = db_path(args)
    done = backups.restore(args.backup, path)
    if done.safety_backup is not None:
        key = "backup-reused" if done.safety_reused else "backup-done"
        console.say(console.t(key, path=str(done.safety_backup), count=done.safety_count))
    for moved in done.moved_aside[:1]:
        console.say(console.t("restore-moved", path=str(moved)))
    console.say(console.t("restore-done", backup=str(args.backup), path=str(path)))
    remember(path)
    return EXIT_OK if done.database.exists() else EXIT_REFUSED


HANDLERS: dict[str, Handler] = {
    "export": cmd_export,
    "merge": cmd_merge,
    "backup": cmd_backup,
    "restore": cmd_restore,
}
