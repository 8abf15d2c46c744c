"""Stress run for issue 11 / R15: a `status` loop while a 1,000,000-row fleet import commits and
checkpoints in another process. Not a test (it takes minutes); the figure goes to bench/README.md.

    python bench/stress_gate.py [--rows 1000000] [--rounds 200]

Each round runs `reviewer --db DB status --fy 2026` and `reviewer --db DB imports --json` as
separate processes, as a person's second terminal would, and checks: exit 0, no traceback, the
database file has the same inode (never moved, renamed or replaced), nothing named `*.damaged-*`
or `*.replaced-*` beside it, and the number of batches never goes back. Imports are restarted
(each time with a new file) until the rounds are done, so the loop overlaps commits and checkpoints.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out" / "stress"
sys.path.insert(0, str(HERE))

from import_fleet import make_template, write_csv  # noqa: E402  (a sibling script)


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "reviewer", "--db", str(db), "--lang", "en", *args],
        capture_output=True,
        text=True,
        env=env,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--files", type=int, default=10, help="imports, one after another, under the loop")
    opts = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    (HERE / "out").mkdir(exist_ok=True)
    template = make_template("stress")
    db = OUT / "program.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.rmtree(OUT / "backups", ignore_errors=True)
    for old in OUT.glob("fleet-*.csv"):
        old.unlink()
    shutil.copyfile(template, db)
    inode = db.stat().st_ino
    files = []
    base = OUT / "fleet-base.csv"
    write_csv(base, opts.rows)
    text = base.read_text(encoding="utf-8")
    base.unlink()
    for k in range(opts.files):
        # other operators in each file: imports of new rows, none superseding another's
        f = OUT / f"fleet-{k}.csv"
        f.write_text(text.replace("operator-", f"op{k}-"), encoding="utf-8")
        files.append(f)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    started = time.monotonic()
    imports_done, seen, failures, during = 0, -1, [], 0
    importer: subprocess.Popen[str] | None = None
    launched = 0
    for n in range(opts.rounds):
        if importer is not None and importer.poll() is not None:
            if importer.returncode != 0:
                failures.append(f"import exit {importer.returncode}: {importer.stderr.read()[:300]}")  # type: ignore[union-attr]
            importer = None
            imports_done += 1
        if importer is None and launched < len(files):
            importer = subprocess.Popen(
                [sys.executable, "-m", "reviewer", "--db", str(db), "import", str(files[launched])],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            launched += 1
        importing = importer is not None and importer.poll() is None
        status = _cli(db, "status", "--fy", "2026")
        listed = _cli(db, "imports", "--json")
        for done in (status, listed):
            if done.returncode != 0 or "Traceback" in done.stderr:
                failures.append(f"round {n}: exit {done.returncode}: {done.stderr.strip()[:300]}")
        during += int(importing and importer is not None and importer.poll() is None)
        if listed.returncode == 0:
            count = len(json.loads(listed.stdout))
            if count < seen:
                failures.append(f"round {n}: {count} batches after {seen}")
            seen = max(seen, count)
        if not db.exists() or db.stat().st_ino != inode:
            failures.append(f"round {n}: the database was moved or replaced")
            break
        strays = [p.name for p in OUT.iterdir() if ".damaged-" in p.name or ".replaced-" in p.name]
        if strays:
            failures.append(f"round {n}: {strays}")
            break
    if importer is not None:
        importer.wait()
        imports_done += 1
    elapsed = time.monotonic() - started
    print(
        f"rounds: {opts.rounds}, of them during an import: {during}, imports: {imports_done}, batches: {seen}"
    )
    print(f"elapsed: {elapsed:.1f} s, failures: {len(failures)}")
    for line in failures[:20]:
        print("  " + line)
    if failures:
        print(f"the files are kept for a look: {OUT}")
        sys.exit(1)
    shutil.rmtree(OUT)  # ten million-row imports and their backups: gigabytes a user's disk needs back


if __name__ == "__main__":
    main()
