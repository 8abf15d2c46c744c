"""Officer keys (SPEC §7): keys new/register/list, sign with a registered key, the stored signature,
and verify against registered certificates and against certificates given from outside (R17)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlite_utils
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

from reviewer.core.errors import Refused
from reviewer.core.models import Outcome
from reviewer.reports import keys as crypto
from reviewer.services import audit_check, decisions, programs, signing
from reviewer.store import keys as store
from reviewer.store.audit import canonical_json
from reviewer.store.db import open_database, write_transaction
from tests.cli_runner import reviewer
from tests.officer_keys import PASSPHRASE, key_files, material, officer_key
from tests.paths import EXAMPLE


def refused(code: str, call: object, *args: object, **kw: object) -> Refused:
    with pytest.raises(Refused) as info:
        call(*args, **kw)  # type: ignore[operator]
    assert info.value.code == code, info.value
    return info.value


def add_officer(db: sqlite_utils.Database, officer_id: str, role: str = "approver") -> None:
    with write_transaction(db):
        db.execute(
            "INSERT INTO officer (id, name, role) VALUES (?, ?, ?)",
            [officer_id, f"Officer {officer_id}", role],
        )


def audit_entities(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.execute("SELECT entity, action FROM audit_log ORDER BY id")]


def decide(db: sqlite_utils.Database, fy: int = 2026) -> None:
    decisions.decide(db, fy, decisions.DecisionInput(Outcome.CONTINUE, 1_000_000_000, "on track"))


# --------------------------------------------------------------------------- keys new / register / list


def test_keys_new_writes_a_pkcs12_and_registers_its_certificate(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    out = tmp_path / "o1.p12"
    before = len(audit_entities(db))
    info = signing.new_key(db, "O1", out, "pass phrase", actor="clerk")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # owner only
    key = signing.load_key(out, "pass phrase")
    assert key.private_key.key_size == 3072
    assert key.info.fingerprint == info.fingerprint
    cert = key.certificate
    assert cert.subject == cert.issuer  # self-signed
    assert "田中 一" in info.subject  # the officer's name, and the programme code:
    assert cert.subject.get_attributes_for_oid(x509.oid.NameOID.ORGANIZATION_NAME)[
        0
    ].value == store.program_code(db)
    row = store.certificate(db, info.fingerprint)
    assert (
        row is not None and row.officer_id == "O1" and row.origin == "made" and row.registered_by == "clerk"
    )
    assert audit_entities(db)[before:] == [("officer_certificate", "insert")]
    assert [r.fingerprint for r in signing.list_certificates(db)] == [info.fingerprint]
    # the private key never enters the database
    dump = "\n".join(db.conn.iterdump())
    private_pem = key.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    assert private_pem.splitlines()[1] not in dump


def test_keys_new_refusals_leave_nothing(db: sqlite_utils.Database, tmp_path: Path) -> None:
    add_officer(db, "S1", "secretariat")
    out = tmp_path / "k.p12"
    refused("E-NOT-APPROVER", signing.new_key, db, "S1", out, "pw")
    refused("E-NOT-APPROVER", signing.new_key, db, "nobody", out, "pw")
    refused("E-PASSPHRASE-EMPTY", signing.new_key, db, "O1", out, "")
    refused("E-KEY-OUTPUT", signing.new_key, db, "O1", tmp_path / "no" / "k.p12", "pw")
    assert not out.exists() and signing.list_certificates(db) == []
    out.write_bytes(b"an earlier key")
    refused("E-KEY-EXISTS", signing.new_key, db, "O1", out, "pw")
    assert out.read_bytes() == b"an earlier key" and signing.list_certificates(db) == []
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".key-")]  # no temporary left


def test_register_an_organisations_certificate(db: sqlite_utils.Database, tmp_path: Path) -> None:
    _p12, _pp, pem = key_files(tmp_path, "ORG")
    info = signing.register_certificate(db, "O1", pem)
    assert store.certificate(db, info.fingerprint).origin == "registered"  # type: ignore[union-attr]
    refused("E-CERT-REGISTERED", signing.register_certificate, db, "O1", pem)
    der = tmp_path / "o2.der"
    der.write_bytes(material("O2")[1].public_bytes(serialization.Encoding.DER))
    assert signing.register_certificate(db, "O1", der).fingerprint != info.fingerprint
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    err = refused("E-CERT-FILE", signing.register_certificate, db, "O1", garbage)
    assert err.params["path"] == str(garbage)
    refused("E-CERT-FILE", signing.register_certificate, db, "O1", tmp_path)  # a folder
    # an EC certificate: signatures here are RSA PKCS#1 v1.5
    ec_key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "ec")])
    now = dt.datetime.now(dt.UTC)
    ec_cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(ec_key.public_key())
        .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
        .sign(ec_key, hashes.SHA256())
    )  # fmt: skip
    ec_pem = tmp_path / "ec.pem"
    ec_pem.write_bytes(ec_cert.public_bytes(serialization.Encoding.PEM))
    refused("E-KEY-NOT-RSA", signing.register_certificate, db, "O1", ec_pem)
    assert len(signing.list_certificates(db)) == 2


def test_registered_certificates_are_append_only(db: sqlite_utils.Database) -> None:
    info = signing.crypto.certificate_info(material("O1")[1])
    officer_key(db, "O1")
    for sql in (
        "UPDATE officer_certificate SET officer_id = 'O1', subject = 'x'",
        "DELETE FROM officer_certificate",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute(sql)
    assert store.certificate(db, info.fingerprint) is not None


# --------------------------------------------------------------------------- sign


def test_sign_needs_the_key_of_the_officers_registered_certificate(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    add_officer(db, "O2")
    decide(db)
    refused("E-KEY-REQUIRED", decisions.sign, db, 2026, "O1", None)
    unregistered = signing.OfficerKey(*material("O3"), (), "o3.p12")
    refused("E-KEY-NOT-REGISTERED", decisions.sign, db, 2026, "O1", unregistered)
    err = refused("E-KEY-OTHER-OFFICER", decisions.sign, db, 2026, "O1", officer_key(db, "O2"))
    assert err.params["owner"] == "O2"
    assert store.current_signed_decision(db, 2026) is None
    assert list((tmp_path).glob("backups/*.db")) == []  # refused before the backup
    p12, _pp, _pem = key_files(tmp_path, "O1")
    refused("E-KEY-OPEN", signing.load_key, p12, "wrong")
    refused("E-KEY-FILE", signing.load_key, tmp_path / "missing.p12", PASSPHRASE)


def test_the_stored_signature_is_pkcs1_v15_over_the_decision_hash(db: sqlite_utils.Database) -> None:
    decide(db)
    row = decisions.sign(db, 2026, "O1", officer_key(db, "O1"))
    sig = store.signature(db, row.id)
    assert sig is not None and sig.signed_at == row.signed_at and sig.algorithm == "rsa-pkcs1v15-sha256"
    cert = material("O1")[1]
    assert sig.fingerprint == cert.fingerprint(hashes.SHA256()).hex()
    # anyone with the certificate can check it with a plain RSA library: it is a PKCS#1 v1.5
    # signature of the SHA-256 digest that is the decision hash
    from cryptography.hazmat.primitives.asymmetric import utils

    cert.public_key().verify(  # type: ignore[union-attr, call-arg]
        base64.b64decode(sig.signature),
        bytes.fromhex(row.sha256 or ""),
        padding.PKCS1v15(),  # type: ignore[arg-type]
        utils.Prehashed(hashes.SHA256()),  # type: ignore[arg-type]
    )
    # deterministic: the same key over the same hash gives the same bytes
    assert crypto.sign_hash(officer_key(db, "O1"), row.sha256 or "") == base64.b64decode(sig.signature)
    assert audit_check.verify_database(db).ok
    assert audit_check.verify_database(db, pinned=[cert]).ok
    with pytest.raises(sqlite3.IntegrityError, match="decision_signature is locked"):
        db.execute("UPDATE decision_signature SET signature = 'AAAA'")
    with pytest.raises(sqlite3.IntegrityError, match="decision_signature is locked"):
        db.execute("DELETE FROM decision_signature")


def test_cli_keys_sign_list_and_passphrase_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(tmp_path / "p.db")
    assert reviewer("--db", path, "init", "--plan", str(EXAMPLE / "plan.yaml"))[0] == 0
    code, out, _ = reviewer("--lang", "en", "--db", path, "keys", "list")
    assert code == 0 and "No certificate is registered" in out
    _org_p12, _org_pp, org_pem = key_files(tmp_path, "ORG")
    code, out, err = reviewer(
        "--lang", "en", "--db", path, "keys", "register", "--officer", "O1", str(org_pem)
    )
    assert code == 0 and "Registered O1's certificate" in out, err
    code, _out, err = reviewer(
        "--lang", "en", "--db", path, "keys", "register", "--officer", "O1", str(org_pem)
    )
    assert code == 1 and err.startswith("E-CERT-REGISTERED")
    p12 = tmp_path / "o1.p12"
    # no terminal and no --passphrase-file: refused, nothing made
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _out, err = reviewer("--lang", "en", "--db", path, "keys", "new", "--officer", "O1", "-o", str(p12))
    assert code == 1 and err.startswith("E-PASSPHRASE-NEEDED") and not p12.exists()
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for bad in (fifo, tmp_path, tmp_path / "missing"):
        code, _out, err = reviewer(
            "--lang",
            "en",
            "--db",
            path,
            "keys",
            "new",
            "--officer",
            "O1",
            "-o",
            str(p12),
            "--passphrase-file",
            str(bad),
        )
        assert code == 1 and err.startswith("E-PASSPHRASE-FILE") and str(bad) in err and not p12.exists()
    passphrase = tmp_path / "pp.txt"
    passphrase.write_bytes(b"pass phrase with spaces\r\nsecond line ignored\n")
    code, out, err = reviewer(
        "--lang",
        "ja",
        "--db",
        path,
        "keys",
        "new",
        "--officer",
        "O1",
        "-o",
        str(p12),
        "--passphrase-file",
        str(passphrase),
    )
    assert code == 0 and "RSA-3072" in out and "SHA-256" in out, err
    signing.load_key(p12, "pass phrase with spaces")  # the first line, without its line ending
    code, out, _ = reviewer("--lang", "en", "--db", path, "keys", "list")
    assert code == 0 and out.count("O1  SHA-256") == 2 and "made by keys new" in out
    assert "an organisation's registered certificate" in out
    code, _out, err = reviewer("--lang", "en", "--db", path, "keys", "new", "-o", str(tmp_path / "x.p12"))
    assert code == 2 and "--officer" in err
    # sign without a key: the clear refusal, in both languages
    reviewer(
        "--db",
        path,
        "decide",
        "--fy",
        "2026",
        "--outcome",
        "continue",
        "--funding-jpy",
        "1",
        "--rationale",
        "ok",
    )
    code, _out, err = reviewer("--lang", "en", "--db", path, "sign", "--fy", "2026", "--by", "O1")
    assert code == 1 and err.startswith("E-KEY-REQUIRED") and "--key" in err
    code, _out, err = reviewer("--lang", "ja", "--db", path, "sign", "--fy", "2026", "--by", "O1")
    assert code == 1 and "登録された証明書の鍵" in err
    code, out, err = reviewer(
        "--lang",
        "en",
        "--db",
        path,
        "sign",
        "--fy",
        "2026",
        "--by",
        "O1",
        "--key",
        str(p12),
        "--passphrase-file",
        str(passphrase),
    )
    assert code == 0 and "Signed the decision hash" in out, err
    code, out, _ = reviewer("--lang", "en", "--db", path, "verify")
    assert code == 0 and "All is well" in out


# --------------------------------------------------------------------------- verify and R17


@pytest.fixture
def signed_pair(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The real database (FY2026 signed by O1's key) and a forger's rewrite of it: built whole by
    the product itself from the same plan, so its chain, snapshot and seals are all consistent, but
    with another decision, signed by a key the forger made and registered as O1's."""
    plan = EXAMPLE / "plan.yaml"
    files = []
    for name, funding in (("real", 1_000_000_000), ("forged", 30_000_000_000)):
        path = tmp_path / f"{name}.db"
        programs.init_database(path, plan)
        db = open_database(path)
        try:
            decisions.decide(db, 2026, decisions.DecisionInput(Outcome.CONTINUE, funding, "why"))
            key = officer_key(db, "O1") if name == "real" else _forger_key(db, tmp_path)
            decisions.sign(db, 2026, "O1", key)
        finally:
            db.close()
        files.append(path)
    pem = tmp_path / "o1.pem"
    pem.write_text(crypto.certificate_info(material("O1")[1]).pem, encoding="ascii")
    return files[0], files[1], pem


