"""Officer keys without a database (SPEC §7): RSA-3072 keys, self-signed X.509 certificates,
PKCS#12 files, and RSA PKCS#1 v1.5 / SHA-256 signatures over a decision hash.

The signature is made over the decision hash as a prehashed SHA-256 digest, so it is also a
plain PKCS#1 v1.5 signature of the canonical JSON the hash was computed from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from reviewer.core.errors import Refused

KEY_BITS = 3072
VALID_YEARS = 10
ALGORITHM = "rsa-pkcs1v15-sha256"
# A PKCS#12 file or a certificate beyond this is not one of ours (and is not read whole).
MAX_FILE_BYTES = 1 << 20


@dataclass(frozen=True)
class CertificateInfo:
    """What a registered certificate shows: SHA-256 fingerprint (hex), subject, validity, PEM."""

    fingerprint: str
    subject: str
    not_before: str
    not_after: str
    pem: str


@dataclass(frozen=True)
class OfficerKey:
    """A private key with its certificate, loaded from a PKCS#12 file; never stored anywhere."""

    private_key: rsa.RSAPrivateKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    source: str

    @property
    def info(self) -> CertificateInfo:
        return certificate_info(self.certificate)


def certificate_info(cert: x509.Certificate) -> CertificateInfo:
    """The certificate's fingerprint, subject (RFC 4514), validity (ISO, UTC) and PEM."""
    return CertificateInfo(
        fingerprint=cert.fingerprint(hashes.SHA256()).hex(),
        subject=cert.subject.rfc4514_string(),
        not_before=cert.not_valid_before_utc.isoformat(timespec="seconds"),
        not_after=cert.not_valid_after_utc.isoformat(timespec="seconds"),
        pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )


def make_key(
    officer_name: str, programme_code: str, now: dt.datetime
) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """A new RSA-3072 key and its self-signed certificate (CN officer name, O programme code)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, officer_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, programme_code),
        ]
    )
    start = now.astimezone(dt.UTC).replace(microsecond=0)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start.replace(year=start.year + VALID_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def pkcs12_bytes(key: rsa.RSAPrivateKey, cert: x509.Certificate, passphrase: str, label: str) -> bytes:
    """The key and certificate as a PKCS#12 file protected by `passphrase`."""
    return pkcs12.serialize_key_and_certificates(
        label.encode("utf-8"),
        key,
        cert,
        None,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )


def _read(path: Path, code: str) -> bytes:
    try:
        if not path.is_file():
            raise Refused(code, path=str(path), reason="not a file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise Refused(code, path=str(path), reason="larger than 1 MiB")
        return path.read_bytes()
    except OSError as exc:
        raise Refused(code, path=str(path), reason=exc.strerror or str(exc)) from exc


def load_key(path: Path, passphrase: str) -> OfficerKey:
    """The RSA key and certificate of a PKCS#12 file.

    Raises Refused: E-KEY-FILE (unreadable), E-KEY-OPEN (wrong passphrase or not PKCS#12),
    E-KEY-NOT-RSA (another key type, or no certificate).
    """
    data = _read(path, "E-KEY-FILE")
    try:
        loaded = pkcs12.load_pkcs12(data, passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        raise Refused("E-KEY-OPEN", path=str(path)) from None
    key, cert = loaded.key, loaded.cert
    if not isinstance(key, rsa.RSAPrivateKey) or cert is None:
        raise Refused("E-KEY-NOT-RSA", path=str(path))
    certificate = cert.certificate
    public = certificate.public_key()
    if (
        not isinstance(public, rsa.RSAPublicKey)
        or public.public_numbers() != key.public_key().public_numbers()
    ):
        raise Refused("E-KEY-NOT-RSA", path=str(path))
    chain = tuple(c.certificate for c in loaded.additional_certs)
    return OfficerKey(key, certificate, chain, str(path))


def load_certificate(path: Path) -> x509.Certificate:
    """One X.509 certificate from a PEM (or DER) file with an RSA public key.

    Raises Refused: E-CERT-FILE (unreadable, not a certificate), E-KEY-NOT-RSA.
    """
    data = _read(path, "E-CERT-FILE")
    try:
        cert = (
            x509.load_pem_x509_certificate(data)
            if b"-----BEGIN" in data
            else x509.load_der_x509_certificate(data)
        )
    except ValueError:
        raise Refused("E-CERT-FILE", path=str(path), reason="not an X.509 certificate") from None
    if not isinstance(cert.public_key(), rsa.RSAPublicKey):
        raise Refused("E-KEY-NOT-RSA", path=str(path))
    return cert


def certificate_from_pem(pem: str) -> x509.Certificate:
    """A stored certificate back from its PEM text (raises ValueError when it is not one)."""
    return x509.load_pem_x509_certificate(pem.encode("ascii"))


def sign_hash(key: OfficerKey, sha256_hex: str) -> bytes:
    """RSA PKCS#1 v1.5 signature of the SHA-256 digest given as hex (deterministic)."""
    digest = bytes.fromhex(sha256_hex)
    return key.private_key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))


def hash_signed_by(cert: x509.Certificate, sha256_hex: str, signature: bytes) -> bool:
    """True when `signature` is `cert`'s key's PKCS#1 v1.5 signature of that SHA-256 digest."""
    public = cert.public_key()
    if not isinstance(public, rsa.RSAPublicKey):
        return False
    try:
        digest = bytes.fromhex(sha256_hex)
    except ValueError:
        return False
    if len(digest) != hashlib.sha256().digest_size:
        return False
    try:
        public.verify(signature, digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True
