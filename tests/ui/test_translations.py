"""Translations: the committed .qm is exactly what pyside6-lrelease makes of the .ts; nothing untranslated."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from reviewer import resources
from reviewer.ui import build_translations


def test_committed_qm_matches_a_rebuild(tmp_path: Path) -> None:
    (rebuilt,) = build_translations.release(tmp_path)
    committed = resources.assets_dir() / "i18n" / rebuilt.name
    assert rebuilt.read_bytes() == committed.read_bytes(), "run python -m reviewer.ui.build_translations"


def test_every_message_is_translated() -> None:
    tree = ET.parse(build_translations.ts_file("ja"))
    messages = list(tree.iter("message"))
    assert len(messages) > 150
    missing = [
        m.findtext("source")
        for m in messages
        if not (m.findtext("translation") or "").strip() or m.find("translation").get("type") == "unfinished"  # type: ignore[union-attr]
    ]
    assert missing == []


def test_sources_are_all_in_the_ts(tmp_path: Path) -> None:
    """A string added to the UI without re-running lupdate would show in English only."""
    import subprocess

    ui = Path(build_translations.__file__).resolve().parent
    sources = sorted(str(p) for p in ui.rglob("*.py") if p.name != "build_translations.py")
    fresh = tmp_path / "fresh.ts"
    # beside this interpreter, as in a virtual environment whose bin/ is not on PATH
    lupdate = build_translations.tool("pyside6-lupdate")
    subprocess.run(
        [lupdate, *sources, "-locations", "none", "-ts", str(fresh)], check=True, capture_output=True
    )
    wanted = {
        (c.findtext("name"), m.findtext("source"))
        for c in ET.parse(fresh).iter("context")
        for m in c.iter("message")
    }
    have = {
        (c.findtext("name"), m.findtext("source"))
        for c in ET.parse(build_translations.ts_file("ja")).iter("context")
        for m in c.iter("message")
    }
    assert wanted - have == set()
