"""A redaction records the text it redacted (SPEC §8 "Disclosure", m016). When the comment's text
changes afterwards, by whichever path (the desktop's edit, an assessment sheet imported again, a
reviewer package merged again), the redaction is out of date: the public edition prints neither
the old public text (it redacts another text) nor the new comment (no one reviewed it), but a note
that the comment is withheld until the secretariat reviews its public text, counted on the first
page; `comment redact` again brings it up to date."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlite_utils

from reviewer.cli import run
from reviewer.core.redaction import Redaction
from reviewer.reports import attachment
from reviewer.reports.context import AWAITING_REVIEW, UNDISCLOSED, CommentView, ReportContext
from reviewer.services import disclosure, evidence, packages
from reviewer.services.report_context import build_context
from reviewer.store import seal_checks
from reviewer.store.db import open_database, write_transaction
from tests.reports import builders

ORIGINAL = "Intervention rates in logistics remain high."
REDACTED = "Intervention rates are being reviewed with the operators."
REWRITTEN = "Intervention rates in logistics: 12 per 1,000 h at Hokuto's sites."
POSITIVE = "PickBench の成功率が目標を上回った。"
RECOMMEND = "介入データを業種別に公開すること。"
HEADER = ("reviewer", "fy", "target", "rating", "positive", "issues", "recommendations")


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return builders.build_program(tmp_path_factory.mktemp("redaction") / "program")


@pytest.fixture
def db(program: Path, tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    opened = open_database(builders.copy_db(program, tmp_path / "copy.db"))
    yield opened
    opened.close()


def _cid(db: sqlite_utils.Database) -> int:
    (cid,) = db.execute("SELECT id FROM comment WHERE text = ?", [ORIGINAL]).fetchone()
    return int(cid)


def _sheet(path: Path, issues: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        writer.writerow(("R2", "2027", "outcomes", "A", POSITIVE, issues, RECOMMEND))
    return path


def _on_the_desktop(db: sqlite_utils.Database, tmp_path: Path, issues: str) -> None:
    builders._target(
        db, "R2", 2027, "outcomes", "A", positive=POSITIVE, issues=issues, recommendations=RECOMMEND
    )


def _by_a_sheet(db: sqlite_utils.Database, tmp_path: Path, issues: str) -> None:
    evidence.import_file(db, _sheet(tmp_path / "again.csv", issues), evidence.ImportOptions())


def _by_a_package(db: sqlite_utils.Database, tmp_path: Path, issues: str) -> None:
    out = tmp_path / "r2.review"
    packages.export_package(db, "R2", out, fy=2027)
    mine = _sheet(tmp_path / "mine.csv", issues)
    assert run(["--lang", "en", "--db", str(out), "import", str(mine)]) == 0
    [merged] = packages.merge_packages(db, [out])
    assert merged.refused is None and merged.conflicts == () and merged.comments_changed == 1


Rewrite = Callable[[sqlite_utils.Database, Path, str], None]
PATHS: dict[str, Rewrite] = {"desktop": _on_the_desktop, "sheet": _by_a_sheet, "package": _by_a_package}


def _views(ctx: ReportContext) -> list[CommentView]:
    return [v for g in ctx.comments for v in (*g.positive, *g.issues, *g.recommendations, *g.overall)]


def _printed(ctx: ReportContext) -> list[object]:
    return [v.text for v in _views(ctx)]


@pytest.mark.parametrize("path", list(PATHS))
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_comment_changed_after_its_redaction_prints_neither_text_in_the_public_edition(
    db: sqlite_utils.Database, tmp_path: Path, path: str, lang: str
) -> None:
    cid = _cid(db)
    assert disclosure.redact_comment(db, cid, REDACTED) == "redacted"
    PATHS[path](db, tmp_path, REWRITTEN)
    assert db.execute("SELECT text FROM comment WHERE id = ?", [cid]).fetchone()[0] == REWRITTEN
    assert disclosure.redaction(db, cid) is Redaction.STALE
    assert disclosure.public_text(db, cid) is None  # no public text while out of date
    public = build_context(db, 2027, lang, "public")
    printed = _printed(public)
    assert REDACTED not in printed and REWRITTEN not in printed
    assert printed.count(AWAITING_REVIEW) == 1
    assert public.withheld is not None and public.withheld.comments == 1
    data = attachment.report_data(public)
    dumped = json.dumps(data, ensure_ascii=False)
    assert REDACTED not in dumped and REWRITTEN not in dumped and "Hokuto" not in dumped
    assert data["withheld"]["comments"] == 1 and data["withheld"]["total"] == public.withheld.total
    internal = build_context(db, 2027, lang, "internal")
    assert REWRITTEN in _printed(internal) and AWAITING_REVIEW not in _printed(internal)


def test_redacting_again_brings_the_redaction_up_to_date(db: sqlite_utils.Database, tmp_path: Path) -> None:
    cid = _cid(db)
    disclosure.redact_comment(db, cid, REDACTED)
    _on_the_desktop(db, tmp_path, REWRITTEN)
    # the same public text, reviewed again for the new comment: a change, audited with its basis
    assert disclosure.redact_comment(db, cid, REDACTED, actor="sec") == "redacted"
    assert disclosure.redaction(db, cid) is Redaction.CURRENT
    (new,) = db.execute(
        "SELECT new_json FROM audit_log WHERE entity = 'comment' AND entity_key = ? ORDER BY id DESC LIMIT 1",
        [str(cid)],
    ).fetchone()
    assert json.loads(new) == {
        "public_text": REDACTED,
        "public_basis": hashlib.sha256(REWRITTEN.encode()).hexdigest(),
    }
    public = build_context(db, 2027, "en", "public")
    assert REDACTED in _printed(public) and AWAITING_REVIEW not in _printed(public)
    assert public.withheld is not None and public.withheld.comments == 0
    # none withheld: the attachment holds no such key, as every public edition before m016
    assert "comments" not in attachment.report_data(public)["withheld"]
    assert disclosure.redact_comment(db, cid, REDACTED) == "unchanged"
    # the new comment itself as the public text clears the redaction: it prints as written
    assert disclosure.redact_comment(db, cid, REWRITTEN) == "cleared"
    assert disclosure.redaction(db, cid) is Redaction.NONE
    assert REWRITTEN in _printed(build_context(db, 2027, "en", "public"))


def test_the_comment_written_back_as_it_was_makes_its_redaction_current_again(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    cid = _cid(db)
    disclosure.redact_comment(db, cid, REDACTED)
    _on_the_desktop(db, tmp_path, REWRITTEN)
    _on_the_desktop(db, tmp_path, ORIGINAL)
    assert disclosure.redaction(db, cid) is Redaction.CURRENT
    assert disclosure.public_text(db, cid) == REDACTED
    assert REDACTED in _printed(build_context(db, 2027, "ja", "public"))


def test_an_emptied_comment_with_a_redaction_prints_nothing_and_comes_back_out_of_date(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    cid = _cid(db)
    disclosure.redact_comment(db, cid, REDACTED)
    _on_the_desktop(db, tmp_path, "")
    public = build_context(db, 2027, "en", "public")
    assert REDACTED not in _printed(public) and AWAITING_REVIEW not in _printed(public)
    _on_the_desktop(db, tmp_path, REWRITTEN)
    assert disclosure.redaction(db, cid) is Redaction.STALE
    assert _printed(build_context(db, 2027, "en", "public")).count(AWAITING_REVIEW) == 1


def test_a_confidential_comment_out_of_date_stays_not_disclosed(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    cid = _cid(db)
    disclosure.redact_comment(db, cid, REDACTED)
    _on_the_desktop(db, tmp_path, REWRITTEN)
    with write_transaction(db):
        db.execute("UPDATE comment SET confidential = 1 WHERE id = ?", [cid])
    public = build_context(db, 2027, "en", "public")
    assert AWAITING_REVIEW not in _printed(public) and UNDISCLOSED in _printed(public)
    assert REDACTED not in _printed(public) and REWRITTEN not in _printed(public)


def test_a_comment_never_redacted_prints_as_rewritten(db: sqlite_utils.Database, tmp_path: Path) -> None:
    cid = _cid(db)
    _on_the_desktop(db, tmp_path, REWRITTEN)
    assert disclosure.redaction(db, cid) is Redaction.NONE
    assert disclosure.public_text(db, cid) == REWRITTEN
    assert REWRITTEN in _printed(build_context(db, 2027, "en", "public"))


def test_a_basis_written_by_raw_sql_to_hide_the_change_is_named(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    cid = _cid(db)
    disclosure.redact_comment(db, cid, REDACTED)
    _on_the_desktop(db, tmp_path, REWRITTEN)
    assert seal_checks.unaudited_versions(db) == []  # the product's own writes are all audited
    forged = hashlib.sha256(REWRITTEN.encode()).hexdigest()
    with write_transaction(db):
        db.execute("UPDATE comment SET public_basis = ? WHERE id = ?", [forged, cid])
    assert ("comment", f"{cid} public_basis", 2027) in seal_checks.unaudited_versions(db)


def _in_2028(db: sqlite_utils.Database, text: str) -> int:
    (cid,) = db.execute(
        "SELECT c.id FROM comment c JOIN assessment a ON a.id = c.assessment_id"
        " WHERE a.fy = 2028 AND c.text = ?",
        [text],
    ).fetchone()
    return int(cid)


def test_a_redacted_comment_carried_over_keeps_its_redaction(db: sqlite_utils.Database) -> None:
    """carry_over copies a reviewer's comments into the next FY as they were: without the
    redaction, the text the secretariat kept out of one public edition printed in the next."""
    from reviewer.services import assessments

    cid = _cid(db)
    disclosure.redact_comment(db, cid, REDACTED)
    assert assessments.carry_over(db, "R2", 2027, 2028) > 0
    copied = _in_2028(db, ORIGINAL)
    assert disclosure.redaction(db, copied) is Redaction.CURRENT
    assert disclosure.public_text(db, copied) == REDACTED
    printed = _printed(build_context(db, 2028, "en", "public"))
    assert REDACTED in printed and ORIGINAL not in printed
    assert seal_checks.unaudited_versions(db) == []  # the carried public text is audited


def test_a_stale_redaction_carried_over_stays_out_of_date(db: sqlite_utils.Database, tmp_path: Path) -> None:
    from reviewer.services import assessments

    cid = _cid(db)
    disclosure.redact_comment(db, cid, REDACTED)
    _on_the_desktop(db, tmp_path, REWRITTEN)
    assessments.carry_over(db, "R2", 2027, 2028)
    copied = _in_2028(db, REWRITTEN)
    assert disclosure.redaction(db, copied) is Redaction.STALE
    printed = _printed(build_context(db, 2028, "en", "public"))
    assert REWRITTEN not in printed and REDACTED not in printed and AWAITING_REVIEW in printed
