"""Officer keys and signatures (SPEC §7): make, register and list certificates; check and record
the signature of a sign-off; check stored signatures against registered or outside certificates.

Private keys never enter the database: `keys new` writes the PKCS#12 file and registers only the
certificate. A sign-off signs its decision hash (`signed_hash`, the one place that names it).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils
from cryptography import x509

from reviewer import messages
from reviewer.core.errors import Refused
from reviewer.reports import keys as crypto
from reviewer.reports.context import KeySignatureView
from reviewer.reports.keys import CertificateInfo, OfficerKey
from reviewer.store import audit
from reviewer.store import keys as store
from reviewer.store.audit import Operation
from reviewer.store.db import write_transaction

__all__ = [
    "CertificateInfo",
    "OfficerKey",
    "SignatureFinding",
    "check_signatures",
    "list_certificates",
    "load_certificate",
    "load_key",
    "new_key",
    "record_signature",
    "register_certificate",
    "require_signing_key",
]

load_key = crypto.load_key
load_certificate = crypto.load_certificate


@dataclass(frozen=True)
class SignatureFinding:
    """A signature that does not hold: a fixed code (V-SIGNATURE-…) and its message's parameters."""

    code: str
    params: dict[str, object]


def signed_hash(decision_sha256: str | None) -> str:
    """What an officer's key signs: the decision hash stored at sign-off (opaque hex)."""
    if decision_sha256 is None or len(decision_sha256) != 64:
        raise ValueError("a signed decision has a 64-hex-digit hash")
    return decision_sha256


def _approver(db: sqlite_utils.Database, officer_id: str) -> str:
    """The officer's name; raises Refused E-NOT-APPROVER when there is no such approver."""
    found = store.officer(db, officer_id)
    if found is None or found[1] != "approver":
        raise Refused("E-NOT-APPROVER", officer=officer_id)
    return found[0]


def _register(
    db: sqlite_utils.Database, op: Operation, officer_id: str, info: CertificateInfo, origin: str
) -> None:
    if store.certificate(db, info.fingerprint) is not None:
        raise Refused("E-CERT-REGISTERED", fingerprint=info.fingerprint)
    row = store.CertificateRow(
        info.fingerprint,
        officer_id,
        info.subject,
        info.not_before,
        info.not_after,
        info.pem,
        origin,
        op.actor,
        op.at,
    )
    store.insert_certificate(db, row)
    audit.append(db, op, "officer_certificate", info.fingerprint, "insert", None, row.as_dict())


def new_key(
    db: sqlite_utils.Database, officer_id: str, out: Path, passphrase: str, *, actor: str | None = None
) -> CertificateInfo:
    """Make an RSA-3072 key and a self-signed certificate for an approver, write them to `out` as
    PKCS#12 (owner-only permissions) and register the certificate, in one transaction.

    The file appears only complete, and not at all when the registration fails. Returns the
    certificate. Raises Refused: E-NOT-APPROVER, E-KEY-EXISTS (never overwrites a key file),
    E-KEY-OUTPUT, E-PASSPHRASE-EMPTY.
    """
    out = Path(out)
    if not passphrase:
        raise Refused("E-PASSPHRASE-EMPTY")
    if out.exists() or out.is_symlink():
        raise Refused("E-KEY-EXISTS", path=str(out))
    if not out.parent.is_dir():
        raise Refused("E-KEY-OUTPUT", path=str(out), reason=messages.phrase("reason-no-such-folder"))
    op = Operation(actor=actor) if actor else Operation()
    name = _approver(db, officer_id)
    key, cert = crypto.make_key(name, store.program_code(db), dt.datetime.now(dt.UTC))
    info = crypto.certificate_info(cert)
    data = crypto.pkcs12_bytes(key, cert, passphrase, f"{officer_id} {name}")
    with write_transaction(db):
        _approver(db, officer_id)
        _register(db, op, officer_id, info, "made")
        _write_new_file(out, data)
    return info


