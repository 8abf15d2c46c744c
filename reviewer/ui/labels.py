"""Display formatting of yen, fiscal years, dates and domain words for the desktop (SPEC §9)."""

from __future__ import annotations

import datetime as dt
import functools

_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

OKU = 100_000_000  # 億
CHO = 1_000_000_000_000  # 兆


def _trim(value: float, digits: int) -> str:
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def yen(amount: int, lang: str) -> str:
    """ja: 3,873億円, 1兆2,000億円, 5,000万円; en: ¥387.3 billion, ¥1 trillion, ¥50 million."""
    if lang == "ja":
        if amount == 0:
            return "0円"
        sign = "-" if amount < 0 else ""
        amount = abs(amount)
        cho, rest = divmod(amount, CHO)
        oku, rest = divmod(rest, OKU)
        parts = []
        if cho:
            parts.append(f"{cho:,}兆")
        if oku:
            parts.append(f"{oku:,}億")
        if not parts:
            man = rest / 10_000
            return f"{sign}{_trim(man, 1)}万円" if amount >= 10_000 else f"{sign}{amount:,}円"
        return sign + "".join(parts) + "円"
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    for size, word in ((CHO, "trillion"), (1_000_000_000, "billion"), (1_000_000, "million")):
        if amount >= size:
            return f"{sign}¥{_trim(amount / size, 1)} {word}"
    return f"{sign}¥{amount:,}"


def fiscal_year(fy: int, lang: str) -> str:
    """ja: 2027年度; en: FY2027."""
    return f"{fy}年度" if lang == "ja" else f"FY{fy}"


