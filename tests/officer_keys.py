"""Officer keys for tests: one RSA-3072 key per officer id per session (making one takes a while),
its certificate registered in a database on demand, and PKCS#12 files for the command line."""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
from pathlib import Path

import sqlite_utils
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from reviewer.reports import keys as crypto
from reviewer.services import signing
from reviewer.store import keys as store

PASSPHRASE = "correct horse battery staple"


@functools.cache
def material(officer_id: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """The session's key and self-signed certificate for `officer_id`."""
    return crypto.make_key(f"Officer {officer_id}", "TEST", dt.datetime.now(dt.UTC) - dt.timedelta(days=1))


def register(db: sqlite_utils.Database, officer_id: str) -> crypto.CertificateInfo:
    """Register the session certificate of `officer_id` in `db` (once)."""
    _key, cert = material(officer_id)
    info = crypto.certificate_info(cert)
    if store.certificate(db, info.fingerprint) is None:
        with tempfile.TemporaryDirectory() as work:
            pem = Path(work, "cert.pem")
            pem.write_text(info.pem, encoding="ascii")
            signing.register_certificate(db, officer_id, pem, actor="test")
    return info


def officer_key(db: sqlite_utils.Database, officer_id: str) -> signing.OfficerKey:
    """The officer's key, its certificate registered in `db`: what `decisions.sign` needs."""
    register(db, officer_id)
    key, cert = material(officer_id)
    return signing.OfficerKey(key, cert, (), f"{officer_id}.p12")


def key_files(folder: Path, officer_id: str) -> tuple[Path, Path, Path]:
    """(FILE.p12, passphrase file, CERT.pem) of the officer's session key, written into `folder`."""
    key, cert = material(officer_id)
    p12 = folder / f"{officer_id}.p12"
    p12.write_bytes(crypto.pkcs12_bytes(key, cert, PASSPHRASE, officer_id))
    passphrase = folder / f"{officer_id}.passphrase"
    passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
    pem = folder / f"{officer_id}.pem"
    pem.write_text(crypto.certificate_info(cert).pem, encoding="ascii")
    return p12, passphrase, pem


def command_line_key(run: object, db: str, officer_id: str = "O1") -> tuple[str, ...]:
    """`keys new` for `officer_id` beside the database (once), and the options that give its key
    to `sign`. `run(*argv) -> (code, out, err)` runs the command line."""
    folder = Path(db).parent
    passphrase = folder / f"{officer_id}-passphrase.txt"
    p12 = folder / f"{officer_id}.p12"
    if not p12.exists():
        passphrase.write_text(PASSPHRASE + "\n", encoding="utf-8")
        argv = ("--db", db, "keys", "new", "--officer", officer_id, "-o", str(p12), "--passphrase-file")
        code, _out, err = run(*argv, str(passphrase))  # type: ignore[operator]
        assert code == 0, err
    return ("--key", str(p12), "--passphrase-file", str(passphrase))