def _write_new_file(out: Path, data: bytes) -> None:
    """Write `data` to a new file at `out` (0600), complete or not at all."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".key-", dir=out.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.link(tmp, out)  # fails if `out` appeared meanwhile: a key is never overwritten
        finally:
            os.unlink(tmp)
    except FileExistsError:
        raise Refused("E-KEY-EXISTS", path=str(out)) from None
    except OSError as exc:
        raise Refused("E-KEY-OUTPUT", path=str(out), reason=exc.strerror or str(exc)) from exc


def register_certificate(
    db: sqlite_utils.Database, officer_id: str, cert_path: Path, *, actor: str | None = None
) -> CertificateInfo:
    """Register an organisation's own certificate (PEM or DER, RSA) for an approver; audited.

    Returns it. Raises Refused: E-NOT-APPROVER, E-CERT-FILE, E-KEY-NOT-RSA, E-CERT-REGISTERED.
    """
    info = crypto.certificate_info(crypto.load_certificate(Path(cert_path)))
    op = Operation(actor=actor) if actor else Operation()
    with write_transaction(db):
        _approver(db, officer_id)
        _register(db, op, officer_id, info, "registered")
    return info


def list_certificates(db: sqlite_utils.Database) -> list[store.CertificateRow]:
    """Every registered certificate (officer, fingerprint, subject, validity)."""
    return store.certificates(db)


def require_signing_key(
    db: sqlite_utils.Database, officer_id: str, key: OfficerKey | None
) -> store.CertificateRow:
    """The registered certificate of `key`, which must be `officer_id`'s and valid now.

    Raises Refused: E-KEY-REQUIRED (no key), E-KEY-NOT-REGISTERED, E-KEY-OTHER-OFFICER,
    E-KEY-EXPIRED.
    """
    if key is None:
        raise Refused("E-KEY-REQUIRED", officer=officer_id)
    info = key.info
    row = store.certificate(db, info.fingerprint)
    if row is None:
        raise Refused("E-KEY-NOT-REGISTERED", path=key.source, fingerprint=info.fingerprint)
    if row.officer_id != officer_id:
        raise Refused("E-KEY-OTHER-OFFICER", path=key.source, officer=officer_id, owner=row.officer_id)
    now = dt.datetime.now(dt.UTC)
    if not key.certificate.not_valid_before_utc <= now <= key.certificate.not_valid_after_utc:
        raise Refused("E-KEY-EXPIRED", path=key.source, not_after=row.not_after)
    return row


def record_signature(
    db: sqlite_utils.Database,
    op: Operation,
    decision_id: int,
    decision_sha256: str | None,
    signed_at: str,
    key: OfficerKey,
) -> store.SignatureRow:
    """Sign the decision hash with `key` and store it, audited; inside the sign-off's transaction."""
    signature = crypto.sign_hash(key, signed_hash(decision_sha256))
    row = store.SignatureRow(
        decision_id,
        key.info.fingerprint,
        crypto.ALGORITHM,
        base64.b64encode(signature).decode("ascii"),
        signed_at,
    )
    store.insert_signature(db, row)
    audit.append(db, op, "decision_signature", decision_id, "insert", None, row.as_dict())
    return row


def decision_certificate(db: sqlite_utils.Database, decision_id: int) -> store.CertificateRow | None:
    """The registered certificate whose key signed this decision, None when none did."""
    sig = store.signature(db, decision_id)
    return None if sig is None else store.certificate(db, sig.fingerprint)


