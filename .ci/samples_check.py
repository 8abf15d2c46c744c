"""Checks against the files beside a checkout in ../shared: the spec and the real public samples.

The tests never read outside the repository (a fresh clone has nothing beside it); they use our
own files in the samples' shapes (tests/data/shapes). Where ../shared exists, this script checks
that those shapes still say what the real files say: each real sample is read as the importers
read it, and SPEC §5's worked example runs end to end on the real lm-eval file, as SPEC §5 asks.
`.ci/run` runs it only when ../shared/samples exists. Exit 0 when every check holds, else 1.

    .venv/bin/python .ci/samples_check.py [SHARED_DIR]
"""

from __future__ import annotations

import datetime as dt
import filecmp
import io
import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reviewer.cli import run  # noqa: E402
from reviewer.core.errors import InputRefused  # noqa: E402
from reviewer.importers import (  # noqa: E402
    FORMATS,
    assessment_sheet,
    benchmark_csv,
    detect,
    fleet_report,
    hf_eval_results,
    lm_eval,
    open_rmf,
    vda5050,
)
from reviewer.importers.base import HEAD_BYTES, ParseContext  # noqa: E402

FAILED: list[str] = []


def check(name: str) -> Callable[[Callable[[Path], None]], Callable[[Path], None]]:
    def wrap(fn: Callable[[Path], None]) -> Callable[[Path], None]:
        def run_one(shared: Path) -> None:
            try:
                fn(shared)
            except Exception as exc:  # a check that fails says which and why, then the rest run
                FAILED.append(name)
                print(f"FAIL {name}: {type(exc).__name__}: {exc}")
            else:
                print(f"ok   {name}")

        CHECKS.append(run_one)
        return run_one

    return wrap


CHECKS: list[Callable[[Path], None]] = []


def refusal(call: Callable[[], object]) -> list[tuple[str, int | None, str]]:
    try:
        call()
    except InputRefused as exc:
        return [(p.code, p.line, str(p.params.get("field", ""))) for p in exc.problems]
    raise AssertionError("not refused")


@check("FORMATS is SPEC §4's table, in order")
def _spec_table(shared: Path) -> None:
    spec = (shared / "SPEC.md").read_text(encoding="utf-8")
    section = spec[spec.index("## 4. Evidence sources") : spec.index("## 5. Milestone rules")]
    in_table = re.findall(r"^\| \w+ \| `([a-z0-9-]+)` \|", section, re.MULTILINE)
    # formats the "in the wild" list adds: `- \`name\` (new): ...`
    added = re.findall(r"^- `([a-z0-9-]+)` \(new\)", section, re.MULTILINE)
    assert tuple(in_table + added) == FORMATS, (in_table, added)


@check("tests/data/example is the worked example as ../shared/checks/example has it")
def _example_copy(shared: Path) -> None:
    theirs, ours = shared / "checks" / "example", REPO / "tests" / "data" / "example"
    names = sorted(p.name for p in theirs.iterdir() if p.is_file())
    _same, mismatch, errors = filecmp.cmpfiles(theirs, ours, names, shallow=False)
    assert not mismatch and not errors, (mismatch, errors)


@check("the real lm-eval legacy sample: acc and acc_norm with their stderr; no model refused")
def _lm_eval(shared: Path) -> None:
    path = shared / "samples" / "lm-eval" / "arc_challenge-v2.0-res.json"
    assert detect(path) == "lm-eval" and lm_eval.sniff(path.read_bytes(), path)
    ctx = ParseContext(path.name, model="acme/robo-1", effective_date=dt.date(2027, 6, 1))
    got = [(r.metric, r.value, r.stderr) for r in lm_eval.parse(path, ctx)]  # type: ignore[union-attr]
    assert got == [
        ("acc", 0.26621160409556316, 0.01291577478152323),
        ("acc_norm", 0.28242320819112626, 0.01315545688409722),
    ], got
    assert refusal(lambda: list(lm_eval.parse(path, ParseContext(path.name)))) == [("E-NO-MODEL", None, "")]