def _forger_key(db: sqlite_utils.Database, folder: Path) -> signing.OfficerKey:
    key, cert = material("FORGER")
    pem = folder / "forger.pem"
    pem.write_text(crypto.certificate_info(cert).pem, encoding="ascii")
    signing.register_certificate(db, "O1", pem)  # registered under the real officer's id
    return signing.OfficerKey(key, cert, (), "forger.p12")


def test_a_whole_rewrite_fails_only_against_the_outside_certificate(
    signed_pair: tuple[Path, Path, Path],
) -> None:
    real, forged, pem = signed_pair
    for path in (real, forged):  # inside, each file is consistent
        code, out, err = reviewer("--lang", "en", "--db", str(path), "verify")
        assert code == 0 and "All is well" in out, err
    code, out, err = reviewer("--lang", "en", "--db", str(real), "verify", "--cert", str(pem))
    assert code == 0, err
    code, _out, err = reviewer("--lang", "en", "--db", str(forged), "verify", "--cert", str(pem))
    assert code == 1 and err.startswith("V-SIGNATURE-PINNED") and "FY2026" in err
    code, _out, err = reviewer("--lang", "ja", "--db", str(forged), "verify", "--cert", str(pem))
    assert code == 1 and "指定された証明書" in err


def _raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    return conn


