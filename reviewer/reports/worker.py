"""The render child process: `python -m reviewer.reports.worker` reads a JSON job on stdin, writes one PDF.

The job: {"html": path, "out": path, "metadata": {...}, "attachments": [{"name", "path",
"description", "relationship"}], "source_date_epoch": int or null, "assets": path or null}.
The PDF goes to a temporary file in the target folder and is renamed over `out` only when
complete, so a failed or killed render leaves nothing at `out`. One JSON line on stdout answers:
{"ok": true, "pages": N} or {"ok": false, "code": "E-…", "params": {...}}.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from reviewer.reports.pdf import AttachmentSpec, FetchRefused, PdfMetadata, write_pdf


def run_job(job: dict[str, Any]) -> int:
    """Render one job; returns the page count. Raises FetchRefused, OSError, and WeasyPrint's errors."""
    out = Path(job["out"])
    meta = job["metadata"]
    metadata = PdfMetadata(
        title=meta["title"],
        lang=meta["lang"],
        created=dt.datetime.fromisoformat(meta["created"]),
        authors=tuple(meta.get("authors", ())),
        description=meta.get("description", ""),
        keywords=tuple(meta.get("keywords", ())),
        identifier=meta.get("identifier", ""),
    )
    attachments = [
        AttachmentSpec(
            a["name"], Path(a["path"]).read_bytes(), a["description"], a.get("relationship", "Source")
        )
        for a in job.get("attachments", [])
    ]
    html = Path(job["html"]).read_text(encoding="utf-8")
    fd, tmp_name = tempfile.mkstemp(prefix=".report-", suffix=".pdf.part", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        pages = write_pdf(
            html,
            tmp,
            attachments=attachments,
            metadata=metadata,
            source_date_epoch=job.get("source_date_epoch"),
            assets=Path(job["assets"]) if job.get("assets") else None,
        )
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a report is a document to hand on
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return pages


def main() -> int:
    def answer(value: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")
        sys.stdout.flush()

    try:
        job = json.loads(sys.stdin.read())
        pages = run_job(job)
    except FetchRefused as exc:
        answer(
            {"ok": False, "code": "E-REPORT-FETCH", "params": {"url": exc.url[:200], "reason": exc.reason}}
        )
        return 1
    except OSError as exc:
        answer(
            {
                "ok": False,
                "code": "E-REPORT-OUTPUT",
                "params": {"path": str(exc.filename), "reason": str(exc)},
            }
        )
        return 1
    except Exception as exc:  # the parent shows the reason; the traceback goes to stderr
        import traceback

        traceback.print_exc()
        answer({"ok": False, "code": "E-REPORT-RENDER", "params": {"reason": f"{type(exc).__name__}: {exc}"}})
        return 1
    answer({"ok": True, "pages": pages})
    return 0


if __name__ == "__main__":
    sys.exit(main())