@check("the Hub's eval_results template: refused at each placeholder; its concrete entry read")
def _hf_template(shared: Path) -> None:
    path = shared / "samples" / "hf-eval-results" / "eval_results.template.yaml"
    assert detect(path) == "hf-eval-results"
    got = refusal(lambda: list(hf_eval_results.parse(path, ParseContext(path.name, model="acme/robo-1"))))
    assert got == [  # each unfilled `{placeholder}` named as such (issue 14), at its line
        ("E-PLACEHOLDER", 4, "[0].dataset.task_id"),
        ("E-PLACEHOLDER", 9, "[0].value"),
        ("E-PLACEHOLDER", 11, "[0].verifyToken"),  # read: a token makes a result independent
        ("E-PLACEHOLDER", 14, "[0].date"),
        ("E-PLACEHOLDER", 17, "[0].source.url"),
    ], got
    text = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        concrete = Path(folder) / "gpqa.yaml"
        concrete.write_text(text[text.index("# or, with only the required attributes:") :], encoding="utf-8")
        records = list(hf_eval_results.parse(concrete, ParseContext(concrete.name, model="acme/robo-1")))
    assert [(r.names, r.value) for r in records] == [(("Idavidrein/gpqa", "gpqa_diamond"), 0.412)]  # type: ignore[union-attr]


@check("the non-formats (MLPerf system, Open-RMF task_state, VDA 5050 schema) are refused")
def _non_formats(shared: Path) -> None:
    samples = shared / "samples"
    for relative in (
        "mlperf/systems_8xMI300X_2xEPYC_9575F.json",
        "open-rmf/task_state_multi_dropoff_delivery.json",
        "vda5050/state.schema.v2.1.0.json",
    ):
        path = samples / relative
        codes = [c for c, _l, _f in refusal(lambda path=path: detect(path))]  # type: ignore[misc]
        assert codes == ["E-UNKNOWN-FORMAT"], relative
        head = path.read_bytes()[:HEAD_BYTES]
        assert not open_rmf.sniff(head, path) and not vda5050.sniff(head, path), relative
    task = samples / "open-rmf" / "task_state_multi_dropoff_delivery.json"
    ctx = ParseContext(task.name, resolve_industry=lambda text: "medical" if text == "medical" else None)
    ctx.operator, ctx.industry = "Kanto Care", "medical"  # forced with --format and its options
    forced = refusal(lambda: list(open_rmf.parse(task, ctx)))
    assert forced == [("E-TELEMETRY-FIELD", 1, "name"), ("E-TELEMETRY-FIELD", 1, "robots")], forced


@check("no real sample is taken for a table")
def _not_tabular(shared: Path) -> None:
    paths = [p for p in (shared / "samples").rglob("*") if p.is_file() and p.name != "SOURCE.txt"]
    assert paths
    for path in paths:
        head = path.read_bytes()[:HEAD_BYTES]
        for module in (fleet_report, benchmark_csv, assessment_sheet):
            assert not module.sniff(head, path), (module.NAME, path)


@check("SPEC §5's worked example, end to end on the command line with the real lm-eval file")
def _worked_example(shared: Path) -> None:
    example = shared / "checks" / "example"
    lm = shared / "samples" / "lm-eval" / "arc_challenge-v2.0-res.json"
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "w.db")

        def cli(*argv: str) -> str:
            out, err = io.StringIO(), io.StringIO()
            code = run(["--db", db, *argv], out, err)
            assert code == 0, (argv, err.getvalue())
            return out.getvalue()

        cli("init", "--plan", str(example / "plan.yaml"))
        cli("import", str(lm), "--model", "acme/robo-1", "--effective-date", "2027-06-01")
        cli("import", str(example / "fleet.csv"))
        cli("import", str(example / "README.md"), "--effective-date", "2028-05-01")
        got = {m["code"]: m for m in json.loads(cli("status", "--fy", "2027", "--json"))["milestones"]}
    expected = json.loads((example / "expected.json").read_text(encoding="utf-8"))
    for code, want in expected.items():
        assert got[code]["status"] == want["status"], (code, got[code])
        if "value" in want:
            assert abs(got[code]["value"] - want["value"]) < 5e-5, (code, got[code])


def main(argv: list[str]) -> int:
    shared = Path(argv[1]) if len(argv) > 1 else REPO.parent / "shared"
    if not (shared / "samples").is_dir():
        print(f"no samples at {shared / 'samples'}: nothing to check")
        return 0
    for one in CHECKS:
        one(shared)
    print(f"{len(CHECKS) - len(FAILED)} of {len(CHECKS)} checks hold")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
