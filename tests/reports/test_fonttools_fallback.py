"""Without HarfBuzz's subsetter WeasyPrint warns and uses fontTools: tolerated, and only that."""

from __future__ import annotations

import logging

from tests.reports.test_report_sandbox import _Records


def _record(msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("weasyprint", logging.WARNING, "fonts.py", 213, msg, args, None)


def test_only_the_fonttools_fallback_warning_is_tolerated() -> None:
    handler = _Records()
    # WeasyPrint's own template (weasyprint/pdf/fonts.py), as it logs it
    handler.emit(
        _record(
            'Using fontTools instead of HarfBuzz-Subset for font "%s". This will '
            "be unsupported in future versions of WeasyPrint. Please install "
            "HarfBuzz-Subset >= 4.1.0 with your package manager.",
            "Noto Sans CJK JP",
        )
    )
    assert handler.records == []
    handler.emit(_record('Unable to subset "%s" with HarfBuzz', "Noto Sans CJK JP"))
    handler.emit(_record("Ignored `position: fixed` at 1:2."))
    assert [r.getMessage() for r in handler.records] == [
        'Unable to subset "Noto Sans CJK JP" with HarfBuzz',
        "Ignored `position: fixed` at 1:2.",
    ]
