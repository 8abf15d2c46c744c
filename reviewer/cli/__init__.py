"""The `reviewer` command line (SPEC §10): parses, calls services, prints; never imports Qt."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NoReturn, TextIO, cast

from reviewer import messages
from reviewer.core.errors import InputRefused, Problem, Refused, UsageError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_CONFLICTS = 0, 1, 2, 3
EXIT_INTERNAL = 70  # an unexpected error (E-INTERNAL): the traceback is in a log file
EXIT_BROKEN_PIPE = 141  # the reader of our output went away (`| head`): as a shell says of SIGPIPE

Handler = Callable[[argparse.Namespace, "Console"], int]


class Console:
    """Where the command line writes: results to stdout, problems to stderr, in one language."""

    def __init__(self, lang: str, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.lang = lang
        self.out = terminal_safe(out or sys.stdout)
        self.err = terminal_safe(err or sys.stderr)

    def t(self, key: str, **params: object) -> str:
        return messages.text(key, self.lang, **params)

    def say(self, text: str) -> None:
        print(text, file=self.out)

    def problem(self, problem: Problem) -> None:
        explanation = messages.text(problem.code, self.lang, **problem.params)
        print(f"{problem.place()}: {problem.code} {explanation}", file=self.err)

    def refused(self, exc: InputRefused) -> None:
        for problem in exc.problems:
            self.problem(problem)
        if exc.total > len(exc.problems):
            more = exc.total - len(exc.problems)
            print(
                messages.counted("more-problems", self.lang, more, more=more, total=exc.total), file=self.err
            )

    def error(self, code: str, key: str, **params: object) -> None:
        print(f"{code} {messages.text(key, self.lang, **params)}", file=self.err)

    def error_at(self, place: str, code: str, key: str, /, **params: object) -> None:
        """`FILE: CODE message` (SPEC §10), for a refusal about one file (`place`)."""
        explanation = messages.text(key, self.lang, **params)
        explanation = explanation.removeprefix(f"{place}: ")
        print(f"{place}: {code} {explanation}", file=self.err)

    @property
    def interactive(self) -> bool:
        return self.err.isatty()


# What a terminal would act on rather than show, in text that came from a file, a package or an
# argument (a model name, a comment, a file name): C0 controls but tab, line feed and carriage
# return (the progress line redraws itself with it), DEL, C1 controls (ESC [ and CSI move the
# cursor, clear the screen, set the title, write hyperlinks), and the bidirectional embeddings,
# overrides and isolates (which reorder what is shown). Written to a terminal they show as
# escapes (`\x1b`, `\u202e`); to a file or a pipe, text stays as stored.
_UNSAFE = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (
        *range(0x00, 0x09),
        0x0B,
        0x0C,
        *range(0x0E, 0x20),
        *range(0x7F, 0xA0),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}


class _TerminalSafe:
    """A terminal stream that writes `_UNSAFE` characters as escapes."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(text.translate(_UNSAFE))

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def terminal_safe(stream: TextIO) -> TextIO:
    """`stream`, or when it is a terminal, `stream` showing control characters as escapes."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    return cast("TextIO", _TerminalSafe(stream)) if tty else stream


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so usage errors come back as exit 2."""

    def error(self, message: str) -> NoReturn:
        raise _ArgError(self.format_usage() + message)


class _ArgError(Exception):
    pass


# argparse's own English phrases (Python 3.11-3.13) → our message ids; the rest is kept as given
# (option names, values and choices are the same in both languages).
_ARGPARSE_PHRASES: tuple[tuple[str, str], ...] = (
    (r"^usage: ", "argparse-usage"),
    (r"the following arguments are required: (?P<args>.+)$", "argparse-required"),
    (
        r"argument (?P<arg>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)$",
        "argparse-choice",
    ),
    (r"argument (?P<arg>\S+): invalid (?P<type>\w+) value: (?P<value>.+)$", "argparse-type"),
    (r"argument (?P<arg>\S+): invalid whole number: (?P<value>.*)$", "argparse-whole-number"),  # ours
    (r"argument (?P<arg>\S+): (?P<value>\S+) is too large$", "argparse-too-large"),  # ours
    (r"argument (?P<arg>\S+): expected one argument$", "argparse-one"),
    (r"argument (?P<arg>\S+): expected at least one argument$", "argparse-some"),
    (r"unrecognized arguments: (?P<args>.+)$", "argparse-unrecognized"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<matches>.+)$", "argparse-ambiguous"),
)


