"""R7 and R8: hostile text reaches no file and no network; a bad template or asset stops the render."""

from __future__ import annotations

import http.server
import logging
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from reviewer import resources
from reviewer.core.errors import Refused
from reviewer.reports.pdf import AttachmentSpec, FetchRefused, PdfMetadata, write_pdf
from reviewer.reports.render import render_html
from reviewer.services import reporting
from reviewer.services.report_context import build_context
from reviewer.store.db import open_database
from tests.reports import builders, pdfcheck

CANARY = b"CANARY-7f3a9c-SECRET-BYTES"


class _Canary(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:  # any request at all is a failure of the sandbox
        _Canary.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(CANARY)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def canary_server() -> Iterator[tuple[int, list[str]]]:
    _Canary.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    server.timeout = 1
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], _Canary.hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# The one warning a machine without libharfbuzz-subset gives on every report: WeasyPrint
# subsets fonts with fontTools instead, slower but the same PDF text (README, "Set up"). It is
# tolerated exactly: any other warning, or this one reworded, still fails.
FONTTOOLS_FALLBACK = 'Using fontTools instead of HarfBuzz-Subset for font "%s". This will '


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, str) and record.msg.startswith(FONTTOOLS_FALLBACK):
            return
        self.records.append(record)


def test_hostile_text_is_printed_literally_and_fetches_nothing(
    tmp_path: Path, canary_server: tuple[int, list[str]]
) -> None:
    port, hits = canary_server
    secret = tmp_path / "canary.txt"
    secret.write_bytes(CANARY)
    payload = (
        f'<img src="http://127.0.0.1:{port}/x"> <link rel=stylesheet href=file://{secret}>'
        f' url(file://{secret}) "><script>alert(1)</script> {{{{ 7*7 }}}}'
    )
    db_path = builders.build_program(tmp_path / "p", hostile=payload)
    db = open_database(db_path)
    outs = []
    try:
        for lang, edition in (("ja", "internal"), ("en", "public")):
            out = tmp_path / f"{lang}-{edition}.pdf"
            reporting.render_report(db, 2027, lang, edition, out)
            outs.append(out)
        # in-process too, watching WeasyPrint's log: no warning of any kind
        handler = _Records()
        logging.getLogger("weasyprint").addHandler(handler)
        try:
            html = render_html(build_context(db, 2027, "en", "internal"))
            write_pdf(
                html,
                tmp_path / "inproc.pdf",
                attachments=[],
                metadata=PdfMetadata("t", "en", reporting.pinned_instant(None, builders.dt.date(2028, 3, 9))),
                source_date_epoch=0,
            )
        finally:
            logging.getLogger("weasyprint").removeHandler(handler)
    finally:
        db.close()
    assert hits == []
    assert not handler.records, [r.getMessage() for r in handler.records]
    internal = pdfcheck.squashed(pdfcheck.text_of(outs[0]))
    for piece in ('"><script>alert(1)</script>', "{{7*7}}", f"http://127.0.0.1:{port}/x", "url(file://"):
        assert pdfcheck.squashed(piece) in internal, piece
    for out in [*outs, tmp_path / "inproc.pdf"]:
        assert CANARY not in pdfcheck.all_stream_bytes(out)


def _assets_copy(tmp_path: Path) -> Path:
    assets = tmp_path / "assets"
    shutil.copytree(resources.assets_dir(), assets, ignore=shutil.ignore_patterns("i18n", "icons"))
    return assets


@pytest.fixture(scope="module")
def draft_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return builders.build_program(tmp_path_factory.mktemp("r8") / "p", sign_2026=False)


def _refused_without_file(db_path: Path, out: Path, code: str, **where: Path) -> Refused:
    db = open_database(db_path)
    try:
        with pytest.raises(Refused) as caught:
            reporting.render_report(db, 2026, "en", "internal", out, **where)  # type: ignore[arg-type]
    finally:
        db.close()
    assert caught.value.code == code, caught.value
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".report-")]
    return caught.value


