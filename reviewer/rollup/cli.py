"""`reviewer-rollup`: telemetry in, a fleet report and its manifest out (SPEC §14).

reviewer-rollup [--engine duckdb|spark] (--operator NAME --industry CODE | --registry FILE.csv)
                [--csv] -o OUT.parquet INPUT...

Exit status: 0 written, 1 input refused (nothing written), 2 usage (including a missing engine).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from reviewer import messages
from reviewer.core.errors import InputRefused
from reviewer.rollup import JOB_VERSION
from reviewer.rollup.job import EngineMissing, Job, manifest_path_for, prepare, write_outputs


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(message)


class _Usage(Exception):
    pass


def _parser(lang: str) -> _Parser:
    parser = _Parser(prog="reviewer-rollup", description=messages.text("rollup-description", lang))
    parser.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    parser.add_argument("--operator")
    parser.add_argument("--industry")
    parser.add_argument("--registry", type=Path)
    parser.add_argument("--csv", action="store_true")
    parser.add_argument("--threads", type=int, help=argparse.SUPPRESS)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--version", action="version", version=f"reviewer-rollup {JOB_VERSION}")
    parser.add_argument("inputs", nargs="+")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the job; returns the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    lang = messages.default_lang()

    def say_error(code: str, key: str, **params: object) -> None:
        print(f"{code} {messages.text(key, lang, **params)}", file=err)

    try:
        args = _parser(lang).parse_args(list(sys.argv[1:] if argv is None else argv))
    except _Usage as exc:
        say_error("E-USAGE", "rollup-usage", reason=str(exc))
        return 2
    grouping = _grouping_problem(args)
    if grouping:
        say_error("E-USAGE", grouping)
        return 2
    if args.output.suffix.lower() != ".parquet":
        say_error("E-USAGE", "rollup-output-suffix", path=args.output)
        return 2
    try:
        job = prepare(
            args.inputs, args.operator, args.industry, args.registry, allow_uris=args.engine == "spark"
        )
        result, counts, version = _run(args.engine, job, args.threads)
    except EngineMissing as missing:
        say_error(
            "E-ROLLUP-ENGINE-MISSING", "E-ROLLUP-ENGINE-MISSING", engine=missing.engine, extra=missing.extra
        )
        return 2
    except InputRefused as refused:
        for problem in refused.problems:
            explanation = messages.text(problem.code, lang, **problem.params)
            print(f"{problem.place()}: {problem.code} {explanation}", file=err)
        if refused.total > len(refused.problems):
            more = refused.total - len(refused.problems)
            print(messages.text("more-problems", lang, more=more, total=refused.total), file=err)
        return 1
    except OSError as exc:
        say_error(
            "E-ROLLUP-WRITE", "E-ROLLUP-WRITE", path=exc.filename or args.output, reason=exc.strerror or exc
        )
        return 1
    try:
        written = write_outputs(job, args.engine, version, result, counts, args.output, args.csv)
    except OSError as exc:
        for path in (args.output, manifest_path_for(args.output), args.output.with_suffix(".csv")):
            path.unlink(missing_ok=True)
        say_error(
            "E-ROLLUP-WRITE", "E-ROLLUP-WRITE", path=exc.filename or args.output, reason=exc.strerror or exc
        )
        return 1
    total = sum(counts.values())
    print(
        messages.text(
            "rollup-written",
            lang,
            rows=written.rows,
            messages=total,
            inputs=len(job.inputs),
            path=written.report,
        ),
        file=out,
    )
    print(messages.text("rollup-manifest", lang, path=written.manifest), file=out)
    return 0


def _grouping_problem(args: argparse.Namespace) -> str | None:
    if args.registry is not None:
        return "E-OPERATOR-AND-REGISTRY" if (args.operator or args.industry) else None
    if not (args.operator or "").strip() or not (args.industry or "").strip():
        return "E-NO-OPERATOR"
    return None


def _run(engine: str, job: Job, threads: int | None) -> tuple[object, dict[int, int], str]:
    if engine == "spark":
        from reviewer.rollup import spark_runner

        return spark_runner.run(job)
    from reviewer.rollup import duckdb_runner

    return duckdb_runner.run(job, threads)


if __name__ == "__main__":
    sys.exit(main())
