"""PAdES signatures of issued reports with pyHanko (SPEC §7): reproducible, PDF/A-3b-clean, and
checked without any database.

pyHanko's defaults are neither reproducible nor PDF/A-clean: its incremental writer draws the
second /ID from os.urandom, stamps "now" into /ModDate and the XMP, and writes its name into the
Info /Producer but not the XMP's. So here: an invisible field with a fixed name; the second /ID
is the first 16 bytes of the unsigned PDF's SHA-256; the writer's metadata update is switched
off (the maintainer's advice in pyHanko issue #223), which keeps the renderer's Info and XMP
(equal, pinned by SOURCE_DATE_EPOCH); the signing time is the sign-off's; no timestamp
authority. RSA PKCS#1 v1.5 is deterministic, so two issues with one key are the same bytes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import Encoding

from reviewer.core.errors import Refused
from reviewer.reports.keys import OfficerKey

FIELD_NAME = "ReviewerDecisionSignature"
# Room for the CMS object: an RSA-3072 signature, its certificate and a CA chain of a few more.
BYTES_RESERVED = 16384


@dataclass(frozen=True)
class PdfSignatureCheck:
    """What `verify FILE.pdf` found in a PDF's signature: `signed` (one is there), `holds` (intact,
    cryptographically valid, covering the whole file, nothing hidden in it), the signer's
    certificate fingerprint and subject, the signing time, and a reason when it does not hold."""

    signed: bool
    holds: bool
    fingerprint: str | None = None
    subject: str | None = None
    signing_time: dt.datetime | None = None
    reason: str = ""


def _asn1_material(
    key: OfficerKey,
) -> tuple[asn1_x509.Certificate, asn1_keys.PrivateKeyInfo, list[asn1_x509.Certificate]]:
    cert = asn1_x509.Certificate.load(key.certificate.public_bytes(serialization.Encoding.DER))
    private = asn1_keys.PrivateKeyInfo.load(
        key.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    chain = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in key.chain]
    return cert, private, chain


def _quiet_imports() -> None:
    """pyHanko imports DSA support that `cryptography` marks deprecated: not the user's concern."""
    import warnings

    from cryptography.utils import CryptographyDeprecationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        import pyhanko.sign.signers  # noqa: F401