def report_signature(
    db: sqlite_utils.Database, fy: int, signed: bool, key: OfficerKey | None, out_name: str
) -> KeySignatureView | None:
    """What the report's provenance page says about keys: None for a draft; for a signed FY, the
    certificate that signed its decision and whether this issue is PAdES-signed by `key`.

    Raises Refused: E-REPORT-KEY-UNSIGNED (a key for a draft), E-KEY-NOT-SIGNER (not the key
    whose certificate signed the FY's decision).
    """
    if not signed:
        if key is not None:
            raise Refused("E-REPORT-KEY-UNSIGNED", fy=fy)
        return None
    current = store.current_signed_decision(db, fy)
    cert = None if current is None else decision_certificate(db, current.id)
    if key is not None and (cert is None or cert.fingerprint != key.info.fingerprint):
        raise Refused("E-KEY-NOT-SIGNER", path=key.source, fy=fy)
    if cert is None:
        return KeySignatureView(None, None, False)
    return KeySignatureView(cert.subject, cert.fingerprint, key is not None)


def sign_report(unsigned: bytes, key: OfficerKey, signed_at: dt.datetime, out_name: str) -> bytes:
    """The issued PDF with its PAdES signature by `key`, timed at the sign-off (reproducible)."""
    from reviewer.reports import pades

    return pades.sign_pdf(unsigned, key, signed_at, out_name=out_name)


def _holds(cert: x509.Certificate, sha256: str | None, sig: store.SignatureRow) -> bool:
    try:
        raw = base64.b64decode(sig.signature, validate=True)
    except (binascii.Error, ValueError):
        return False
    try:
        signed = signed_hash(sha256)
    except ValueError:
        return False
    return crypto.hash_signed_by(cert, signed, raw)


def _before(signed_at: str | None, since: str | None) -> bool:
    """Whether a sign-off predates this database's officer keys (then it has no signature to check)."""
    if signed_at is None or since is None:
        return False
    try:
        return dt.datetime.fromisoformat(signed_at) < dt.datetime.fromisoformat(since)
    except ValueError:
        return False


def signed_before_keys(db: sqlite_utils.Database) -> tuple[int, ...]:
    """The FYs signed before this database had officer keys: `verify` says they carry no key
    signature (only an outside copy can vouch for them), and `verify --cert` refuses them."""
    since = store.keys_since(db)
    return tuple(
        d.fy
        for d in store.signed_decisions(db)
        if store.signature(db, d.id) is None and _before(d.signed_at, since)
    )


def check_signatures(
    db: sqlite_utils.Database, pinned: Sequence[x509.Certificate] = ()
) -> list[SignatureFinding]:
    """Each signed decision's stored signature against its registered certificate (the officer
    who signed must own it), and, with `pinned` certificates given from outside, against one of
    those: a database rewritten whole, certificates and all, fails there.

    Returns what does not hold (V-SIGNATURE-MISSING, V-SIGNATURE-CERT, V-SIGNATURE-OFFICER,
    V-SIGNATURE, V-SIGNATURE-PINNED).
    """
    out: list[SignatureFinding] = []
    since = store.keys_since(db)
    for d in store.signed_decisions(db):
        where: dict[str, object] = {"id": d.id, "fy": d.fy}
        sig = store.signature(db, d.id)
        if sig is None:
            if pinned or not _before(d.signed_at, since):
                out.append(SignatureFinding("V-SIGNATURE-MISSING", where))
            continue
        registered = store.certificate(db, sig.fingerprint)
        if registered is None:
            out.append(SignatureFinding("V-SIGNATURE-CERT", where | {"fingerprint": sig.fingerprint}))
        else:
            if registered.officer_id != d.signed_by:
                out.append(SignatureFinding("V-SIGNATURE-OFFICER", where | {"officer": d.signed_by or "-"}))
            try:
                cert = crypto.certificate_from_pem(registered.pem)
            except ValueError:
                cert = None
            fingerprint_holds = (
                cert is not None and crypto.certificate_info(cert).fingerprint == sig.fingerprint
            )
            if cert is None or not fingerprint_holds or not _holds(cert, d.sha256, sig):
                out.append(SignatureFinding("V-SIGNATURE", where | {"fingerprint": sig.fingerprint}))
        if pinned and not any(_holds(c, d.sha256, sig) for c in pinned):
            out.append(SignatureFinding("V-SIGNATURE-PINNED", where))
    return out