def _argparse_text(text: str, lang: str) -> str:
    """argparse's usage error in `lang`: its fixed English phrases said in our words, line by line."""
    import re

    out = []
    for line in text.splitlines():
        for pattern, key in _ARGPARSE_PHRASES:
            found = re.search(pattern, line)
            if found:
                line = (
                    line[: found.start()]
                    + messages.text(key, lang, **found.groupdict())
                    + line[found.end() :]
                )
                break
        out.append(line)
    return "\n".join(out)


# argparse's own words in `--help` (usage prefix, group headings, -h's help), gettext style:
# argparse looks each one up through its module's `_` when it prints, so for the parse we put a
# lookup into our catalogue there (msgid → message id; anything else stays argparse's). Usage
# errors go through _argparse_text above, which also covers the phrases of other Pythons.
_ARGPARSE_MSGIDS = {
    "usage: ": "argparse-usage",
    "positional arguments": "argparse-positionals",
    "options": "argparse-options",
    "optional arguments": "argparse-options",  # the heading's name before Python 3.10
    "show this help message and exit": "argparse-help",
}


@contextlib.contextmanager
def _argparse_language(lang: str) -> Iterator[None]:
    """argparse speaks `lang` inside the block (one command line per process: no other thread
    parses meanwhile); its own lookup is put back after."""
    original = argparse._  # type: ignore[attr-defined]

    def gettext(msgid: str) -> str:
        key = _ARGPARSE_MSGIDS.get(msgid)
        return messages.text(key, lang) if key else str(original(msgid))

    argparse._ = gettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- global options


def _global_options(argv: Sequence[str]) -> tuple[str | None, str | None, list[str]]:
    """Split off --db and --lang wherever they stand; returns (db, lang, the rest)."""
    db: str | None = None
    lang: str | None = None
    rest: list[str] = []
    it = iter(range(len(argv)))
    skip = False
    for i in it:
        if skip:
            skip = False
            continue
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        for name in ("--db", "--lang"):
            if arg == name:
                if i + 1 >= len(argv):
                    raise _ArgError(
                        messages.text("argparse-needs-value", messages.default_lang(), option=name)
                    )
                value = argv[i + 1]
                skip = True
                break
            if arg.startswith(name + "="):
                value = arg.split("=", 1)[1]
                break
        else:
            rest.append(arg)
            continue
        if name == "--db":
            db = value
        else:
            if value not in messages.LANGS:
                raise _ArgError(messages.text("argparse-lang", messages.default_lang(), value=value))
            lang = value
    return db, lang, rest


def wants_desktop(argv: Sequence[str]) -> bool:
    """True when no command is given (only --db / --lang): the desktop opens."""
    try:
        _db, _lang, rest = _global_options(argv)
    except _ArgError:
        return False
    return not rest


# --------------------------------------------------------------------------- the parser


