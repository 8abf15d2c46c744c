"""`keys new/register/list`, the --key and --passphrase-file options of `sign` and `report`, and the
signature part of `verify FILE.pdf [--cert CERT.pem]` (SPEC §7, §10)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from reviewer.cli import EXIT_OK, Console
from reviewer.cli.commands import Handler, opened
from reviewer.core.errors import Refused

if TYPE_CHECKING:
    from cryptography import x509

    from reviewer.services.signing import OfficerKey

# Longest passphrase file read: the first line of a small file, never a whole disk image.
_PASSPHRASE_FILE_MAX = 4096


def read_passphrase(args: argparse.Namespace, console: Console, *, confirm: bool = False) -> str:
    """The first line of --passphrase-file without its line ending, else asked on the terminal.

    Raises Refused: E-PASSPHRASE-FILE, E-PASSPHRASE-NEEDED (no file and no terminal),
    E-PASSPHRASE-MISMATCH, E-PASSPHRASE-EMPTY.
    """
    path: Path | None = getattr(args, "passphrase_file", None)
    if path is not None:
        if not path.is_file():  # a FIFO or a device would block or never end
            raise Refused("E-PASSPHRASE-FILE", path=str(path), reason="not a regular file")
        try:
            with open(path, "rb") as f:
                head = f.read(_PASSPHRASE_FILE_MAX)
        except OSError as exc:
            raise Refused("E-PASSPHRASE-FILE", path=str(path), reason=exc.strerror or str(exc)) from exc
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused("E-PASSPHRASE-FILE", path=str(path), reason="not UTF-8 text") from None
        line = text.split("\n", 1)[0].removesuffix("\r")
    else:
        if not (sys.stdin.isatty() and console.interactive):
            raise Refused("E-PASSPHRASE-NEEDED")
        line = getpass.getpass(console.t("passphrase-prompt"))
        if confirm and getpass.getpass(console.t("passphrase-again")) != line:
            raise Refused("E-PASSPHRASE-MISMATCH")
    if not line:
        raise Refused("E-PASSPHRASE-EMPTY")
    return line


def key_from_args(args: argparse.Namespace, console: Console) -> OfficerKey | None:
    """The key --key names, opened with its passphrase; None without --key."""
    if getattr(args, "key", None) is None:
        return None
    from reviewer.services import signing

    return signing.load_key(args.key, read_passphrase(args, console))


def cmd_keys(args: argparse.Namespace, console: Console) -> int:
    from reviewer.services import signing

    t = console.t
    if args.action == "list":
        with opened(args, readonly=True) as db:
            rows = signing.list_certificates(db)
        if not rows:
            console.say(t("keys-none"))
        for r in rows:
            console.say(
                t(
                    "keys-list-row",
                    officer=r.officer_id,
                    fingerprint=r.fingerprint,
                    subject=r.subject,
                    not_before=r.not_before,
                    not_after=r.not_after,
                    origin=t("keys-origin-" + r.origin),
                )
            )
        return EXIT_OK
    if args.action == "new":
        with opened(args) as db:
            passphrase = read_passphrase(args, console, confirm=True)
            info = signing.new_key(db, args.officer, args.output, passphrase)
        console.say(
            t(
                "keys-made",
                path=str(args.output),
                officer=args.officer,
                fingerprint=info.fingerprint,
                subject=info.subject,
            )
        )
        return EXIT_OK
    with opened(args) as db:
        info = signing.register_certificate(db, args.officer, args.cert)
    console.say(
        t("keys-registered", officer=args.officer, fingerprint=info.fingerprint, subject=info.subject)
    )
    return EXIT_OK


def pinned_certificates(args: argparse.Namespace) -> list[x509.Certificate]:
    """The certificates --cert gives (none without)."""
    from reviewer.services import signing

    return [signing.load_certificate(Path(p)) for p in getattr(args, "cert", None) or []]


def check_pdf_signature(path: Path, console: Console, pinned: list[x509.Certificate]) -> bool | None:
    """Print what the PDF's PAdES signature shows; True when it holds (and is by the pinned
    certificate when one is given), False when not, None when the PDF carries none."""
    from reviewer.reports import pades

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise Refused("E-VERIFY-PDF", path=str(path), reason=exc.strerror or str(exc)) from exc
    t = console.t
    found = pades.check_pdf(data)
    if not found.signed:
        if pinned:
            console.say(t("verify-pdf-no-signature", path=str(path)))
            return False
        return None
    if found.holds and pinned:
        from cryptography.hazmat.primitives import hashes

        by = {c.fingerprint(hashes.SHA256()).hex(): c for c in pinned}
        if found.fingerprint not in by:
            given = ", ".join(by)
            console.say(t("verify-pdf-cert-other", given=given, fingerprint=found.fingerprint))
            return False
        found = pades.check_pdf(data, by[str(found.fingerprint)])  # validated against it as the root
    if not found.holds:
        console.say(t("verify-pdf-bad-signature", path=str(path), reason=found.reason))
        return False
    when = found.signing_time.isoformat() if found.signing_time else "?"
    console.say(
        t(
            "verify-pdf-signed",
            path=str(path),
            subject=found.subject,
            fingerprint=found.fingerprint,
            time=when,
        )
    )
    if pinned:
        console.say(t("verify-pdf-cert-ok", fingerprint=found.fingerprint))
    return True


HANDLERS: dict[str, Handler] = {"keys": cmd_keys}

__all__ = ["HANDLERS", "check_pdf_signature", "key_from_args", "pinned_certificates", "read_passphrase"]
