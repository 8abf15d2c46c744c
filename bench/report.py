"""Report benchmark (PERFORMANCE.md): the product's `report` against WeasyPrint alone on the same HTML.

For the demo FY and for a large FY (200 milestones, 20 reviewers, 1,000 evidence files), each
run is a whole process: `python -m reviewer report` (queries, charts, templates, then its render
child) and `python -m weasyprint` on the HTML that report renders, alternating A B A B after a
warm-up. Prints medians, pages per second, peak memory (the largest process of each tree) and
the ratio (budget ≤ 1.25×). Then the PAdES step (SPEC §7) on the demo's signed FY2026: the
in-process cost of signing the rendered PDF with the demo officer's key against the whole
render, and `report --key` against `report` as whole processes.
Usage: python bench/report.py [--runs N] [--files N] [--pades-only]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reviewer import resources  # noqa: E402
from reviewer.reports.render import render_html  # noqa: E402
from reviewer.services import assessments, decisions, demo, evidence, programs, signing  # noqa: E402
from reviewer.services.demo_steps import demo_key_files  # noqa: E402
from reviewer.services.report_context import build_context  # noqa: E402
from reviewer.store.db import open_database  # noqa: E402

CRITERIA = ("positioning", "management", "outcomes", "commercialization")


def large_plan(path: Path, milestones: int, reviewers: int) -> None:
    lines = [
        "program:",
        "  code: BIG",
        "  name: {ja: 大規模評価試験, en: Large review benchmark}",
        "  implementer: Bench consortium",
        "  ceiling_jpy: 1000000000000",
        "  first_fy: 2026",
        "  last_fy: 2030",
        "  guaranteed_through_fy: 2027",
        "  trajectory: [{year: 2027, robots_active: 20000}, {year: 2040, robots_active: 10000000}]",
        "criteria: nedo-standard",
        "officers: [{id: O1, name: 田中 一, role: approver}]",
        "fiscal_years:",
        "  - {fy: 2026, installment_jpy: 300000000000, gate_date: 2027-03-10}",
        "  - {fy: 2027, installment_jpy: 387300000000, gate_date: 2028-03-09}",
        "industries:",
        "  - {code: medical, ja: 医療, en: Medical care}",
        "  - {code: logistics, ja: 物流, en: Logistics}",
        "  - {code: retail, ja: 小売, en: Retail}",
        "reviewers:",
    ]
    kana = "あいうえおかきくけこさしすせそたちつてとなにぬねの"
    for r in range(reviewers):
        lines.append(
            f"  - {{id: R{r:02d}, name: 委員 {r:02d}, kana: {kana[r % len(kana)]}{r:02d},"
            f" affiliation: 大学{r}, role: member, conflicts: []}}"
        )
    lines.append("milestones:")
    for m in range(milestones):
        kind = m % 4
        head = (
            f"  - {{code: L{m:03d}, fy: 2027, area: {['benchmark', 'fleet', 'model', 'management'][kind]},"
            f" criterion: {CRITERIA[m % 4]}, weight: 1, due: 2028-03-31,"
            f" title: {{ja: 大規模マイルストーン {m} の達成, en: Large milestone {m} achieved}}"
        )
        if kind == 0:
            rule = f"{{kind: benchmark, benchmark: bench{m % 40}, metric: acc, op: '>=', target: 0.5}}"
        elif kind == 1:
            rule = "{kind: fleet, measure: robots_active, period: 2028-03, op: '>=', target: 1000}"
        elif kind == 2:
            rule = f"{{kind: model, model: big/model-{m % 10}}}"
        else:
            rule = None
        lines.append(head + (f", rule: {rule}}}" if rule else "}"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_large(folder: Path, files: int, milestones: int = 200, reviewers: int = 20) -> Path:
    plan = folder / "big.yaml"
    large_plan(plan, milestones, reviewers)
    db_path = folder / "big.db"
    programs.init_database(db_path, plan)
    db = open_database(db_path)
    src = folder / "files"
    src.mkdir()
    for n in range(files):
        f = src / f"results-{n:04d}.csv"
        f.write_text(
            "model,benchmark,metric,value,date\n"
            f"big/model-{n % 10},bench{n % 40},acc,{0.3 + (n % 50) / 100:.2f},2027-{1 + n % 12:02d}-15\n",
            encoding="utf-8",
        )
        evidence.import_file(db, f, evidence.ImportOptions())
    fleet = src / "fleet.csv"
    rows = ["period,industry,operator,robots_deployed,robots_active,operating_hours,interventions,incidents"]
    for month in range(1, 13):
        period = f"{2027 + (month > 9)}-{(month + 2) % 12 + 1:02d}"
        for ind in ("medical", "logistics", "retail"):
            rows.append(f"{period},{ind},Op,{month * 100},{month * 90},{month * 1000},{month},0")
    fleet.write_text("\n".join(rows) + "\n", encoding="utf-8")
    evidence.import_file(db, fleet, evidence.ImportOptions())
    for r in range(reviewers):
        for i, code in enumerate(CRITERIA):
            assessments.save_target(
                db,
                assessments.TargetValues(
                    f"R{r:02d}",
                    2027,
                    code,
                    "ABCD"[(r + i) % 4],
                    positive=f"委員{r}の{code}に関する所見。" * 3,
                ),
            )
    decisions.decide(
        db,
        2027,
        decisions.DecisionInput(
            decisions.Outcome.CONTINUE,
            110_000_000_000,
            "Benchmark.",
            conditions=(("Plan", dt.date(2028, 9, 30)),),
        ),
    )
    db.close()
    return db_path


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB, the largest process of the tree) of one whole-process run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode() if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def pages_of(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def compare(name: str, db_path: Path, fy: int, folder: Path, runs: int, budget: str) -> None:
    db = open_database(db_path)
    html = render_html(build_context(db, fy, "ja", "internal"))
    db.close()
    html_file = folder / f"{name}.html"
    html_file.write_text(html, encoding="utf-8")
    product = [
        sys.executable,
        "-m",
        "reviewer",
        "--db",
        str(db_path),
        "--lang",
        "ja",
        "report",
        "--fy",
        str(fy),
    ]
    product += ["-o", str(folder / f"{name}-product.pdf")]
    floor = [sys.executable, "-m", "weasyprint", "-u", resources.assets_dir().as_uri() + "/", str(html_file)]
    floor += [str(folder / f"{name}-weasyprint.pdf")]
    timed(product), timed(floor)  # warm-up: file caches, font caches
    a_times, b_times, a_mem, b_mem = [], [], [], []
    for _ in range(runs):
        t, m = timed(product)
        a_times.append(t)
        a_mem.append(m)
        t, m = timed(floor)
        b_times.append(t)
        b_mem.append(m)
    pages = pages_of(folder / f"{name}-product.pdf")
    a, b = statistics.median(a_times), statistics.median(b_times)
    print(
        f"{name}: {pages} pages | product {a:.2f} s ({pages / a:.2f} pages/s, peak {max(a_mem):.0f} MiB)"
        f" | WeasyPrint alone {b:.2f} s ({pages / b:.2f} pages/s, peak {max(b_mem):.0f} MiB)"
        f" | ratio {a / b:.2f}x ({budget}) | runs {runs}"
    )


def pades_cost(db_path: Path, folder: Path, runs: int) -> None:
    """The PAdES step against the render, on the demo's FY2026 signed by the demo officer's key."""
    from reviewer.reports import pades

    key_file, passphrase_file = demo_key_files(db_path)
    passphrase = passphrase_file.read_text(encoding="utf-8").splitlines()[0]
    key = signing.load_key(key_file, passphrase)
    base = [sys.executable, "-m", "reviewer", "--db", str(db_path), "--lang", "ja", "report", "--fy", "2026"]
    plain = [*base, "-o", str(folder / "plain.pdf")]
    keyed = [*base, "--key", str(key_file), "--passphrase-file", str(passphrase_file)]
    keyed += ["-o", str(folder / "keyed.pdf")]
    timed(plain), timed(keyed)  # warm-up
    plain_t, keyed_t, sign_t = [], [], []
    for _ in range(runs):
        plain_t.append(timed(plain)[0])
        keyed_t.append(timed(keyed)[0])
    unsigned = (folder / "plain.pdf").read_bytes()
    when = dt.datetime(2027, 3, 20, 1, 0, tzinfo=dt.UTC)
    pades.sign_pdf(unsigned, key, when, out_name="x.pdf")  # warm-up: pyHanko's imports
    for _ in range(max(runs, 5)):
        start = time.perf_counter()
        pades.sign_pdf(unsigned, key, when, out_name="x.pdf")
        sign_t.append(time.perf_counter() - start)
    render, step, whole = statistics.median(plain_t), statistics.median(sign_t), statistics.median(keyed_t)
    print(
        f"PAdES on demo FY2026: render {render:.2f} s (whole `report`), signing step {step * 1000:.0f} ms"
        f" in process = {step / render:.3f}x the render; `report --key` {whole:.2f} s = {whole / render:.2f}x"
        f" `report` (includes pyHanko's imports) | runs {runs}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--pades-only", action="store_true", help="only the PAdES step against the render")
    args = parser.parse_args()
    import platform

    import weasyprint

    machine = platform.processor() or platform.machine()
    print(
        f"machine: {os.cpu_count()} CPUs, {machine}; Python {platform.python_version()},"
        f" WeasyPrint {weasyprint.__version__}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        folder = Path(tmp)
        demo_db = folder / "demo.db"
        demo.build_demo(demo_db)
        pades_cost(demo_db, folder, args.runs)
        if args.pades_only:
            return
        # PERFORMANCE.md budgets the large FY; the demo's ratio is shown for its fixed costs
        compare("demo FY2027", demo_db, 2027, folder, args.runs, "no budget: fixed costs dominate")
        start = time.perf_counter()
        big = build_large(folder, args.files)
        print(f"(large FY built in {time.perf_counter() - start:.1f} s)")
        compare("large FY2027", big, 2027, folder, args.runs, "budget 1.25x")


if __name__ == "__main__":
    main()
