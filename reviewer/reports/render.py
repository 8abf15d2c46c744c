"""The report's HTML: one Jinja2 environment (autoescape, StrictUndefined), filters, charts in."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from reviewer import messages, resources
from reviewer.core.errors import Refused
from reviewer.reports import charts, wording
from reviewer.reports.context import AwaitingReview, ReportContext, Undisclosed

ROOT_TEMPLATE = "report.html.j2"
OKU = 100_000_000
CHO = 1_000_000_000_000
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


# --------------------------------------------------------------------------- filters


def _trim(number: float, decimals: int) -> str:
    text = f"{number:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def yen(value: int | None, lang: str) -> str:
    """ja: 3,873億円 (1兆2,000億円); en: ¥387.3 billion (¥1 trillion)."""
    if value is None:
        return "—"
    if lang == "ja":
        if abs(value) < OKU:
            return f"{value:,}円"
        cho, rest = divmod(value, CHO)
        oku = rest / OKU
        head = f"{cho:,}兆" if cho else ""
        tail = f"{_trim(oku, 2)}億" if oku else ""
        return f"{head}{tail}円"
    if abs(value) >= CHO:
        return f"¥{_trim(value / CHO, 3)} trillion"
    if abs(value) >= 1_000_000_000:
        return f"¥{_trim(value / 1_000_000_000, 2)} billion"
    if abs(value) >= 1_000_000:
        return f"¥{_trim(value / 1_000_000, 2)} million"
    return f"¥{value:,}"


def date(value: dt.date | str | None, lang: str) -> str:
    """ja: 2027年4月1日; en: 1 April 2027."""
    if value is None:
        return "—"
    d = dt.date.fromisoformat(value) if isinstance(value, str) else value
    if lang == "ja":
        return f"{d.year}年{d.month}月{d.day}日"
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def fiscal_year(value: int, lang: str) -> str:
    """ja: 2027年度; en: FY2027."""
    return f"{value}年度" if lang == "ja" else f"FY{value}"


def percent(value: float | None, decimals: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{decimals}f}%"


def number(value: float | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.4g}"


def mean(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def id_ranges(ids: Sequence[int]) -> str:
    """Evidence ids as `#1 #4–#9`: a fleet rule can rest on hundreds of consecutive rows."""
    runs: list[list[int]] = []
    for id_ in sorted(set(ids)):
        if runs and runs[-1][1] == id_ - 1:
            runs[-1][1] = id_
        else:
            runs.append([id_, id_])
    return " ".join(f"#{a}" if a == b else f"#{a}–#{b}" for a, b in runs) or "—"


# --------------------------------------------------------------------------- long words

# A run this long with no break opportunity of its own gets a zero-width space every _CHUNK
# characters. WeasyPrint breaks one unbroken word (overflow-wrap: anywhere) in time that grows
# with the square of its length: a 10,000-character word took 4.0 s alone here, 0.44 s with
# the breaks (ordinary words of the same length: 0.57 s). The text reads the same.
_LONG_RUN = re.compile(r"[^\s\u200b]{65,}")
_CHUNK = 64
_BREAK = "\u200b"


def _breakable(run: re.Match[str]) -> str:
    word = run.group()
    return _BREAK.join(word[i : i + _CHUNK] for i in range(0, len(word), _CHUNK))


def breakable(value: object) -> object:
    """Jinja's `finalize`: every printed text with break opportunities in its long words.

    Markup (already HTML) and data: URIs (charts in `src`) pass as they are.
    """
    if type(value) is str and len(value) > _CHUNK and not value.startswith("data:"):
        return _LONG_RUN.sub(_breakable, value)
    return value


# --------------------------------------------------------------------------- environment


@functools.cache
def environment(templates: Path | None = None) -> jinja2.Environment:
    """The one environment: autoescape on for every template, StrictUndefined, templates/ only."""
    env = jinja2.Environment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        loader=jinja2.FileSystemLoader(str(templates or resources.templates_dir())),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        finalize=breakable,
    )
    env.filters["number"] = number
    env.filters["percent"] = percent
    env.filters["mean"] = mean
    env.filters["id_ranges"] = id_ranges
    env.tests["undisclosed"] = lambda value: isinstance(value, Undisclosed)
    env.tests["awaiting_review"] = lambda value: isinstance(value, AwaitingReview)
    return env


def chart_words(lang: str) -> dict[str, str]:
    keys = ("count", "mean", "none", "others", "trajectory", "robots", "year", "target", "value")
    words = {k: messages.text(f"report-chart-{k}", lang) for k in keys}
    # the readable charts (issue 16): FY ticks, the total, the plan's targets, baselines named
    words |= {
        "fy": messages.text("report-chart-fy", lang),
        "fy_tick": messages.text("report-chart-fy-tick", lang),  # a template: {fy}
        "total": messages.text("report-chart-actual", lang),
        "total_disclosed": messages.text("report-chart-actual-disclosed", lang),
        "span": messages.text("report-chart-span", lang),
        "milestone": messages.text("report-chart-milestone", lang),  # a template: {code}
        "baseline_mark": messages.text("report-baseline-mark", lang),
    }
    return words


def render_html(ctx: ReportContext, templates: Path | None = None) -> str:
    """The report as one HTML document (charts embedded as data: URIs).

    Raises Refused E-REPORT-TEMPLATE when a template is missing or broken.
    """
    lang = ctx.lang
    words = chart_words(lang)
    criterion_charts = {c.code: charts.criterion_chart(c, words) for c in ctx.criteria}
    fleet = fleet_long = None
    if ctx.fleet_chart.industries:  # no data (or none disclosed): no empty axes, the plan alone
        fleet = charts.fleet_chart(ctx.fleet_chart, words)
    if ctx.fleet_chart.trajectory:
        fleet_long = charts.fleet_trajectory_chart(ctx.fleet_chart, words)
    benchmark = {
        b.milestone: charts.benchmark_chart(b, words)
        for b in ctx.benchmark_charts
        if b.points and not b.undisclosed
    }

    def t(key: str, **params: Any) -> str:
        return messages.text(key, lang, **params)

    values: dict[str, Any] = {
        "ctx": ctx,
        "t": t,
        "yen": lambda v: yen(v, lang),
        "date": lambda v: date(v, lang),
        "fy": lambda v: fiscal_year(v, lang),
        "bench_value": lambda b, v: wording.percent(v) if b.percent else wording.number(v),
        "criterion_charts": criterion_charts,
        "fleet_chart_uri": fleet,
        "fleet_trajectory_uri": fleet_long,
        "trajectory_last": max((fy for fy, _ in ctx.fleet_chart.trajectory), default=None),
        "benchmark_chart_uris": benchmark,
    }
    try:
        template = environment(templates).get_template(ROOT_TEMPLATE)
        return template.render(values)
    except jinja2.TemplateNotFound as exc:
        raise Refused("E-REPORT-TEMPLATE", name=exc.name or "?", reason="missing") from exc
    except jinja2.TemplateError as exc:
        raise Refused("E-REPORT-TEMPLATE", name=getattr(exc, "name", None) or "?", reason=str(exc)) from exc