def whole_number(text: str) -> int:
    """argparse type: an integer SQLite can store (64-bit); a larger one is a usage error, not a crash."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid whole number: {text!r}") from None
    if not -(2**63) <= value < 2**63:
        raise argparse.ArgumentTypeError(f"{text} is too large")
    return value


def build_parser(lang: str) -> argparse.ArgumentParser:
    """The full command tree: every command of SPEC §10 is listed from the start."""
    parser = _Parser(
        prog="reviewer",
        description=messages.text("cli-description", lang),
        epilog="reviewer [--db PATH] [--lang ja|en]  (no command: open the desktop app)",
    )
    parser.add_argument("--db", metavar="PATH", help="the program database (default: the last one used)")
    parser.add_argument("--lang", choices=messages.LANGS, help="ja or en (default: from LANG)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("init", help="create a database from a plan")
    p.add_argument("--plan", required=True, type=Path, metavar="PLAN.yaml")
    p = sub.add_parser("plan", help="load a changed plan (SPEC §3)")
    p.add_argument("plan", type=Path, metavar="PLAN.yaml")
    sub.add_parser("demo", help="build the demo program")

    p = sub.add_parser("import", help="import evidence files (format detected by content)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--format", metavar="NAME")
    p.add_argument("--model", metavar="NAME")
    p.add_argument("--effective-date", metavar="DATE")
    p.add_argument("--operator", metavar="NAME")
    p.add_argument("--industry", metavar="CODE")
    p.add_argument("--registry", type=Path, metavar="FILE.csv")
    p.add_argument("--encoding", choices=("utf-8", "cp932"), help="a text file's encoding (default: decided)")
    p.add_argument("--sheet", metavar="NAME", help="the worksheet of a workbook with several visible ones")

    p = sub.add_parser("imports", help="import batches; 'imports remove BATCH' removes one")
    p.add_argument("action", nargs="?", choices=["remove"])
    p.add_argument("batch", nargs="?", type=whole_number, metavar="BATCH")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("attach", help="attach documents to a milestone as evidence")
    p.add_argument("--milestone", required=True, metavar="CODE")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")

    p = sub.add_parser("evidence", help="'evidence add': type in a manual record; 'evidence list': records")
    p.add_argument("action", choices=["add", "list"])
    p.add_argument("--milestone", metavar="CODE")
    p.add_argument("--value", metavar="V")  # add: --milestone, --value, --unit, --effective-date,
    p.add_argument("--unit", metavar="U")  # --source are all needed (checked by the handler)
    p.add_argument("--effective-date", metavar="DATE")
    p.add_argument("--source", metavar="TEXT")
    _listing_options(p, fy_required=False)

    p = sub.add_parser("status", help="statuses, criteria, weighted achievement")
    p.add_argument("--fy", required=True, type=whole_number, metavar="N")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("sheet", help="write a pre-filled assessment sheet")
    p.add_argument("--reviewer", required=True, metavar="ID")
    p.add_argument("--fy", required=True, type=whole_number, metavar="N")
    p.add_argument("-o", dest="output", required=True, type=Path, metavar="FILE.xlsx")

    p = sub.add_parser("consensus", help="'consensus open --fy N': show ratings to the committee")
    p.add_argument("action", choices=["open"])
    p.add_argument("--fy", required=True, type=whole_number, metavar="N")

    p = sub.add_parser("override", help="set a milestone's committee status")
    p.add_argument("--milestone", required=True, metavar="CODE")
    p.add_argument("--status", required=True, metavar="S")
    p.add_argument("--reason", required=True, metavar="TEXT")

    p = sub.add_parser("respond", help="record the implementer's response to a comment")
    p.add_argument("--fy", required=True, type=whole_number, metavar="N")
    p.add_argument("--comment", required=True, type=whole_number, metavar="ID")
    p.add_argument("--text", required=True, metavar="TEXT")

    for name, helptext in (("decide", "record the FY's gate decision"), ("amend", "amend a signed decision")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--fy", required=True, type=whole_number, metavar="N")
        p.add_argument("--outcome", required=True, metavar="NAME")
        p.add_argument("--funding-jpy", required=True, type=whole_number, metavar="N")
        p.add_argument("--condition", action="append", default=[], metavar="TEXT")
        p.add_argument("--due", action="append", default=[], metavar="DATE")
        p.add_argument("--rationale", required=True, metavar="TEXT")
        p.add_argument("--override-reason", metavar="TEXT")
        if name == "amend":
            p.add_argument("--reason", required=True, metavar="TEXT")
            p.add_argument(
                "--drop-condition",
                action="append",
                default=[],
                type=whole_number,
                metavar="ID",
                help="leave this condition of the amended decision behind (the others are carried)",
            )

    p = sub.add_parser("sign", help="sign the FY's decision (locks the FY)")
    p.add_argument("--fy", required=True, type=whole_number, metavar="N")
    p.add_argument("--by", required=True, metavar="OFFICER_ID")
    p.add_argument("--key", type=Path, metavar="FILE.p12", help="the officer's key (PKCS#12)")
    p.add_argument(
        "--passphrase-file", type=Path, metavar="F", help="the key's passphrase: the file's first line"
    )

    p = sub.add_parser("condition", help="set a condition's status (N: the FY whose decision set it)")
    p.add_argument("--fy", required=True, type=whole_number, metavar="N")
    p.add_argument("--id", required=True, type=whole_number, metavar="ID")
    p.add_argument("--status", required=True, metavar="S")
    p.add_argument("--note", default="", metavar="TEXT")

    p = sub.add_parser("report", help="render the decision report as PDF")
    p.add_argument("--fy", required=True, type=whole_number, metavar="N")
    p.add_argument("--edition", choices=["internal", "public"], default="internal")
    p.add_argument(
        "--key", type=Path, metavar="FILE.p12", help="add a PAdES signature by this key (a signed FY)"
    )
    p.add_argument(
        "--passphrase-file", type=Path, metavar="F", help="the key's passphrase: the file's first line"
    )
    p.add_argument("-o", dest="output", required=True, type=Path, metavar="FILE.pdf")

    p = sub.add_parser("export", help="write a reviewer package")
    p.add_argument("--reviewer", required=True, metavar="ID")
    p.add_argument("--fy", type=whole_number, metavar="N")
    p.add_argument("-o", dest="output", required=True, type=Path, metavar="FILE.review")

    p = sub.add_parser("merge", help="merge reviewer packages")
    p.add_argument("packages", nargs="+", type=Path, metavar="FILE.review")

    p = sub.add_parser("verify", help="check the audit chain and locks, or an issued PDF")
    p.add_argument("pdf", nargs="?", type=Path, metavar="FILE.pdf")
    p.add_argument(
        "--cert",
        action="append",
        type=Path,
        metavar="CERT.pem",
        help="an officer's certificate from outside: the PDF, or every signed decision, must be signed by it",
    )

    p = sub.add_parser("keys", help="officers' keys: 'keys new', 'keys register CERT.pem', 'keys list'")
    keys = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    k = keys.add_parser("new", help="make an officer's key (PKCS#12) and register its certificate")
    k.add_argument("--officer", required=True, metavar="ID")
    k.add_argument("-o", dest="output", required=True, type=Path, metavar="FILE.p12")
    k.add_argument("--passphrase-file", type=Path, metavar="F", help="the passphrase: the file's first line")
    k = keys.add_parser("register", help="register an organisation's certificate for an officer")
    k.add_argument("--officer", required=True, metavar="ID")
    k.add_argument("cert", type=Path, metavar="CERT.pem")
    keys.add_parser("list", help="registered certificates with their SHA-256 fingerprints")

    p = sub.add_parser("backup", help="make a verified backup")
    p.add_argument("-o", dest="output", type=Path, metavar="FILE")

    p = sub.add_parser("restore", help="restore a backup (the current file is moved aside first)")
    p.add_argument("backup", type=Path, metavar="BACKUP")

    # --- listings (issue 16): the ids other commands take, never a guess ----------------------
    p = sub.add_parser("comments", help="this FY's comments: id, target, kind, text, response")
    _listing_options(p, fy_required=True)
    p = sub.add_parser("conditions", help="conditions set by FY N's decision, with status history")
    _listing_options(p, fy_required=True)

    # --- disclosure (issue 16, SPEC §8): what the public edition prints, before sign-off ---------
    p = sub.add_parser("disclose", help="disclose evidence in FY N's public edition (--undo: withdraw)")
    p.add_argument("--fy", required=True, type=whole_number, metavar="N")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--batch", type=whole_number, metavar="ID", help="every record of an import batch")
    what.add_argument("--evidence", type=whole_number, metavar="ID", help="one evidence record")
    what.add_argument("--document", type=whole_number, metavar="ID", help="one document (its evidence id)")
    what.add_argument("--milestone", metavar="CODE", help="the milestone's deciding evidence")
    p.add_argument("--undo", action="store_true", help="withdraw the disclosure")
    p = sub.add_parser("comment", help="'comment redact --id ID --text TEXT': a comment's public text")
    comment = p.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    c = comment.add_parser("redact", help="set the text the public edition prints for a comment")
    c.add_argument("--id", required=True, type=whole_number, metavar="ID")
    c.add_argument("--text", required=True, metavar="TEXT")
    _localize_help(parser, lang)
    return parser


def _help_texts(parser: argparse.ArgumentParser) -> Iterator[argparse.Action]:
    """Every action with a help text in the tree: options, and each command's line in its
    parent's command list."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action._choices_actions
            for child in dict.fromkeys(action.choices.values()):
                yield from _help_texts(child)
        elif action.help and action.help is not argparse.SUPPRESS:
            yield action