def test_missing_template_stops_the_render(draft_db: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(resources.templates_dir(), templates)
    (templates / "partials" / "roster.html.j2").unlink()
    exc = _refused_without_file(draft_db, tmp_path / "out.pdf", "E-REPORT-TEMPLATE", templates=templates)
    assert "roster" in str(exc.params["name"])


def test_missing_asset_stops_the_render(draft_db: Path, tmp_path: Path) -> None:
    assets = _assets_copy(tmp_path)
    (assets / "fonts" / "ipaexfont" / "ipaexg.ttf").unlink()
    exc = _refused_without_file(draft_db, tmp_path / "out.pdf", "E-REPORT-FETCH", assets=assets)
    assert exc.params["reason"] == "missing asset"


def test_asset_pointing_outside_assets_stops_the_render(draft_db: Path, tmp_path: Path) -> None:
    assets = _assets_copy(tmp_path)
    outside = tmp_path / "outside.css"
    outside.write_text("body { color: red }", encoding="utf-8")
    css = assets / "css" / "report.css"
    css.write_text("@import url(../../outside.css);\n" + css.read_text(encoding="utf-8"), encoding="utf-8")
    exc = _refused_without_file(draft_db, tmp_path / "out.pdf", "E-REPORT-FETCH", assets=assets)
    assert exc.params["reason"] == "outside assets/"


def test_symlink_out_of_assets_stops_the_render(draft_db: Path, tmp_path: Path) -> None:
    assets = _assets_copy(tmp_path)
    outside = tmp_path / "real.css"
    shutil.copyfile(assets / "css" / "report.css", outside)
    (assets / "css" / "report.css").unlink()
    (assets / "css" / "report.css").symlink_to(outside)
    exc = _refused_without_file(draft_db, tmp_path / "out.pdf", "E-REPORT-FETCH", assets=assets)
    assert exc.params["reason"] == "outside assets/"


def _meta() -> PdfMetadata:
    return PdfMetadata("t", "en", reporting.pinned_instant(None, builders.dt.date(2028, 3, 9)))


@pytest.mark.parametrize(
    ("snippet", "reason"),
    [
        ('<img src="http://127.0.0.1:9/x.png">', "scheme not allowed"),
        ('<img src="https://example.invalid/x.png">', "scheme not allowed"),
        ('<img src="data:text/html;base64,PGI+aGk8L2I+">', "data: URL is not an image"),
        ('<img src="file:///etc/hostname">', "outside assets/"),
        ('<div style="background: url(file:///etc/passwd)">x</div>', "outside assets/"),
        ('<img src="fonts">', "not a regular file"),
    ],
)
def test_fetcher_refuses_everything_else(tmp_path: Path, snippet: str, reason: str) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(FetchRefused) as caught:
        write_pdf(f"<p>hi</p>{snippet}", out, attachments=[], metadata=_meta(), source_date_epoch=0)
    assert caught.value.reason == reason
    assert not out.exists()


def test_fetcher_serves_data_images_and_assets(tmp_path: Path) -> None:
    svg = (
        "data:image/svg+xml;base64,"
        "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRoPSI0IiBoZWlnaHQ9IjQiLz4="
    )
    out = tmp_path / "ok.pdf"
    pages = write_pdf(
        f'<link rel="stylesheet" href="css/report.css"><p>日本語</p><img src="{svg}">',
        out,
        attachments=[AttachmentSpec("a.json", b"{}", "d")],
        metadata=_meta(),
        source_date_epoch=0,
    )
    assert pages >= 1 and out.read_bytes().startswith(b"%PDF-")


def test_oversized_data_image_is_refused(tmp_path: Path) -> None:
    from reviewer.reports import pdf

    big = "data:image/png;base64," + "A" * (pdf.MAX_DATA_BYTES * 2 + 8)
    with pytest.raises(FetchRefused) as caught:
        write_pdf(
            f'<img src="{big}">', tmp_path / "x.pdf", attachments=[], metadata=_meta(), source_date_epoch=0
        )
    assert caught.value.reason == "data: URL over the size cap"
