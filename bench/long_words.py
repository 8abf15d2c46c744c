"""Long-word render bound (SPEC §10, issue 13): a maximal FY whose every text is one word at the
limit, against the same FY whose texts have the same number of characters in ordinary words.

Builds two databases from the large-FY plan of `report.py` (milestones and reviewers as given):
every reviewer's three comments on every criterion and on `overall` at 10,000 characters, the
decision's rationale and conditions at 10,000; in one database each text is a single unbroken
word, in the other ordinary words of the same total length. Renders each FY's report with the
product's `report` command, alternating A B A B after a warm-up, and prints the medians and the
ratio (budget ≤ 2×). Usage: python bench/long_words.py [--runs N] [--reviewers N] [--milestones N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from report import CRITERIA, large_plan, pages_of, timed  # noqa: E402

from reviewer.core.limits import MAX_CHARS, TextKind  # noqa: E402
from reviewer.services import assessments, decisions, programs  # noqa: E402
from reviewer.store.db import open_database  # noqa: E402

LIMIT = MAX_CHARS[TextKind.LONG]


def one_word(seed: str) -> str:
    """One unbroken word of exactly LIMIT characters (a pasted hash, URL or base64 blob)."""
    return (seed + "x" * LIMIT)[:LIMIT]


def ordinary(seed: str) -> str:
    """Ordinary words of exactly LIMIT characters."""
    return ((seed + " ordinary review words ") * (LIMIT // 10))[:LIMIT]


def build(folder: Path, name: str, text: object, reviewers: int, milestones: int) -> Path:
    plan = folder / f"{name}.yaml"
    large_plan(plan, milestones, reviewers)
    db_path = folder / f"{name}.db"
    programs.init_database(db_path, plan)
    db = open_database(db_path)
    make = one_word if text == "word" else ordinary
    for r in range(reviewers):
        for i, code in enumerate((*CRITERIA, "overall")):
            assessments.save_target(
                db,
                assessments.TargetValues(
                    f"R{r:02d}",
                    2027,
                    code,
                    None if code == "overall" else "ABCD"[(r + i) % 4],
                    positive=make(f"P{r}{code}"),
                    issues=make(f"I{r}{code}"),
                    recommendations=make(f"R{r}{code}"),
                ),
            )
    decisions.decide(
        db,
        2027,
        decisions.DecisionInput(
            decisions.Outcome.CONTINUE_WITH_CONDITIONS,
            110_000_000_000,
            make("rationale"),
            conditions=((make("condition"), dt.date(2028, 9, 30)),),
        ),
    )
    db.close()
    return db_path


def report(db_path: Path, out: Path) -> list[str]:
    """The product's `report` command for FY2027 of `db_path`, written to `out`."""
    db = ["--db", str(db_path), "--lang", "ja"]
    return [sys.executable, "-m", "reviewer", *db, "report", "--fy", "2027", "-o", str(out)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reviewers", type=int, default=5)
    parser.add_argument("--milestones", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-long-words-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        words_db = build(folder, "words", "words", args.reviewers, args.milestones)
        long_db = build(folder, "long", "word", args.reviewers, args.milestones)
        print(f"(two FYs built in {time.perf_counter() - started:.1f} s)")
        a_cmd, b_cmd = report(long_db, folder / "long.pdf"), report(words_db, folder / "words.pdf")
        timed(a_cmd), timed(b_cmd)  # warm-up
        a_times, b_times = [], []
        for _ in range(args.runs):
            a_times.append(timed(a_cmd)[0])
            b_times.append(timed(b_cmd)[0])
        a, b = statistics.median(a_times), statistics.median(b_times)
        texts = args.reviewers * (len(CRITERIA) + 1) * 3 + 2
        print(
            f"{texts} texts of {LIMIT:,} characters | one word each: {a:.2f} s"
            f" ({pages_of(folder / 'long.pdf')} pages) | ordinary words: {b:.2f} s"
            f" ({pages_of(folder / 'words.pdf')} pages) | ratio {a / b:.2f}x (budget 2x) | runs {args.runs}"
        )


if __name__ == "__main__":
    main()