def _without_trigger(conn: sqlite3.Connection, name: str, sql: str, params: list[object]) -> None:
    """Drop a lock trigger, run `sql`, and recreate the trigger as it was (R17's route)."""
    (ddl,) = conn.execute("SELECT sql FROM sqlite_schema WHERE name = ?", [name]).fetchone()
    conn.execute(f"DROP TRIGGER {name}")
    conn.execute(sql, params)
    conn.execute(ddl)


def test_raw_sql_on_signatures_and_hashes_is_named(
    signed_pair: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    real, _forged, pem = signed_pair
    cases: dict[str, tuple[str, str, list[object]]] = {
        # another signature value (a valid base64 of the wrong bytes)
        "V-SIGNATURE": (
            "lock_decision_signature_update",
            "UPDATE decision_signature SET signature = ?",
            [base64.b64encode(b"\x00" * 384).decode()],
        ),
        # the signature row removed
        "V-SIGNATURE-MISSING": ("lock_decision_signature_delete", "DELETE FROM decision_signature", []),
    }
    for code_expected, (trigger, sql, params) in cases.items():
        copy = tmp_path / f"{code_expected}.db"
        shutil.copyfile(real, copy)
        conn = _raw(copy)
        _without_trigger(conn, trigger, sql, params)
        conn.close()
        code, _out, err = reviewer("--lang", "en", "--db", str(copy), "verify")
        assert code == 1 and code_expected in err, (code_expected, err)
    # the decision's funding changed and its hash recomputed to match: the seal holds, the
    # officer's signature over the old hash does not
    copy = tmp_path / "rehashed.db"
    shutil.copyfile(real, copy)
    db = open_database(copy)
    try:
        from reviewer.store import decision_writes as dstore

        row = dstore.signed_decision(db, 2026)
        assert row is not None
        snap = dstore.snapshot(db, row.id)
        assert snap is not None
        import dataclasses
        import json

        content = json.loads(snap.content_json)
        content["decision"]["funding_jpy"] = 300_000_000_000
        changed = dataclasses.replace(row, funding_jpy=300_000_000_000)
        new_hash = decisions.decision_hash(changed, dstore.conditions_of(db, row.id), content)
    finally:
        db.close()
    conn = _raw(copy)
    _without_trigger(
        conn, "lock_snapshot_update", "UPDATE snapshot SET content_json = ?", [canonical_json(content)]
    )
    _without_trigger(
        conn,
        "lock_decision_update",
        "UPDATE decision SET funding_jpy = ?, sha256 = ?",
        [300_000_000_000, new_hash],
    )
    conn.close()
    code, _out, err = reviewer("--lang", "en", "--db", str(copy), "verify", "--cert", str(pem))
    assert code == 1, err
    codes = [line.split()[0] for line in err.splitlines()]
    assert "V-DECISION-HASH" not in codes  # the seal was re-made to match
    assert "V-SIGNATURE" in codes and "V-SIGNATURE-PINNED" in codes