def date(day: dt.date | str, lang: str) -> str:
    """ja: 2027年4月1日; en: 1 April 2027."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    if lang == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def date_time(stamp: str, lang: str) -> str:
    """A stored UTC time as a person reads it: ja 2026年12月7日 16:22 UTC; en 7 December 2026,
    16:22 UTC (the stamp's seconds and fraction left out). Not a time: shown as it is."""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    clock = f"{moment.hour:02d}:{moment.minute:02d} UTC"
    return f"{date(moment.date(), lang)} {clock}" if lang == "ja" else f"{date(moment.date(), lang)}, {clock}"


def date_edit_format(lang: str) -> str:
    """The display format of a date field (QDateEdit) that writes dates as `date` does:
    "2029年3月31日", "31 March 2029" (a date field showed "2029-03-31" beside them)."""
    return "yyyy年M月d日" if lang == "ja" else "d MMMM yyyy"


def number(value: float | None, lang: str, digits: int = 4) -> str:
    """A measured value: integers with separators, fractions to `digits` places, '—' for none."""
    if value is None:
        return "—"
    if float(value).is_integer() and abs(value) >= 1:
        return f"{int(value):,}"
    return _trim(value, digits)


_STATUS = {
    "met": ("達成", "Met"),
    "partially_met": ("一部達成", "Partially met"),
    "not_met": ("未達成", "Not met"),
    "no_evidence": ("根拠なし", "No evidence"),
    "open": ("未判定", "Open"),  # a condition nobody has judged yet
}
_COMMENT_KIND = {
    "positive": ("肯定的意見", "Positive"),
    "issues": ("問題点・改善点", "Issues"),
    "recommendations": ("今後への提言", "Recommendations"),
}
_KIND = {
    "model_release": ("モデル公開", "Model release"),
    "benchmark_result": ("ベンチマーク結果", "Benchmark result"),
    "fleet_observation": ("稼働実績", "Fleet observation"),
    "document": ("文書", "Document"),
    "manual": ("手入力", "Manual entry"),
}
_ROLE = {
    "chair": ("委員長", "Chair"),
    "vice_chair": ("副委員長", "Vice chair"),
    "member": ("委員", "Member"),
}
_CATEGORY = {
    "relative": ("親族", "Relative"),
    "same_organization": ("同一組織", "Same organization"),
    "co_researcher": ("共同研究者", "Co-researcher"),
    "competitor": ("競合関係", "Competitor"),
    "other": ("その他", "Other"),
}
_OUTCOME = {
    "continue": ("継続", "Continue"),
    "continue_with_conditions": ("条件付き継続", "Continue with conditions"),
    "accelerate": ("加速・拡大", "Accelerate"),
    "scale_back": ("縮小", "Scale back"),
    "restructure": ("見直し", "Restructure"),
    "stop": ("中止", "Stop"),
    "stop_with_refund": ("中止・一部返還", "Stop with partial refund"),
}


# -- desk (issue 15): words for areas, formats and places, never their codes -----------------------
@functools.cache
def _formats() -> dict[str, tuple[str, str]]:
    """Every evidence format's name, from the one catalogue (`format-name-*`, shared with the report).
    Read on first use: the importers' registry is not needed to start the desktop."""
    from reviewer import messages
    from reviewer.importers import FORMATS

    return {
        code: (messages.text(f"format-name-{code}", "ja"), messages.text(f"format-name-{code}", "en"))
        for code in (*FORMATS, "document")
    }


_PLACE = {
    "manual entry": ("手入力", "Manual entry"),  # the place of a manual record (store/documents.py)
}

# the media types services.documents records for an attached document (its only five)
_DOCUMENT_TYPE = {
    "application/pdf": ("PDF 文書", "PDF document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("Word 文書", "Word document"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("Excel ブック", "Excel workbook"),
    "image/png": ("PNG 画像", "PNG image"),
    "image/jpeg": ("JPEG 画像", "JPEG image"),
}


def document_type(media_type: str | None, lang: str) -> str:
    """An attached document's kind in words (PDF document, Excel workbook…), not its media type."""
    return _word(_DOCUMENT_TYPE, media_type, lang)


def area(key: str | None, lang: str) -> str:
    """A milestone's area (model, benchmark, fleet…) in the report's own words."""
    from reviewer import messages

    if key is None:
        return "—"
    return messages.text(f"report-area-{key}", lang) if messages.has(f"report-area-{key}") else key


def format_name(key: str | None, lang: str) -> str:
    return _word(_formats(), key, lang)


def place(text: str | None, lang: str) -> str:
    """Where a record came from in its file ("line 5" → "5 行目", "sheet!B3"; a JSON path stays as
    the file writes it), or the words for a manual entry."""
    if text is not None and text.startswith("line ") and lang == "ja":
        number, sep, rest = text[5:].partition(",")
        if number.isdecimal():
            return f"{number} 行目" + (f"、{rest.strip()}" if sep else "")
    return _word(_PLACE, text, lang)


def industry(code: str | None, names: dict[str, tuple[str, str]], lang: str) -> str:
    """An industry by the plan's name for it (`names`: code → (ja, en)); the code when unknown."""
    return _word(names, code, lang)


def marked_name(text: str | None, lang: str) -> str:
    """A name as stored, with the demo's "fictitious" marker (架空) in the chosen language: the
    demo writes "横浜みなと介護（架空）" and "中村 美咲（O02, 架空）"; English reads "(fictitious)"."""
    if text is None:
        return "—"
    if lang == "ja" or "架空" not in text:
        return text
    text = (
        text.replace("（架空）", " (fictitious)")
        .replace("架空）", "fictitious)")
        .replace("架空", "fictitious")
    )
    return text.replace("（", " (").replace("）", ")")


def word_tables() -> dict[str, dict[str, tuple[str, str]]]:
    """Every table of codes and their words: a screen must show the words, never the codes."""
    return {
        "status": _STATUS,
        "comment_kind": _COMMENT_KIND,
        "kind": _KIND,
        "role": _ROLE,
        "category": _CATEGORY,
        "outcome": _OUTCOME,
        "format": _formats(),
        "place": _PLACE,
        "document_type": _DOCUMENT_TYPE,
    }


def _word(table: dict[str, tuple[str, str]], key: str | None, lang: str) -> str:
    if key is None:
        return "—"
    pair = table.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "ja" else pair[1]


def status(key: str | None, lang: str) -> str:
    return _word(_STATUS, key, lang)


def comment_kind(key: str | None, lang: str) -> str:
    return _word(_COMMENT_KIND, key, lang)


def evidence_kind(key: str | None, lang: str) -> str:
    return _word(_KIND, key, lang)


def reviewer_role(key: str | None, lang: str) -> str:
    return _word(_ROLE, key, lang)


def conflict_category(key: str | None, lang: str) -> str:
    return _word(_CATEGORY, key, lang)


def outcome(key: str | None, lang: str) -> str:
    return _word(_OUTCOME, key, lang)


def percent(fraction: float | None, lang: str) -> str:
    """A fraction as a percentage with one decimal ('—' for none)."""
    return "—" if fraction is None else f"{fraction * 100:.1f}%"
