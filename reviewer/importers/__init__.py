"""The format registry: every format's name and module, and detection of a file's format by content."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import cast

from reviewer.core.errors import InputRefused, Problem, UsageError
from reviewer.importers.base import HEAD_BYTES, FormatModule, require_regular
from reviewer.importers.tabular_xlsx import ZIP_MAGIC, sheet_refusal, sniffing_sheet, xlsx_archive_problems
from reviewer.importers.textenc import refuse_wide

# Format name -> module under reviewer.importers, in SPEC §4's table order. Modules are imported
# only when asked for, so importing the registry stays cheap and loads no parser it does not use.
_MODULES: dict[str, str] = {
    "hf-model-card": "hf_model_card",
    "hf-eval-results": "hf_eval_results",
    "lm-eval": "lm_eval",
    "lerobot-eval": "lerobot_eval",
    "benchmark-csv": "benchmark_csv",
    "fleet-report": "fleet_report",
    "vda5050-state": "vda5050",
    "open-rmf-fleet-state": "open_rmf",
    "assessment-sheet": "assessment_sheet",
    "inspect-log": "inspect_log",
    "llm-jp-eval": "llm_jp_eval",
}

FORMATS: tuple[str, ...] = tuple(_MODULES)

# The order sniffers are asked in: the most specific first. JSON shapes with required key sets
# come before YAML and Markdown, which come before the CSV/XLSX formats, whose headers are
# the only evidence; among those, the sheet with its fixed reviewer columns goes first.
DETECTION_ORDER: tuple[str, ...] = (
    "lm-eval",
    "lerobot-eval",
    "inspect-log",
    "llm-jp-eval",
    "vda5050-state",
    "open-rmf-fleet-state",
    "hf-model-card",
    "hf-eval-results",
    "assessment-sheet",
    "benchmark-csv",
    "fleet-report",
)

# Formats whose input may be a folder (hf-eval-results: a `.eval_results/` folder of YAML files).
FOLDER_FORMATS: tuple[str, ...] = ("hf-eval-results",)

_BOM = b"\xef\xbb\xbf"


def module_for(name: str) -> FormatModule:
    """The module of format `name`. Raises UsageError `format-unknown` for a name we do not know."""
    module_name = _MODULES.get(name)
    if module_name is None:
        raise UsageError("format-unknown", name=name, formats=", ".join(FORMATS))
    return cast(FormatModule, importlib.import_module(f"{__name__}.{module_name}"))


def _is_inspect_archive(path: Path) -> bool:
    from reviewer.importers.inspect_log import is_eval_archive

    return is_eval_archive(path)


def detect(path: Path, display_name: str | None = None, *, sheet: str | None = None) -> str:
    """The name of the one format whose sniffer accepts the file (or folder) at `path`.

    Raises InputRefused: E-NOT-A-FILE for a device, FIFO, socket or a folder no folder format
    reads, E-NO-DATA for an empty file, E-ENCODING-UTF16 (-NO-BOM) for a UTF-16 or UTF-32 text
    file (importers.textenc), a workbook's sheet refusal (E-XLSX-SHEETS and the
    others of `tabular_xlsx._data_sheet`; `sheet` is `--sheet`), E-UNKNOWN-FORMAT (params
    `tried`, the formats asked, in order) when none fits.
    """
    file = display_name or path.name
    require_regular(path, file, folder_ok=True)
    if path.is_dir():
        for name in FOLDER_FORMATS:
            if module_for(name).sniff(b"", path):
                return name
        raise InputRefused.one(file, "E-NOT-A-FILE", kind="folder")
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES)
    if not head.removeprefix(_BOM).strip():
        raise InputRefused.one(file, "E-NO-DATA")
    if not head.startswith((ZIP_MAGIC, b"PAR1")):
        # SPEC §4: a UTF-16 or UTF-32 text file is refused as such, not as "fits no format"
        refuse_wide(head, file)
    if head.startswith(ZIP_MAGIC) and not _is_inspect_archive(path):
        # Sniffing an XLSX opens it: a zip bomb is refused from its directory first. An
        # Inspect `.eval` is a zip too, but only its header member is ever read (and checked).
        dangers = xlsx_archive_problems(path)
        if dangers:
            raise InputRefused([Problem(file, code, params=params) for code, params in dangers])
    if head.startswith(b"PAR1"):
        return "fleet-report"  # the only Parquet format (SPEC §14); read without sniffing its text
    workbook = head.startswith(ZIP_MAGIC) and not _is_inspect_archive(path)
    if workbook:
        # SPEC §4: which worksheet holds the data is settled before its header is sniffed
        refusal = sheet_refusal(path, sheet)
        if refusal is not None:
            raise InputRefused([Problem(file, refusal[0], params=refusal[1])])
    with sniffing_sheet(sheet if workbook else None):
        for name in DETECTION_ORDER:
            if module_for(name).sniff(head, path):
                return name
        raise _unknown_format(file, head, path)


def check_options(path: Path, file: str, fmt: str, encoding: str | None, sheet: str | None) -> None:
    """Refuse options that do not apply to the file, instead of ignoring them (nothing silent).

    `--encoding` names a text file's encoding: a workbook, a Parquet file and an Inspect `.eval`
    archive are not text, and an Inspect JSON log is UTF-8 by its format (E-ENCODING-NOT-TEXT).
    `--sheet` names a workbook's worksheet (E-SHEET-NOT-XLSX for anything else). Raises
    InputRefused.
    """
    head = b""
    if path.is_file():
        with path.open("rb") as stream:
            head = stream.read(len(ZIP_MAGIC))
    binary = head.startswith((ZIP_MAGIC, b"PAR1"))
    if encoding is not None and (binary or (fmt == "inspect-log" and encoding != "utf-8")):
        raise InputRefused.one(file, "E-ENCODING-NOT-TEXT", encoding=encoding, format=fmt)
    if sheet is not None and not (head.startswith(ZIP_MAGIC) and fmt != "inspect-log"):
        raise InputRefused.one(file, "E-SHEET-NOT-XLSX", sheet=sheet)


def _unknown_format(file: str, head: bytes, path: Path) -> InputRefused:
    """E-UNKNOWN-FORMAT naming the formats tried, and the closest format's missing and unknown
    columns or keys when one is close (SPEC §4)."""
    from reviewer.importers.near_miss import closest

    tried = ", ".join(DETECTION_ORDER)
    near = closest(head, path)
    if near is None:
        return InputRefused.one(file, "E-UNKNOWN-FORMAT", tried=tried)
    code = "E-UNKNOWN-FORMAT-NEAR-COLUMNS" if near.kind == "columns" else "E-UNKNOWN-FORMAT-NEAR-KEYS"
    return InputRefused.one(
        file,
        code,
        tried=tried,
        format=near.format,
        missing=", ".join(near.missing) or "-",
        unknown=", ".join(near.unknown) or "-",
    )
