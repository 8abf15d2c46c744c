"""A plain (non-editable) wheel ships templates/ and assets/ and finds them when installed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_ships_templates_and_assets_and_finds_them(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = wheels.glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    assert "reviewer/assets/fonts/ipaexfont/ipaexg.ttf" in names
    assert "reviewer/assets/fonts/ipaexfont/IPA_Font_License_Agreement_v1.0.txt" in names
    assert "reviewer/store/sql/m001_initial.sql" in names
    assert any(n.startswith("reviewer/templates/") for n in names)
    probe = (
        "import reviewer.resources as r; print(r.assets_dir()); print(r.templates_dir());"
        "from reviewer.store.db import open_database; open_database('x.db', create=True); print('ok')"
    )
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "site"))
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assets, templates, ok = done.stdout.split()
    assert Path(assets) == tmp_path / "site/reviewer/assets"
    assert Path(templates) == tmp_path / "site/reviewer/templates"
    assert ok == "ok"
