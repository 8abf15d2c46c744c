"""The report's charts read as SPEC §8 says: value labels clear of the target line, baselines
named, the fleet chart's time axis over the data's fiscal years, the trajectory to its end apart."""

from __future__ import annotations

import pytest

from reviewer.reports import charts
from reviewer.reports.context import BenchmarkChart, FleetChart, Series, SeriesPoint
from reviewer.reports.render import chart_words


def _close(fig) -> None:  # type: ignore[no-untyped-def]
    charts._pyplot().close(fig)


@pytest.mark.parametrize("percent", [False, True])
@pytest.mark.parametrize(
    "values",
    [
        (0.49, 0.5, 0.51, 0.52, 0.47),  # labels right on the line (the old chart struck 0.49 through)
        (0.05, 0.06, 0.0),  # bars too short to hold a label, the line just above them
        (0.2, 0.9, 0.44),  # far and near
    ],
)
def test_no_value_label_is_crossed_by_the_target_line(values: tuple[float, ...], percent: bool) -> None:
    target = 0.07 if values[0] == 0.05 else 0.5
    chart = BenchmarkChart(
        "B1", "t", target, "≧", tuple((f"m{i}", v) for i, v in enumerate(values)), percent=percent
    )
    fig = charts.benchmark_figure(chart, chart_words("en"))
    try:
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        line_y = ax.transData.transform((0, target))[1]
        shown = {f"{v * 100:.4g}%" if percent else f"{v:.3g}" for v in values}
        labels = [t for t in ax.texts if t.get_text() in shown]
        assert len(labels) == len(values)
        for label in labels:
            box = label.get_window_extent(renderer)
            assert not box.y0 - 1 <= line_y <= box.y1 + 1, (label.get_text(), box, line_y)
            top = ax.get_window_extent(renderer).y1
            assert box.y1 <= top + 1  # and stays inside the axes
    finally:
        _close(fig)


def test_a_baseline_is_named_and_grey() -> None:
    chart = BenchmarkChart(
        "B1",
        "t",
        0.5,
        "≧",
        (("openvla/openvla-7b", 0.6), ("kite/robo-1", 0.55)),
        baselines=("openvla/openvla-7b",),
    )
    for lang, mark in (("en", "(baseline)"), ("ja", "（ベースライン）")):
        fig = charts.benchmark_figure(chart, chart_words(lang))
        try:
            ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
            assert ticks[0].endswith(mark) and mark not in ticks[1]
            colours = [bar.get_facecolor() for bar in fig.axes[0].patches]
            assert colours[0] != colours[1]
        finally:
            _close(fig)


def _fleet() -> FleetChart:
    months = ("2027-01", "2027-02", "2027-03")
    return FleetChart(
        (
            Series("Logistics", tuple(SeriesPoint(m, 100.0 + i * 50) for i, m in enumerate(months))),
            Series("Cleaning", tuple(SeriesPoint(m, 40.0 + i * 10) for i, m in enumerate(months))),
        ),
        ((2027, 20_000), (2030, 500_000), (2040, 10_000_000)),
        targets=(("M26-F1", "2027-03", 1000.0),),
    )


def test_the_fleet_axis_spans_the_datas_fiscal_years_with_fy_ticks() -> None:
    for lang, tick in (("en", "FY2026"), ("ja", "2026年度")):
        fig = charts.fleet_figure(_fleet(), chart_words(lang))
        try:
            ax = fig.axes[0]
            lo, hi = ax.get_xlim()
            # three months of FY2026: 1 April 2026 to 31 March 2027, not 2027–2040
            assert lo == pytest.approx(2026.25) and hi == pytest.approx(2027.25)
            assert [t.get_text() for t in ax.get_xticklabels(minor=True)] == [tick]
            texts = [t.get_text() for t in ax.texts]
            assert any("M26-F1" in t for t in texts)  # the plan's target in the span
            fig.canvas.draw()
            assert not any("mathdefault" in t.get_text() for t in ax.get_yticklabels())
        finally:
            _close(fig)


def test_the_trajectory_to_its_end_is_a_second_small_chart() -> None:
    words = chart_words("en")
    assert charts.fleet_trajectory_chart(_fleet(), words) is not None
    no_plan = FleetChart(_fleet().industries, ())
    assert charts.fleet_trajectory_chart(no_plan, words) is None


def test_the_plan_is_drawn_between_its_points_never_beyond() -> None:
    points = [(2027.25, 1000.0), (2028.25, 20000.0)]
    inside = charts._interpolated(points, 2026.25, 2027.75)
    assert inside[0] == (2027.25, 1000.0) and inside[-1][0] == 2027.75
    assert 1000 < inside[-1][1] < 20000
    assert charts._interpolated(points, 2020.25, 2021.25) == []  # nothing invented before the plan


def test_a_total_over_some_withheld_industries_says_so() -> None:
    import dataclasses

    words = chart_words("en")
    for chart, label in (
        (_fleet(), "Actual (all industries)"),
        (dataclasses.replace(_fleet(), undisclosed=True), "Actual (disclosed industries)"),
    ):
        fig = charts.fleet_figure(chart, words)
        try:
            legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
            assert label in legend and {"Logistics", "Cleaning"} <= set(legend)
        finally:
            _close(fig)
