"""Disclosure and public texts (SPEC §8): what each call writes, audits, refuses and seals."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from reviewer.core.errors import Refused
from reviewer.core.redaction import Redaction, text_basis
from reviewer.services import decisions, disclosure, evidence, sealing
from reviewer.store.db import open_database
from tests.officer_keys import officer_key
from tests.reports import builders


@pytest.fixture(scope="module")
def program(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report tests' program (FY2026 signed, FY2027 decided, unsigned), built once."""
    return builders.build_program(tmp_path_factory.mktemp("disclosure") / "program")


@pytest.fixture
def db(program: Path, tmp_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(builders.copy_db(program, tmp_path / "copy.db"))
    yield database
    database.close()


def _batch(db: sqlite_utils.Database, name: str) -> int:
    return next(v.batch.id for v in evidence.batches(db) if v.batch.file_name == name)


def _deciding(db: sqlite_utils.Database, fy: int, code: str) -> list[int]:
    status = sealing.sealed_fy(db, fy).status
    return next(m["evidence"] for m in status["milestones"] if m["code"] == code)


def _audit(db: sqlite_utils.Database, entity: str) -> list[tuple[str, str, str | None, str | None]]:
    return [
        (str(k), str(a), o, n)
        for k, a, o, n in db.execute(
            "SELECT entity_key, action, old_json, new_json FROM audit_log WHERE entity = ? ORDER BY id",
            [entity],
        )
    ]


def test_a_milestone_discloses_its_deciding_evidence_audited_once_each(db: sqlite_utils.Database) -> None:
    ids = _deciding(db, 2027, "B2")
    assert len(ids) == 2  # the two fleet rows summed for 2028-03
    done = disclosure.disclose(db, 2027, disclosure.Target(milestone="B2"), actor="sec")
    assert sorted(r.evidence_id for r in done.changed) == sorted(ids) and not done.unchanged
    assert [(k, a) for k, a, _o, _n in _audit(db, "disclosure")] == [
        (f"2027:evidence:{i}", "insert") for i in sorted(ids)
    ]
    assert json.loads(_audit(db, "disclosure")[0][3] or "") == {"fy": 2027, "evidence": sorted(ids)[0]}
    # again: nothing changes, nothing is audited
    again = disclosure.disclose(db, 2027, disclosure.Target(milestone="B2"))
    assert not again.changed and len(again.unchanged) == 2 and len(_audit(db, "disclosure")) == 2
    # the sealed reader marks them disclosed, and the public fleet series now holds them
    seal = sealing.sealed_fy(db, 2027).seal
    assert all(seal["evidence"][str(i)]["disclosed"] is True for i in ids)
    assert seal["fleet_series"]["2028-03:logistics"]["public"] == 1437
    assert seal["disclosure"] == {f"2027:evidence:{i}": {"fy": 2027, "evidence": i} for i in sorted(ids)}
    # undo withdraws each, audited as a delete
    undone = disclosure.disclose(db, 2027, disclosure.Target(milestone="B2"), undo=True)
    assert len(undone.changed) == 2
    assert [a for _k, a, _o, _n in _audit(db, "disclosure")] == ["insert", "insert", "delete", "delete"]
    seal = sealing.sealed_fy(db, 2027).seal
    assert seal["disclosure"] == {} and seal["fleet_series"]["2028-03:logistics"]["public"] is None


def test_a_batch_discloses_every_record_and_its_file_name(db: sqlite_utils.Database) -> None:
    batch = _batch(db, "fleet_2027.csv")
    before = sealing.sealed_fy(db, 2027).seal
    assert "disclosed" not in before["import_batch"][str(batch)]
    disclosure.disclose(db, 2027, disclosure.Target(batch=batch))
    seal = sealing.sealed_fy(db, 2027).seal
    assert seal["import_batch"][str(batch)]["disclosed"] is True
    assert seal["fleet_series"]["2027-09:medical"]["public"] == 380
    # another FY's public edition is not touched
    assert "disclosed" not in sealing.sealed_fy(db, 2028).seal["import_batch"][str(batch)]


def test_a_batch_whose_records_are_each_disclosed_prints_its_file_name(db: sqlite_utils.Database) -> None:
    batch = _batch(db, "bench.csv")
    ids = [int(i) for (i,) in db.execute("SELECT id FROM evidence WHERE batch_id = ? ORDER BY id", [batch])]
    for i in ids[:-1]:
        disclosure.disclose(db, 2027, disclosure.Target(evidence=i))
    assert "disclosed" not in sealing.sealed_fy(db, 2027).seal["import_batch"][str(batch)]
    disclosure.disclose(db, 2027, disclosure.Target(evidence=ids[-1]))
    assert sealing.sealed_fy(db, 2027).seal["import_batch"][str(batch)]["disclosed"] is True


def test_refusals_name_what_is_wrong_and_write_nothing(db: sqlite_utils.Database) -> None:
    entries = db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    cases = [
        (2026, disclosure.Target(batch=1), "E-DISCLOSE-SIGNED", {"fy": 2026}),
        (2031, disclosure.Target(batch=1), "E-NO-FY", {"fy": 2031}),
        (2027, disclosure.Target(batch=999), "E-NO-BATCH", {"batch": 999}),
        (2027, disclosure.Target(evidence=999_999), "E-NO-EVIDENCE", {"evidence": 999_999}),
        (2027, disclosure.Target(document=1), "E-NO-DOCUMENT", {"id": 1}),
        (2027, disclosure.Target(milestone="ZZ"), "E-NO-MILESTONE", {"milestone": "ZZ"}),
        (2027, disclosure.Target(milestone="A1"), "E-DISCLOSE-MILESTONE-FY", {"milestone": "A1"}),
    ]
    for fy, target, code, params in cases:
        with pytest.raises(Refused) as caught:
            disclosure.disclose(db, fy, target)
        assert caught.value.code == code
        assert params.items() <= caught.value.params.items()
    with pytest.raises(Refused, match="E-DISCLOSE-SIGNED"):
        disclosure.disclose(db, 2026, disclosure.Target(batch=1), undo=True)
    assert db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == entries
    assert db.execute("SELECT count(*) FROM disclosure").fetchone()[0] == 0


def test_the_database_refuses_a_signed_fys_disclosure_by_raw_sql(program: Path, tmp_path: Path) -> None:
    conn = sqlite3.connect(builders.copy_db(program, tmp_path / "raw.db"))
    with pytest.raises(sqlite3.IntegrityError, match="disclosure of signed FY is locked: no insert"):
        conn.execute(
            "INSERT INTO disclosure (fy, batch_id, disclosed_by, disclosed_at) VALUES (2026, 1, 'x', 'now')"
        )
    conn.execute(
        "INSERT INTO disclosure (fy, batch_id, disclosed_by, disclosed_at) VALUES (2027, 1, 'x', 'now')"
    )
    with pytest.raises(sqlite3.IntegrityError, match="disclosure of signed FY is locked: no update"):
        conn.execute("UPDATE disclosure SET fy = 2026")
    conn.close()


def test_sign_off_seals_the_disclosure_and_locks_it(db: sqlite_utils.Database) -> None:
    batch = _batch(db, "fleet_2027.csv")
    disclosure.disclose(db, 2027, disclosure.Target(batch=batch))
    disclosure.disclose(db, 2027, disclosure.Target(milestone="B1"))
    decisions.sign(db, 2027, "O1", officer_key(db, "O1"))
    view = sealing.sealed_fy(db, 2027)
    assert view.sealed and f"2027:batch:{batch}" in view.seal["disclosure"]
    with pytest.raises(Refused) as caught:
        disclosure.disclose(db, 2027, disclosure.Target(batch=batch), undo=True)
    assert (caught.value.code, caught.value.params) == ("E-DISCLOSE-SIGNED", {"fy": 2027})
    # a batch disclosed in a signed FY's public edition stays: its sealed report prints it
    with pytest.raises(Refused) as caught:
        evidence.remove_batch(db, batch)
    assert caught.value.code in ("E-BATCH-SIGNED", "E-BATCH-DISCLOSED")


def test_removing_a_batch_takes_its_unsigned_disclosures_with_it_audited(db: sqlite_utils.Database) -> None:
    batch = _batch(db, "model_card.md")
    disclosure.disclose(db, 2027, disclosure.Target(batch=batch))
    evidence.remove_batch(db, batch)
    assert db.execute("SELECT count(*) FROM disclosure").fetchone()[0] == 0
    assert [a for _k, a, _o, _n in _audit(db, "disclosure")] == ["insert", "delete"]


def test_a_non_deciding_batch_disclosed_in_a_signed_fy_cannot_be_removed(db: sqlite_utils.Database) -> None:
    evidence.import_file(db, builders.DATA / "fleet_late.csv", evidence.ImportOptions())
    batch = _batch(db, "fleet_late.csv")
    disclosure.disclose(db, 2027, disclosure.Target(batch=batch))
    decisions.sign(db, 2027, "O1", officer_key(db, "O1"))
    with pytest.raises(Refused) as caught:
        evidence.remove_batch(db, batch)
    assert caught.value.code == "E-BATCH-DISCLOSED" and caught.value.params == {"batch": batch, "fy": 2027}


# --------------------------------------------------------------------------- public text


def _comment(db: sqlite_utils.Database, fy: int, like: str) -> tuple[int, str]:
    row = db.execute(
        "SELECT c.id, c.text FROM comment c JOIN assessment a ON a.id = c.assessment_id"
        " WHERE a.fy = ? AND c.text LIKE ?",
        [fy, like],
    ).fetchone()
    return int(row[0]), str(row[1])


def test_redact_sets_the_public_text_audited_and_sealed(db: sqlite_utils.Database) -> None:
    cid, text = _comment(db, 2027, "Intervention rates%")
    assert disclosure.public_text(db, cid) == text
    redacted = "Intervention rates are under review."
    assert disclosure.redact_comment(db, cid, redacted, actor="sec") == "redacted"
    assert disclosure.public_text(db, cid) == redacted
    assert disclosure.redact_comment(db, cid, redacted) == "unchanged"
    entries = _audit(db, "comment")
    assert entries[-1][:2] == (str(cid), "update")
    assert json.loads(entries[-1][3] or "") == {
        "public_text": "Intervention rates are under review.",
        "public_basis": text_basis(text),  # the comment text it redacts (m016)
    }
    assert sealing.sealed_fy(db, 2027).seal["comment"][str(cid)]["public_text"] == (
        "Intervention rates are under review."
    )
    # the comment's own text as the public text: prints as written again
    assert disclosure.redact_comment(db, cid, text) == "cleared"
    assert "public_text" not in sealing.sealed_fy(db, 2027).seal["comment"][str(cid)]
    # a reviewer editing the comment later puts the redaction out of date: it redacts another
    # text, and the new one is unreviewed, so there is no public text until it is set again
    # (tests/services/test_redaction_basis.py)
    disclosure.redact_comment(db, cid, "Redacted.")
    from tests.reports.builders import _target

    _target(db, "R2", 2027, "outcomes", "A", issues="Intervention rates in logistics: 12 per 1,000 h.")
    assert disclosure.public_text(db, cid) is None
    assert disclosure.redaction(db, cid) is Redaction.STALE


def test_redact_refusals(db: sqlite_utils.Database) -> None:
    cid, _text = _comment(db, 2027, "Intervention rates%")
    signed, _ = _comment(db, 2026, "%")
    for comment_id, text, code in (
        (999_999, "x", "E-NO-COMMENT-ID"),
        (cid, "  \n", "E-EMPTY-PUBLIC-TEXT"),
        (cid, "あ" * 10_001, "E-TOO-LONG"),
        (signed, "x", "E-FY-SIGNED"),
    ):
        with pytest.raises(Refused) as caught:
            disclosure.redact_comment(db, comment_id, text)
        assert caught.value.code == code
    assert disclosure.redact_comment(db, cid, "あ" * 10_000) == "redacted"  # the limit itself is allowed


def test_what_a_check_box_shows(db: sqlite_utils.Database) -> None:
    shown, Shown, Target = disclosure.shown, disclosure.Shown, disclosure.Target
    ids = sorted(_deciding(db, 2027, "B2"))
    batch = _batch(db, "fleet_2027.csv")
    assert shown(db, 2027, Target(milestone="B2")) is Shown.WITHHELD
    assert shown(db, 2027, Target(milestone="B4")) is Shown.NOTHING  # no rule, no deciding evidence
    disclosure.disclose(db, 2027, Target(evidence=ids[0]))
    assert shown(db, 2027, Target(milestone="B2")) is Shown.PARTLY
    assert shown(db, 2027, Target(milestone="B2", deciding=tuple(ids))) is Shown.PARTLY  # a screen's ids
    assert shown(db, 2027, Target(batch=batch)) is Shown.PARTLY
    assert shown(db, 2027, Target(evidence=ids[0])) is Shown.DISCLOSED
    assert shown(db, 2027, Target(evidence=ids[1])) is Shown.WITHHELD
    assert shown(db, 2028, Target(evidence=ids[0])) is Shown.WITHHELD  # another FY's edition
    disclosure.disclose(db, 2027, Target(batch=batch))
    assert shown(db, 2027, Target(evidence=ids[1])) is Shown.WITH_BATCH
    assert shown(db, 2027, Target(milestone="B2")) is Shown.DISCLOSED
    assert shown(db, 2027, Target(batch=batch)) is Shown.DISCLOSED
    with pytest.raises(Refused, match="E-NO-BATCH"):
        shown(db, 2027, Target(batch=999))


def _signed_by_another_process_meanwhile(path: Path, fy: int, started: threading.Event) -> threading.Thread:
    """A second connection (another process's) that holds the write lock, waits until the caller
    has read the FY as unsigned and is waiting for the lock, then signs the FY and commits."""

    def run() -> None:
        other = open_database(path)
        try:
            other.conn.execute("BEGIN IMMEDIATE")
            started.set()
            time.sleep(2.0)  # the caller checks the FY (a read) and then waits for the lock
            decisions.sign(other, fy, "O1", officer_key(other, "O1"))
            other.conn.execute("COMMIT")
        finally:
            other.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.parametrize("what", ["disclose", "redact"])
def test_a_sign_off_committed_while_waiting_for_the_lock_is_a_refusal_not_a_crash(
    program: Path, tmp_path: Path, what: str
) -> None:
    """Adversarial review: the signed check ran before the write transaction, so a sign-off by
    another process in between reached the lock trigger as an IntegrityError (E-INTERNAL)."""
    path = builders.copy_db(program, tmp_path / "race.db")
    db = open_database(path)
    try:
        comment = db.execute(
            "SELECT c.id FROM comment c JOIN assessment a ON a.id = c.assessment_id"
            " WHERE a.fy = 2027 AND length(c.text) > 0 ORDER BY c.id"
        ).fetchone()[0]
        batch = _batch(db, "fleet_2027.csv")
        started = threading.Event()
        thread = _signed_by_another_process_meanwhile(path, 2027, started)
        assert started.wait(30)
        with pytest.raises(Refused) as caught:
            if what == "disclose":
                disclosure.disclose(db, 2027, disclosure.Target(batch=batch))
            else:
                disclosure.redact_comment(db, comment, "softened")
        thread.join(30)
        assert caught.value.code == ("E-DISCLOSE-SIGNED" if what == "disclose" else "E-FY-SIGNED")
        assert db.execute("SELECT count(*) FROM disclosure WHERE fy = 2027").fetchone() == (0,)
        assert db.execute("SELECT public_text FROM comment WHERE id = ?", [comment]).fetchone() == (None,)
    finally:
        db.close()


@pytest.mark.parametrize("disclosed", [False, True])
def test_a_batch_removed_while_another_process_signs_with_it_is_refused(
    program: Path, tmp_path: Path, disclosed: bool
) -> None:
    """The batch decides FY2027's B2: once FY2027 is signed it stays (E-BATCH-SIGNED). The checks
    ran before the write transaction, so a sign-off committed meanwhile let the removal take a
    signed FY's deciding records (or, with the batch disclosed, crash on the lock trigger)."""
    path = builders.copy_db(program, tmp_path / "race.db")
    db = open_database(path)
    try:
        batch = _batch(db, "fleet_2027.csv")
        if disclosed:
            disclosure.disclose(db, 2027, disclosure.Target(batch=batch))
        records = db.execute("SELECT count(*) FROM evidence WHERE batch_id = ?", [batch]).fetchone()
        started = threading.Event()
        thread = _signed_by_another_process_meanwhile(path, 2027, started)
        assert started.wait(30)
        with pytest.raises(Refused) as caught:
            evidence.remove_batch(db, batch)
        thread.join(30)
        assert caught.value.code in ("E-BATCH-SIGNED", "E-BATCH-DISCLOSED")
        assert db.execute("SELECT count(*) FROM evidence WHERE batch_id = ?", [batch]).fetchone() == records
    finally:
        db.close()
