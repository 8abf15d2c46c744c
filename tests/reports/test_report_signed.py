"""R9 and R17 for PDFs signed by key: `report --key` adds a reproducible PAdES signature that keeps
PDF/A-3b; `verify FILE.pdf [--cert]` checks it without a database; one byte changed anywhere
fails it, and poppler's pdfsig agrees; a signed FY issued without a key says so."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from reviewer.reports import pades
from reviewer.services import reporting, signing
from reviewer.store.db import open_database
from tests.cli_runner import reviewer
from tests.officer_keys import key_files, material
from tests.reports import builders
from tests.reports.pdfcheck import squashed, text_of, xmp_of


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """FY2026 signed by O1's key; issued twice with the key (each a new process) and once without."""
    folder = tmp_path_factory.mktemp("signed")
    db_path = builders.build_program(folder / "p")
    p12, passphrase, pem = key_files(folder, "O1")
    files = {"db": db_path, "p12": p12, "passphrase": passphrase, "pem": pem}
    for name in ("a", "b"):
        out = folder / f"{name}.pdf"
        code, _out, err = reviewer(
            "--lang", "en", "--db", str(db_path), "report", "--fy", "2026",
            "--key", str(p12), "--passphrase-file", str(passphrase), "-o", str(out),
        )  # fmt: skip
        assert code == 0, err
        files[name] = out
    plain = folder / "plain-ja.pdf"
    code, _out, err = reviewer(
        "--lang", "ja", "--db", str(db_path), "report", "--fy", "2026", "-o", str(plain)
    )
    assert code == 0, err
    files["plain-ja"] = plain
    return files


def test_two_issues_with_the_key_are_byte_identical(issued: dict[str, Path]) -> None:
    a, b = issued["a"].read_bytes(), issued["b"].read_bytes()
    assert hashlib.sha256(a).hexdigest() == hashlib.sha256(b).hexdigest()
    found = pades.check_pdf(a)
    assert found.signed and found.holds, found.reason


def test_the_signature_is_an_incremental_update_that_keeps_pdfa(
    issued: dict[str, Path], tmp_path: Path
) -> None:
    signed = issued["a"].read_bytes()
    # the first revision ends where the signature's update begins; render it again without the
    # key's provenance line by cutting at the first %%EOF: it is the unsigned PDF
    first_eof = signed.index(b"%%EOF") + len(b"%%EOF")
    unsigned = signed[: first_eof + (1 if signed[first_eof : first_eof + 1] == b"\n" else 0)]
    assert signed.startswith(unsigned) and len(signed) > len(unsigned)
    (tmp_path / "unsigned.pdf").write_bytes(unsigned)
    # metadata as the renderer pinned it: Info and XMP untouched, Producer agreeing, no "now"
    before, after = PdfReader(tmp_path / "unsigned.pdf"), PdfReader(issued["a"])
    assert dict(after.metadata or {}) == dict(before.metadata or {})
    assert xmp_of(issued["a"]) == xmp_of(tmp_path / "unsigned.pdf")
    xmp = xmp_of(issued["a"])
    assert "pdfaid:part>3<" in xmp.replace('"', "<").replace("=", ">") or 'pdfaid:part="3"' in xmp
    producer = str((after.metadata or {}).get("/Producer", ""))
    assert producer and producer in xmp and "pyHanko" not in producer
    # the second /ID is derived from the unsigned PDF, the first kept
    ids = after.trailer["/ID"]
    assert bytes(ids[1].original_bytes) == hashlib.sha256(unsigned).digest()[:16]
    assert bytes(ids[0].original_bytes) == bytes(before.trailer["/ID"][0].original_bytes)
    # an invisible, printable, locked widget with the fixed field name (PDF/A allows it)
    fields = after.get_fields() or {}
    assert pades.FIELD_NAME in fields
    field = after.trailer["/Root"]["/AcroForm"]["/Fields"][0].get_object()
    assert [float(x) for x in field["/Rect"]] == [0, 0, 0, 0] and int(field["/F"]) & 4
    assert "/JavaScript" not in str(after.trailer["/Root"]) and "/Encrypt" not in after.trailer
    # signing time = sign-off time
    db = open_database(issued["db"])
    try:
        signed_at = db.execute("SELECT signed_at FROM decision WHERE fy = 2026").fetchone()[0]
    finally:
        db.close()
    found = pades.check_pdf(signed)
    assert found.signing_time is not None
    assert found.signing_time.replace(microsecond=0).isoformat()[:19] == signed_at[:19]


def test_provenance_page_says_signed_by_key_or_not(issued: dict[str, Path]) -> None:
    fingerprint = signing.crypto.certificate_info(material("O1")[1]).fingerprint
    text = squashed(text_of(issued["a"]))
    assert squashed("Signatures by key") in text and fingerprint in text
    assert squashed("PAdES-signed by this certificate's key") in text
    assert squashed("not signed by key") not in text
    plain = squashed(text_of(issued["plain-ja"]))
    assert squashed("鍵による署名なし") in plain and fingerprint in plain
    assert not pades.check_pdf(issued["plain-ja"].read_bytes()).signed