def sign_pdf(unsigned: bytes, key: OfficerKey, signing_time: dt.datetime, *, out_name: str) -> bytes:
    """The PDF with a PAdES (ETSI.CAdES.detached) signature by `key` appended as an incremental
    update, byte-reproducible for the same input, key and time. Raises Refused E-PDF-SIGN."""
    _quiet_imports()
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    class PinnedWriter(IncrementalPdfFileWriter):
        def _update_meta(self) -> None:
            """Keep the renderer's Info and XMP as they are (equal and pinned)."""

    cert, private, chain = _asn1_material(key)
    signer = signers.SimpleSigner(
        signing_cert=cert,
        signing_key=private,
        # the signer's certificate is embedded once by pyHanko itself: only the rest of the chain here
        cert_registry=SimpleCertificateStore.from_certs(chain),  # type: ignore[no-untyped-call]
        signature_mechanism=None,
        prefer_pss=False,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    pdf_signer = signers.PdfSigner(meta, signer=signer, new_field_spec=fields.SigFieldSpec(FIELD_NAME))
    try:
        writer = PinnedWriter(io.BytesIO(unsigned))
        first_id = writer._document_id[0]
        writer._document_id = generic.ArrayObject(
            [first_id, generic.ByteStringObject(hashlib.sha256(unsigned).digest()[:16])]
        )
        out = io.BytesIO()
        asyncio.run(_sign(pdf_signer, writer, signing_time, out))
    except Refused:
        raise
    except Exception as exc:  # pyHanko raises many types for a PDF it cannot extend
        raise Refused("E-PDF-SIGN", path=out_name, reason=f"{type(exc).__name__}: {exc}") from exc
    return out.getvalue()


async def _sign(pdf_signer: object, writer: object, signing_time: dt.datetime, out: io.BytesIO) -> None:
    """pyHanko's `async_sign_pdf`, step by step, with the session's time pinned."""
    from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

    session = pdf_signer.init_signing_session(writer)  # type: ignore[attr-defined]
    session.system_time = signing_time
    tbs = session.prepare_tbs_document(validation_info=None, bytes_reserved=BYTES_RESERVED)
    prepared, output = tbs.digest_tbs_document(output=out)
    post = await tbs.perform_signature(
        document_digest=prepared.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(signing_time=signing_time),
    )
    await post.post_signature_processing(output)


def check_pdf(data: bytes, pinned: x509.Certificate | None = None) -> PdfSignatureCheck:
    """Validate the PDF's signatures with pyHanko, needing no database.

    Holds only when there is exactly one signature, intact and valid, covering the entire file,
    and its /Contents is exactly the canonical hex of the CMS object padded with zeros (so no
    byte anywhere can change unnoticed); with `pinned`, the signer must be that certificate.
    """
    _quiet_imports()
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        sigs = list(reader.embedded_signatures)
    except Exception as exc:  # a file pyHanko cannot read at all
        return PdfSignatureCheck(_looks_signed(data), False, reason=f"unreadable PDF: {type(exc).__name__}")
    if not sigs:
        if _looks_signed(data):  # a signature dictionary no longer reachable: damaged, not unsigned
            return PdfSignatureCheck(True, False, reason="a signature dictionary is there but not reachable")
        return PdfSignatureCheck(False, False, reason="no signature")
    if len(sigs) != 1:
        return PdfSignatureCheck(True, False, reason=f"{len(sigs)} signatures, expected one")
    sig = sigs[0]
    try:
        cert_der = sig.signer_cert.dump()
        signer_cert = x509.load_der_x509_certificate(cert_der)
    except Exception as exc:
        return PdfSignatureCheck(True, False, reason=f"no signer certificate: {type(exc).__name__}")
    fingerprint = signer_cert.fingerprint(hashes.SHA256()).hex()
    subject = signer_cert.subject.rfc4514_string()
    when: dt.datetime | None = None
    try:
        when = sig.self_reported_timestamp
        trusted = (
            sig.signer_cert
            if pinned is None
            else asn1_x509.Certificate.load(pinned.public_bytes(Encoding.DER))
        )
        context = ValidationContext(trust_roots=[trusted], allow_fetching=False)
        status = validate_pdf_signature(sig, context, skip_diff=False)
        problem = _problem(data, sig, status, SignatureCoverageLevel.ENTIRE_FILE)
    except SignatureValidationError as exc:
        problem = f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a damaged signature makes pyHanko and asn1crypto fail in many ways
        problem = f"unreadable signature: {type(exc).__name__}"
    if not problem and pinned is not None and pinned.fingerprint(hashes.SHA256()).hex() != fingerprint:
        problem = "signed by another certificate than the one given"
    return PdfSignatureCheck(True, not problem, fingerprint, subject, when, problem)


def _looks_signed(data: bytes) -> bool:
    """A signature dictionary's byte range is in the file (a damaged signed PDF is not unsigned)."""
    return b"/ByteRange" in data


def _problem(data: bytes, sig: Any, status: Any, entire_file: object) -> str:
    """What keeps a validated signature from holding, "" when nothing."""
    if not status.intact:
        return "the signed bytes changed (digest mismatch)"
    if not status.valid:
        return "the signature value does not verify"
    if status.coverage != entire_file:
        return f"the signature does not cover the whole file ({status.coverage})"
    if not _contents_canonical(data, sig):
        return "the signature's /Contents holds other bytes than its CMS object"
    if not _cms_canonical(sig):
        return "the signature's CMS object carries unsigned fields other than the ones a signer writes"
    if not _certificates_hold(sig):
        return "an embedded certificate does not verify under its issuer"
    return ""


def _cms_canonical(sig: object) -> bool:
    """The CMS object's unsigned fields are exactly what a PAdES signer writes (one SignerInfo,
    SHA-256 and RSA PKCS#1 v1.5 named once, no CRLs, no unsigned attributes), so none of its bytes
    can change without the signature failing."""
    sd = sig.signed_data  # type: ignore[attr-defined]
    infos = sd["signer_infos"]
    if len(infos) != 1:
        return False
    si = infos[0]
    digest = si["digest_algorithm"]
    wanted = (
        sd["version"].native == "v1"
        and si["version"].native == "v1"
        and digest["algorithm"].native == "sha256"
        and si["signature_algorithm"]["algorithm"].native == "sha256_rsa"
        and sd["digest_algorithms"].dump() == cms.DigestAlgorithms([digest]).dump()
        and sd["encap_content_info"].dump() == cms.EncapsulatedContentInfo({"content_type": "data"}).dump()
        and sd["crls"].native is None
        and si["unsigned_attrs"].native is None
        and si["sid"].name == "issuer_and_serial_number"
    )
    if not wanted:
        return False
    signer = sig.signer_cert  # type: ignore[attr-defined]
    sid = si["sid"].chosen
    return bool(
        sid["issuer"].dump() == signer.issuer.dump() and sid["serial_number"].native == signer.serial_number
    )


def _certificates_hold(sig: object) -> bool:
    """Every certificate the CMS object carries is there once and verifies under its issuer among
    them (a self-signed one under itself): the certificate set is not signed, so a byte changed in
    a spare or altered copy would otherwise go unnoticed by pyHanko and pdfsig alike."""
    certs = [
        x509.load_der_x509_certificate(c.chosen.dump())
        for c in sig.signed_data["certificates"]  # type: ignore[attr-defined]
    ]
    prints = [c.fingerprint(hashes.SHA256()) for c in certs]
    if len(set(prints)) != len(prints):
        return False
    for cert in certs:
        issuers = [c for c in certs if c.subject == cert.issuer]
        if not any(_issued_by(cert, issuer) for issuer in issuers):
            return False
    return True


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def _contents_canonical(data: bytes, sig: object) -> bool:
    """The hex between the ByteRange's two parts is the CMS object's upper-case hex, then zeros."""
    start, length1, start2, _length2 = (int(x) for x in sig.sig_object["/ByteRange"])  # type: ignore[attr-defined]
    gap = data[start + length1 : start2]
    if not (gap.startswith(b"<") and gap.endswith(b">")):
        return False
    hexed = gap[1:-1]
    raw = bytes(sig.sig_object["/Contents"])  # type: ignore[attr-defined]
    # Encoded afresh from its parsed fields: a length or padding byte changed shows as a difference.
    der = cms.ContentInfo.load(raw, strict=False).dump(force=True)
    expected = der.hex().upper().encode("ascii")  # pyHanko writes upper-case hex
    return len(expected) <= len(hexed) and hexed == expected.ljust(len(hexed), b"0")
