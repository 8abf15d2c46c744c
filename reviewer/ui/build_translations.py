"""Builds the desktop's translations: pyside6-lupdate (--update) refreshes the .ts, pyside6-lrelease the .qm.

Run `python -m reviewer.ui.build_translations [--update]`; the .qm output is committed and a
test rebuilds it into a temporary folder and fails on any difference.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from reviewer import resources

LANGUAGES = ("ja",)


def ts_file(lang: str) -> Path:
    return resources.assets_dir() / "i18n" / f"reviewer_{lang}.ts"


def tool(name: str) -> str:
    """The PySide6 tool `name`: the one beside this interpreter first (the PySide6 in use)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} (it ships with PySide6) is not on PATH")
    return found


def update_sources() -> None:
    """Extract every self.tr() / QT_TRANSLATE_NOOP string of reviewer/ui into the .ts files."""
    ui = Path(__file__).resolve().parent
    sources = sorted(str(p) for p in ui.rglob("*.py") if p.name != "build_translations.py")
    for lang in LANGUAGES:
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *sources,
                "-no-obsolete",
                "-locations",
                "none",
                "-ts",
                str(ts_file(lang)),
            ],
            check=True,
            capture_output=True,
        )


def release(out_dir: Path | None = None) -> list[Path]:
    """Compile each .ts to .qm (into `out_dir`, default beside the .ts); returns the .qm paths."""
    out = []
    for lang in LANGUAGES:
        source = ts_file(lang)
        target = (out_dir or source.parent) / source.with_suffix(".qm").name
        subprocess.run(
            [tool("pyside6-lrelease"), "-silent", str(source), "-qm", str(target)],
            check=True,
            capture_output=True,
        )
        out.append(target)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="refresh the .ts from the sources first")
    args = parser.parse_args(argv)
    if args.update:
        update_sources()
    for path in release():
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