def test_verify_needs_no_database_and_opens_none(issued: dict[str, Path], tmp_path: Path) -> None:
    copy = tmp_path / "copy.pdf"
    shutil.copyfile(issued["a"], copy)
    # the last database used is one that is not there: opening it would fail with exit 2
    from reviewer.services.recent import last_database, remember

    remember(tmp_path / "gone.db")
    assert last_database() == tmp_path / "gone.db"
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, err = reviewer("--lang", "en", "verify", str(copy), "--cert", str(issued["pem"]))
    assert code == 0, err
    assert "the PAdES signature is valid" in out and "The signer is the certificate given" in out
    code, out, err = reviewer("--lang", "ja", "verify", str(copy))
    assert code == 0 and "PAdES 署名は有効です" in out, err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing created beside it
    # with --db it also names the issue: FY, edition, final
    code, out, _ = reviewer(
        "--lang", "en", "--db", str(issued["db"]), "verify", str(copy), "--cert", str(issued["pem"])
    )
    assert code == 0 and "FY2026" in out and "Internal edition" in out and "Final (signed)" in out


def test_verify_with_another_certificate_fails(issued: dict[str, Path], tmp_path: Path) -> None:
    _p12, _pp, other = key_files(tmp_path, "O2")
    code, out, _ = reviewer("--lang", "en", "verify", str(issued["a"]), "--cert", str(other))
    assert code == 1 and "not the certificate given" in out
    # an unsigned report given with --cert: no signature, exit 1, still no database
    code, out, _ = reviewer("--lang", "en", "verify", str(issued["plain-ja"]), "--cert", str(issued["pem"]))
    assert code == 1 and "carries no signature by key" in out


def _flip(data: bytes, at: int) -> bytes:
    changed = bytearray(data)
    changed[at] = ord("1") if changed[at] == ord("0") else (changed[at] + 1) % 256
    return bytes(changed)


def test_one_byte_changed_anywhere_fails(issued: dict[str, Path]) -> None:
    data = issued["a"].read_bytes()
    contents = data.index(b"/Contents <") + len(b"/Contents <")
    # every 509th byte of the file, and every byte of the CMS object's first 400 hex digits
    # (lengths, versions, algorithm names, the certificate) and of its zero padding's edge
    positions = [*range(0, len(data), 509), *range(contents, contents + 400)]
    end_of_der = data.index(b"0000000000", contents)
    positions += [end_of_der - 2, end_of_der, end_of_der + 1, end_of_der + 500, len(data) - 1]
    undetected = [at for at in positions if pades.check_pdf(_flip(data, at)).holds]
    assert undetected == []
    # upper- to lower-case in the hex string decodes to the same bytes: still refused
    letter = next(i for i in range(contents, contents + 200) if data[i : i + 1] in b"ABCDEF")
    lowered = bytearray(data)
    lowered[letter] = ord(chr(data[letter]).lower())
    assert not pades.check_pdf(bytes(lowered)).holds


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils' pdfsig is not installed")
def test_pdfsig_agrees(issued: dict[str, Path], tmp_path: Path) -> None:
    data = issued["a"].read_bytes()

    def pdfsig(blob: bytes) -> str:
        path = tmp_path / "x.pdf"
        path.write_bytes(blob)
        done = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
        return done.stdout + done.stderr

    assert "Signature is Valid" in pdfsig(data)
    contents = data.index(b"/Contents <") + len(b"/Contents <")
    for at in (len(data) // 3, contents + 700, len(data) - 20):  # a page, the signature value, the trailer
        changed = _flip(data, at)
        assert "Signature is Valid" not in pdfsig(changed), at
        code, out, _ = reviewer("--lang", "en", "verify", str(tmp_path / "x.pdf"))
        assert code == 1 and "does not hold" in out


def test_report_key_refusals(issued: dict[str, Path], tmp_path: Path) -> None:
    db = str(issued["db"])
    p12, passphrase = str(issued["p12"]), str(issued["passphrase"])
    out = tmp_path / "x.pdf"
    # a draft FY cannot be signed by key
    code, _o, err = reviewer(
        "--lang",
        "en",
        "--db",
        db,
        "report",
        "--fy",
        "2027",
        "--key",
        p12,
        "--passphrase-file",
        passphrase,
        "-o",
        str(out),
    )
    assert code == 1 and err.startswith("E-REPORT-KEY-UNSIGNED") and not out.exists()
    # a key that did not sign the decision
    other, other_pass, _pem = key_files(tmp_path, "O2")
    code, _o, err = reviewer(
        "--lang",
        "ja",
        "--db",
        db,
        "report",
        "--fy",
        "2026",
        "--key",
        str(other),
        "--passphrase-file",
        str(other_pass),
        "-o",
        str(out),
    )
    assert code == 1 and err.startswith("E-KEY-NOT-SIGNER") and str(other) in err and "署名" in err
    assert not out.exists()
    # a wrong passphrase
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n", encoding="utf-8")
    code, _o, err = reviewer(
        "--lang",
        "en",
        "--db",
        db,
        "report",
        "--fy",
        "2026",
        "--key",
        p12,
        "--passphrase-file",
        str(wrong),
        "-o",
        str(out),
    )
    assert code == 1 and "E-KEY-OPEN" in err and "wrong passphrase" in err and not out.exists()


def test_render_report_service_signs_too(issued: dict[str, Path], tmp_path: Path) -> None:
    db = open_database(issued["db"])
    try:
        key = signing.load_key(issued["p12"], issued["passphrase"].read_text(encoding="utf-8").strip())
        done = reporting.render_report(db, 2026, "en", "internal", tmp_path / "s.pdf", key=key)
    finally:
        db.close()
    assert done.sha256 == hashlib.sha256(issued["a"].read_bytes()).hexdigest()
