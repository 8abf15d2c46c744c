"""Words for what the plan and the data hold as codes (SPEC §8 "Readable by a person").

A target reads "稼働台数（物流）2027年12月 ≧ 400台" / "Robots active (logistics), Dec 2027 ≧ 400
robots", a measured value carries its unit, a format its name. The words themselves are entries
of the one catalogue (`reviewer.messages`: `measure-*`, `unit-*`, `metric-*`, `format-*`); this
module only puts them together. ≧ and ≦ in both languages: the report's one font (IPAexGothic)
has them and not ≥ ≤.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from reviewer import messages
from reviewer.core.models import BenchmarkRule, FleetRule, ModelRule
from reviewer.core.normalize import fold

OPS = {">=": "≧", ">": ">", "<=": "≦", "<": "<", "==": "="}
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Benchmark metrics that are fractions of 1 (accuracy, success rate): printed as percentages.
_FRACTION_METRICS = {"acc", "acc_norm", "accuracy", "success_rate", "exact_match", "em", "f1", "pass@1"}


def _text(key: str, lang: str, **params: object) -> str:
    return messages.text(key, lang, **params)


def number(value: float) -> str:
    """20,000 not 2e+04; 0.534; 1.8."""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) < 10_000 else f"{value:,.0f}"


def period(text: str, lang: str) -> str:
    """A month `2027-12` as people write it: 2027年12月 / Dec 2027."""
    year, _, month = text.partition("-")
    if not (year.isdecimal() and month.isdecimal() and 1 <= int(month) <= 12):
        return text
    return f"{year}年{int(month)}月" if lang == "ja" else f"{_MONTHS_EN[int(month) - 1]} {year}"


_MONTH_NAMES_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def day(d: dt.date, lang: str) -> str:
    """2027年4月1日 / 1 April 2027 (never the locale's month names)."""
    return (
        f"{d.year}年{d.month}月{d.day}日"
        if lang == "ja"
        else f"{d.day} {_MONTH_NAMES_EN[d.month - 1]} {d.year}"
    )


def measure(code: str, lang: str) -> str:
    key = f"measure-{code}"
    return _text(key, lang) if messages.has(key) else code


def with_unit(value: float, unit_key: str, lang: str) -> str:
    """`value` followed by its unit: 905台, 905 robots, 1 robot, 1.8 per 1,000 h."""
    one = f"{unit_key}-one"
    key = one if value == 1 and messages.has(one) else unit_key
    return number(value) + _text(key, lang)


def metric(name: str | None, lang: str) -> str:
    """A benchmark metric's name in words (`acc` → 正答率 / accuracy); an unknown one as written."""
    if not name:
        return ""
    key = f"metric-{fold(name)}"
    return _text(key, lang) if messages.has(key) else name


def is_fraction(metric_name: str | None, target: float) -> bool:
    return fold(metric_name or "") in _FRACTION_METRICS and 0 <= target <= 1


def percent(value: float) -> str:
    """A fraction of 1 as a percentage: 0.534 → 53.4%, 0.5 → 50%."""
    return f"{value * 100:.4g}%"


def benchmark_name(aliases: Iterable[str]) -> str:
    """The benchmark's name for a person: the first alias written with capitals (ARC-Challenge
    rather than arc_challenge), else the first."""
    names = list(aliases)
    for name in names:
        if any(ch.isupper() for ch in name):
            return name
    return names[0] if names else ""


def benchmark_names(rules: Iterable[Any]) -> dict[str, str]:
    """Folded alias → the display name of its benchmark, over the plan's benchmark rules."""
    out: dict[str, str] = {}
    for rule in rules:
        if isinstance(rule, BenchmarkRule):
            shown = benchmark_name(rule.benchmark)
            for alias in rule.benchmark:
                out.setdefault(fold(alias), shown)
    return out


def benchmark_metric(rule: BenchmarkRule, lang: str) -> str:
    """The benchmark and its metric in words: "ARC-Challenge 正答率" / "ARC-Challenge accuracy"."""
    return f"{benchmark_name(rule.benchmark)} {metric(rule.metric, lang)}".strip()


def target(
    rule: BenchmarkRule | FleetRule | ModelRule | None,
    lang: str,
    industries: Mapping[str, str],
    benchmarks: Mapping[str, str],
) -> str:
    """The rule's target in words; "" for a milestone without a rule.

    `industries`: industry code → its name in `lang`; `benchmarks`: folded alias → display name.
    """
    if isinstance(rule, BenchmarkRule):
        what = benchmark_metric(rule, lang)
        goal = percent(rule.target) if is_fraction(rule.metric, rule.target) else number(rule.target)
        return f"{what} {OPS[rule.op.value]} {goal}"
    if isinstance(rule, FleetRule):
        where = ""
        if rule.industry:
            name = industries.get(rule.industry, rule.industry)
            where = _text("report-target-industry", lang, industry=name)
        return _text(
            "report-target-fleet",
            lang,
            measure=measure(rule.measure.value, lang),
            where=where,
            period=period(rule.period, lang),
            op=OPS[rule.op.value],
            target=with_unit(rule.target, f"unit-{rule.measure.value}", lang),
        )
    if isinstance(rule, ModelRule):
        if not rule.requires:
            return _text("report-target-model", lang, model=rule.model)
        names = [benchmarks.get(fold(r), r) for r in rule.requires]
        sep = "、" if lang == "ja" else ", "
        return _text("report-target-model-results", lang, model=rule.model, names=sep.join(names))
    return ""


def measured(rule: BenchmarkRule | FleetRule | ModelRule | None, value: float | None, lang: str) -> str:
    """A measured value with its unit (905台, 53.4%, 1.8 per 1,000 h); "—" for none."""
    if value is None:
        return "—"
    if isinstance(rule, FleetRule):
        return with_unit(value, f"unit-{rule.measure.value}", lang)
    if isinstance(rule, BenchmarkRule) and is_fraction(rule.metric, rule.target) and 0 <= value <= 1:
        return percent(value)
    return number(value)


def format_name(code: str, lang: str) -> str:
    """An evidence format's name (lm-eval → lm-evaluation-harness results); unknown: as written."""
    key = f"format-name-{code}"
    return _text(key, lang) if messages.has(key) else code


def importer_version(version: str, fmt: str, lang: str) -> str:
    """`hf-model-card/1` → "読込器 第1版" / "importer version 1": the format is named beside it."""
    head, sep, tail = version.rpartition("/")
    if sep and head == fmt:
        return _text("report-importer-version", lang, version=tail)
    return version