def _localize_help(parser: argparse.ArgumentParser, lang: str) -> None:
    """Our own help texts in `lang`: each English text is looked up among the `cli-help-*`
    entries of the catalogue (one place for both languages, as every message)."""
    if lang == "en":
        return
    by_english = {en: ja for key, (ja, en) in messages.catalogue().items() if key.startswith("cli-help-")}
    by_english[messages.text("argparse-help", "en")] = messages.text("argparse-help", lang)  # -h
    for action in _help_texts(parser):
        if action.help in by_english:
            action.help = by_english[action.help]
    parser.epilog = by_english.get(parser.epilog or "", parser.epilog)


def _listing_options(p: argparse.ArgumentParser, *, fy_required: bool) -> None:
    """--fy N and --json, as the listing commands take them."""
    p.add_argument("--fy", required=fy_required, type=whole_number, metavar="N")
    p.add_argument("--json", action="store_true")


# --------------------------------------------------------------------------- running


def _handlers() -> dict[str, Handler]:
    from reviewer.cli import commands

    return commands.HANDLERS


def run(argv: Sequence[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run one command line; returns its exit status."""
    lang = messages.default_lang()
    console = Console(lang, out, err)
    try:
        db, glang, rest = _global_options(argv)
        console.lang = lang = glang or lang
        with _argparse_language(lang):
            args = build_parser(lang).parse_args(rest)
    except _ArgError as exc:
        print(_argparse_text(str(exc), console.lang), file=console.err)
        return EXIT_USAGE
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    args.db = db
    if args.command is None:
        with _argparse_language(lang):
            build_parser(lang).print_help(console.out)
        return EXIT_USAGE
    handler = _handlers()[args.command]  # every sub-command has one (tests/cli check the parser)
    try:
        return handler(args, console)
    except InputRefused as exc:
        console.refused(exc)
        if exc.problems:  # SPEC §10: the count, agreeing in number ("1 error", "2 errors")
            file = exc.problems[0].file
            print(
                messages.counted("input-refused", console.lang, exc.total, file=file, total=exc.total),
                file=console.err,
            )
        return EXIT_REFUSED
    except Refused as exc:
        console.error(exc.code, exc.key, **exc.params)
        return EXIT_REFUSED
    except UsageError as exc:
        code = _USAGE_CODES.get(exc.key)
        text = messages.text(exc.key, console.lang, **exc.params)
        print(f"{code} {text}" if code else text, file=console.err)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(console.t("interrupted"), file=console.err)
        return 130
    except BrokenPipeError:  # `reviewer status | head -1`: whoever read our output has gone
        quiet_stdout()
        return EXIT_BROKEN_PIPE
    except Exception as exc:  # SPEC §10: no traceback reaches a user
        known = _known_condition(exc, args.db)
        if known is not None:
            console.error(known.code, known.key, **known.params)
            return EXIT_REFUSED
        return _internal_error(exc, console)


def quiet_stdout() -> None:
    """Point the process's stdout at the null device, so the text still buffered for a reader
    that has gone is dropped at exit instead of raising BrokenPipeError there."""
    import os

    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (a test's StringIO): nothing buffered
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


# Usage errors that SPEC §10 names by a code of their own.
_USAGE_CODES = {"format-unknown": "E-FORMAT"}


def _known_condition(exc: Exception, db: str | None) -> Refused | None:
    """A busy, read-only, full or foreign file met outside any handler's own checks, or None."""
    import errno
    import sqlite3

    from reviewer.store.db import refusal_for

    if isinstance(exc, sqlite3.Error):
        return refusal_for(exc, db or "-")
    if isinstance(exc, OSError):
        where = exc.filename or db or "-"
        if exc.errno == errno.ENOSPC:
            return Refused("E-DISK-FULL", path=str(where))
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return Refused("E-READ-ONLY", path=str(where))
        # a path given on the command line that no file can have: the user's input, not our fault
        reason = _PATH_REASONS.get(exc.errno or 0)
        if reason is not None and exc.filename:
            return Refused("E-PATH", path=str(exc.filename), reason=messages.phrase(reason))
    return None


def _path_reasons() -> dict[int, str]:
    import errno

    return {
        errno.ENAMETOOLONG: "reason-path-too-long",
        errno.ELOOP: "reason-path-loop",
        errno.ENOTDIR: "reason-path-not-folder",
        errno.EISDIR: "reason-path-is-folder",
    }


_PATH_REASONS = _path_reasons()


def _internal_error(exc: BaseException, console: Console) -> int:
    """Write the traceback to a log file in the user data folder; say one line; exit 70."""
    import datetime as dt
    import tempfile
    import traceback

    from reviewer import resources

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    text = "".join(traceback.format_exception(exc))
    log: Path | None = None
    for folder in (resources.data_dir() / "logs", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            log = folder / f"reviewer-error-{stamp}.log"
            log.write_text(f"reviewer {' '.join(sys.argv[1:])}\n{text}", encoding="utf-8")
            break
        except OSError:
            log = None
    console.error("E-INTERNAL", "E-INTERNAL", kind=type(exc).__name__, log=str(log) if log else "-")
    return EXIT_INTERNAL
