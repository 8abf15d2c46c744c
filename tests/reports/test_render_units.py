"""The report's filters, pseudonyms, the HTML escaping and the chart SVGs, without a PDF."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from reviewer.reports import attachment, charts, render
from reviewer.reports.context import BenchmarkChart, CriterionView, FleetChart, Series, SeriesPoint


@pytest.mark.parametrize(
    ("value", "ja", "en"),
    [
        (387_300_000_000, "3,873億円", "¥387.3 billion"),
        (1_000_000_000_000, "1兆円", "¥1 trillion"),
        (1_200_000_000_000, "1兆2,000億円", "¥1.2 trillion"),
        (110_000_000_000, "1,100億円", "¥110 billion"),
        (12_345, "12,345円", "¥12,345"),
    ],
)
def test_yen(value: int, ja: str, en: str) -> None:
    assert render.yen(value, "ja") == ja
    assert render.yen(value, "en") == en


def test_dates_and_fiscal_years() -> None:
    assert render.date(dt.date(2027, 4, 1), "ja") == "2027年4月1日"
    assert render.date(dt.date(2027, 4, 1), "en") == "1 April 2027"
    assert render.date("2028-03-31", "en") == "31 March 2028"
    assert render.fiscal_year(2027, "ja") == "2027年度"
    assert render.fiscal_year(2027, "en") == "FY2027"
    assert render.percent(0.75) == "75.0%"
    assert render.percent(None) == "—"
    assert render.mean(2.3333333) == "2.33"
    assert render.number(2198.0) == "2,198"
    assert render.number(0.26621) == "0.2662"


def test_pseudonyms_are_stable_and_unrelated_to_the_roster() -> None:
    ids = [f"R{n:02d}" for n in range(1, 9)]
    first = attachment.pseudonym_order(ids, "a" * 64)
    assert first == attachment.pseudonym_order(list(reversed(ids)), "a" * 64)
    assert sorted(first) == ids
    assert first != ids  # not the roster order (fixed salt: a test that can fail)
    assert first != attachment.pseudonym_order(ids, "b" * 64)
    assert [attachment.letters(n) for n in (0, 1, 25, 26, 27)] == ["A", "B", "Z", "AA", "AB"]


def test_environment_escapes_everything_and_is_strict() -> None:
    env = render.environment()
    assert env.autoescape is True
    out = env.from_string("{{ x }}").render(x='"><script>{{ 7*7 }}')
    assert out == "&#34;&gt;&lt;script&gt;{{ 7*7 }}"
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ missing }}").render()


def _svg(uri: str) -> bytes:
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    return base64.b64decode(uri[len(prefix) :])


def test_charts_are_reproducible_svg_without_dates() -> None:
    words = render.chart_words("ja")
    view = CriterionView(
        "outcomes", "研究開発成果", 2.5, 4, (("A", 2), ("B", 2), ("C", 0), ("D", 0)), 1, False, False
    )
    fleet = FleetChart(
        (Series("医療", (SeriesPoint("2027-01", 31), SeriesPoint("2027-03", 54))),),
        ((2027, 2000), (2040, 10**6)),
    )
    bench = BenchmarkChart("B1", "PickBench", 0.7, "≧", (("kite/robo-1", 0.73), ("base/model-0", 0.40)))
    for make in (
        lambda: charts.criterion_chart(view, words),
        lambda: charts.fleet_chart(fleet, words),
        lambda: charts.benchmark_chart(bench, words),
    ):
        first, second = _svg(make()), _svg(make())
        assert first == second
        assert b"<dc:date>" not in first
        assert b"<text" not in first  # glyphs are paths: the SVG needs no font
