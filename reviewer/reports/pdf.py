"""HTML to an archival PDF with WeasyPrint: PDF/A-3b, a deny-by-default fetcher, pinned dates."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import mimetypes
import os
import stat
import urllib.parse
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer import resources

# Caps on what the renderer may read: a chart or an asset larger than this is not ours.
MAX_DATA_BYTES = 8 * 1024 * 1024
MAX_FILE_BYTES = 32 * 1024 * 1024
PDF_VARIANT = "pdf/a-3b"
_MEDIA_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".svg": "image/svg+xml"}


class FetchRefused(Exception):
    """The renderer asked for something the sandbox does not serve; carries the URL and why."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{reason}: {url[:200]}")


@dataclass(frozen=True)
class AttachmentSpec:
    """One embedded file: its name, bytes, description and the AFRelationship (Source)."""

    name: str
    data: bytes
    description: str
    relationship: str = "Source"


@dataclass(frozen=True)
class PdfMetadata:
    title: str
    lang: str
    created: dt.datetime  # pinned: the signing time, or the gate date for a draft
    authors: tuple[str, ...] = ()
    description: str = ""
    keywords: tuple[str, ...] = ()
    identifier: str = ""  # written as the PDF /ID, where `verify` reads it without a PDF library
    extra: Mapping[str, str] = field(default_factory=dict)


def _fetcher_class() -> type:
    """The sandboxing fetcher, built on WeasyPrint's URLFetcher (imported only when rendering)."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class AssetOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Serves size-capped data: images and regular files under one folder; stops on anything else.

        Every refusal raises FatalURLFetchingError (a BaseException), which WeasyPrint lets through:
        the render stops instead of logging a warning and carrying on without the resource.
        """

        def __init__(self, root: Path) -> None:
            super().__init__(allowed_protocols=("data", "file"), fail_on_errors=True)
            self.root = Path(os.path.realpath(root))
            self.refused: FetchRefused | None = None

        def _refuse(self, url: str, reason: str) -> None:
            self.refused = FetchRefused(url, reason)
            raise FatalURLFetchingError(str(self.refused))

        def fetch(self, url: str, headers: Any = None) -> Any:
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme == "data":
                media_type, data = self._data(url)
                return URLFetcherResponse(url, data, {"Content-Type": media_type})
            if scheme == "file":
                path, data = self._file(url)
                media_type = _MEDIA_TYPES.get(path.suffix.lower()) or (
                    mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                )
                return URLFetcherResponse(path.as_uri(), data, {"Content-Type": media_type})
            self._refuse(url, "scheme not allowed")
            raise AssertionError("unreachable")

        def _data(self, url: str) -> tuple[str, bytes]:
            header, sep, payload = url[5:].partition(",")
            if not sep:
                self._refuse(url, "malformed data: URL")
            parts = header.split(";")
            media_type = parts[0].strip().lower()
            if not media_type.startswith("image/"):
                self._refuse(url, "data: URL is not an image")
            if len(payload) > MAX_DATA_BYTES * 2:
                self._refuse(url, "data: URL over the size cap")
            try:
                data = (
                    base64.b64decode(payload, validate=True)
                    if "base64" in parts[1:]
                    else urllib.parse.unquote_to_bytes(payload)
                )
            except (binascii.Error, ValueError):
                self._refuse(url, "malformed data: URL")
            if len(data) > MAX_DATA_BYTES:
                self._refuse(url, "data: URL over the size cap")
            return media_type, data

        def _file(self, url: str) -> tuple[Path, bytes]:
            parsed = urllib.parse.urlsplit(url)
            if parsed.netloc not in ("", "localhost"):
                self._refuse(url, "remote file URL")
            real = Path(os.path.realpath(urllib.request.url2pathname(parsed.path)))
            # by resolved real path: a symlink that leads out of the folder is outside it
            if self.root not in real.parents:
                self._refuse(url, "outside assets/")
            try:
                info = real.stat()
            except OSError:
                self._refuse(url, "missing asset")
            if not stat.S_ISREG(info.st_mode):
                self._refuse(url, "not a regular file")
            if info.st_size > MAX_FILE_BYTES:
                self._refuse(url, "asset over the size cap")
            return real, real.read_bytes()

    return AssetOnlyFetcher


def library_versions() -> dict[str, str]:
    """Versions of the libraries that shape the PDF's bytes (recorded in every report).

    Read from the installed distributions' metadata: nothing is imported for it.
    """
    import platform
    from importlib.metadata import version

    return {
        "WeasyPrint": version("weasyprint"),
        "pydyf": version("pydyf"),
        "fontTools": version("fonttools"),
        "matplotlib": version("matplotlib"),
        "Python": platform.python_version(),
    }


def write_pdf(
    html: str,
    out: Path,
    *,
    attachments: Sequence[AttachmentSpec],
    metadata: PdfMetadata,
    source_date_epoch: int | None,
    assets: Path | None = None,
) -> int:
    """Render `html` to the PDF file `out` (the worker renames it into place); returns the page count.

    `assets` is the only folder whose files the renderer may read (default: the product's
    assets/); relative URLs resolve against it. With `source_date_epoch` set, the render is
    byte-reproducible. Raises FetchRefused when the document asks for anything the sandbox does
    not serve (the render stops; nothing is written).
    """
    if source_date_epoch is not None:
        # fontTools stamps font subsets with this time; without it, the current time
        os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
    else:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    from weasyprint import HTML, Attachment
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError

    root = Path(assets) if assets is not None else resources.assets_dir()
    fetcher = _fetcher_class()(root)
    created = metadata.created.astimezone(dt.UTC).replace(microsecond=0)
    pinned = created.isoformat().replace("+00:00", "Z")
    pdf_attachments = [
        Attachment(
            file_obj=io.BytesIO(a.data),
            name=a.name,
            description=a.description,
            created=created,
            modified=created,
            relationship=a.relationship,
            url_fetcher=fetcher,
        )
        for a in attachments
    ]
    try:
        document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=FontConfiguration()
        )
        document.metadata.title = metadata.title
        document.metadata.authors = list(metadata.authors)
        document.metadata.description = metadata.description or None
        document.metadata.keywords = list(metadata.keywords)
        document.metadata.created = pinned
        document.metadata.modified = pinned
        document.metadata.lang = metadata.lang
        data = document.write_pdf(
            pdf_variant=PDF_VARIANT,
            attachments=pdf_attachments,
            pdf_identifier=metadata.identifier.encode("ascii") if metadata.identifier else None,
        )
    except FatalURLFetchingError:
        raise fetcher.refused or FetchRefused("?", "resource refused") from None
    Path(out).write_bytes(data)
    return len(document.pages)
