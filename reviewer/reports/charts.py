"""The report's charts: matplotlib (Agg) to reproducible SVG, embedded as data: URIs."""

from __future__ import annotations

import base64
import io
import itertools
import threading
from typing import Any

from reviewer import resources
from reviewer.reports.context import BenchmarkChart, CriterionView, FleetChart

# Fixed so the SVG's generated ids (and so the PDF) are the same on every render.
HASH_SALT = "stage-gate-reviewer"
FONT_FILE = ("fonts", "ipaexfont", "ipaexg.ttf")
# The palette of the Okabe–Ito set: distinguishable in print and for colour-blind readers.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
GRADE_COLOURS = {"A": "#0072B2", "B": "#56B4E9", "C": "#E69F00", "D": "#D55E00"}

_lock = threading.Lock()
_ready = False


def _pyplot() -> Any:
    """pyplot with the Agg backend and the bundled font registered (once per process)."""
    global _ready
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    with _lock:
        if not _ready:
            path = resources.assets_dir().joinpath(*FONT_FILE)
            font_manager.fontManager.addfont(str(path))
            name = font_manager.FontProperties(fname=str(path)).get_name()
            matplotlib.rcParams.update(
                {
                    "font.family": [name],
                    "svg.hashsalt": HASH_SALT,
                    "svg.fonttype": "path",  # glyphs as paths: the SVG needs no font at all
                    # SPEC §10: chart text is never read as math; `$\\notacommand{x}$` in an
                    # industry's name prints as written (mathtext raised ParseFatalException).
                    "text.parse_math": False,
                    "text.usetex": False,
                    "axes.unicode_minus": False,
                    "font.size": 8,
                    "axes.spines.top": False,
                    "axes.spines.right": False,
                }
            )
            _ready = True
    return plt


def _to_uri(fig: Any) -> str:
    plt = _pyplot()
    buf = io.BytesIO()
    fig.savefig(buf, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def criterion_chart(view: CriterionView, words: dict[str, str]) -> str:
    """Letter counts as bars and the mean points as a marked line, like NEDO's 評点結果 charts."""
    plt = _pyplot()
    fig, (ax_counts, ax_mean) = plt.subplots(
        1, 2, figsize=(6.2, 1.5), gridspec_kw={"width_ratios": [3, 2]}, layout="constrained"
    )
    letters = [letter for letter, _ in view.counts]
    counts = [count for _, count in view.counts]
    ax_counts.barh(letters, counts, color=[GRADE_COLOURS.get(x, "#777777") for x in letters])
    ax_counts.invert_yaxis()
    ax_counts.set_xlabel(words["count"])
    ax_counts.xaxis.get_major_locator().set_params(integer=True)
    for y, count in enumerate(counts):
        ax_counts.text(count, y, f" {count}", va="center")
    ax_counts.set_xlim(0, max([*counts, 1]) * 1.25)
    ax_mean.set_xlim(0, 3)
    ax_mean.set_ylim(-0.5, 0.5)
    ax_mean.set_yticks([])
    ax_mean.set_xticks([0, 1, 2, 3])
    ax_mean.set_xlabel(words["mean"])
    if view.mean is not None:
        ax_mean.barh([0], [view.mean], color="#0072B2", height=0.5)
        ax_mean.text(view.mean, 0, f" {view.mean:.2f}", va="center")
    else:
        ax_mean.text(1.5, 0, words["none"], ha="center", va="center")
    return _to_uri(fig)


def _year(period: str) -> float:
    """A month `YYYY-MM` on the time axis: its middle, in years."""
    year, month = period.split("-")
    return int(year) + (int(month) - 0.5) / 12


def _fy_of(period: str) -> int:
    year, month = int(period[:4]), int(period[5:7])
    return year if month >= 4 else year - 1


def _fy_start(fy: int) -> float:
    """1 April of FY `fy` on the time axis."""
    return fy + 3 / 12


def _fy_end(fy: int) -> float:
    """The end of FY `fy` (31 March of the next year): where its trajectory figure stands."""
    return fy + 1 + 3 / 12


def _plan_points(chart: FleetChart) -> list[tuple[float, float]]:
    """The plan's program-wide robots active: its trajectory (at each FY's end) and the
    robots-active targets of its milestones (at their month)."""
    points = {_fy_end(fy): float(n) for fy, n in chart.trajectory if n > 0}
    points |= {_year(period): float(t) for _code, period, t in chart.targets if t > 0}
    return sorted(points.items())


def _interpolated(points: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    """The plan's trajectory between `lo` and `hi`: its own points there, and the log-linear
    values at `lo` and `hi` where the span lies between two of them (never extrapolated)."""
    import math

    def at(x: float) -> float | None:
        for (x0, y0), (x1, y1) in itertools.pairwise(points):
            if x0 <= x <= x1:
                f = (x - x0) / (x1 - x0) if x1 > x0 else 0.0
                return math.exp(math.log(y0) + f * (math.log(y1) - math.log(y0)))
        return None

    out = [(x, y) for x, y in points if lo <= x <= hi]
    for edge in (lo, hi):
        y = at(edge)
        if y is not None and all(abs(x - edge) > 1e-9 for x, _ in out):
            out.append((edge, y))
    return sorted(out)


def _fy_axis(
    ax: Any, first: int, last: int, words: dict[str, str], every: int = 1, short: bool = False
) -> None:
    """Fiscal-year ticks: boundaries (1 April) as ticks, each FY's name under its middle."""
    from matplotlib.ticker import FixedLocator, NullFormatter

    ax.xaxis.set_major_locator(FixedLocator([_fy_start(y) for y in range(first, last + 2)]))
    ax.xaxis.set_major_formatter(NullFormatter())
    named = [y for y in range(first, last + 1) if (y - first) % every == 0]
    ax.xaxis.set_minor_locator(FixedLocator([_fy_start(y) + 0.5 for y in named]))
    ax.set_xticklabels([str(y) if short else words["fy_tick"].format(fy=y) for y in named], minor=True)
    ax.tick_params(axis="x", which="minor", length=0)
    ax.set_xlabel(words["fy"])


def _plain_log(ax: Any) -> None:
    """A log value axis labelled 10, 100, 1,000 … (text is never math, so no 10^n labels)."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())


def _totals(chart: FleetChart) -> list[tuple[str, float]]:
    totals: dict[str, float] = {}
    for series in chart.industries:
        for p in series.points:
            totals[p.x] = totals.get(p.x, 0) + p.y
    return sorted(totals.items())


def fleet_chart(chart: FleetChart, words: dict[str, str], top: int = 7) -> str:
    """Robots active per industry over the data's fiscal years (FY ticks), their total, and the
    plan over that same span: its trajectory where it runs there and its milestone targets."""
    return _to_uri(fleet_figure(chart, words, top))


def fleet_figure(chart: FleetChart, words: dict[str, str], top: int = 7) -> Any:
    """The fleet chart's matplotlib figure."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 3.0), layout="constrained")
    periods = sorted({p.x for s in chart.industries for p in s.points})
    if periods:
        first, last = _fy_of(periods[0]), _fy_of(periods[-1])
    else:  # no data at all: the trajectory's first FY
        first = last = min((fy for fy, _ in chart.trajectory), default=2000)
    lo, hi = _fy_start(first), _fy_end(last)
    # The largest industries by their last value get their own line; the rest are summed, so the
    # chart stays legible with 18 industries.
    ranked = sorted(chart.industries, key=lambda s: (-(s.points[-1].y if s.points else 0), s.label))
    shown, rest = ranked[:top], ranked[top:]
    values: list[float] = []
    for i, series in enumerate(shown):
        ys = [p.y for p in series.points]
        values += ys
        ax.plot([_year(p.x) for p in series.points], ys, color=COLOURS[i % len(COLOURS)], lw=1.2,
                marker="o", ms=2, label=series.label)  # fmt: skip
    others: dict[str, float] = {}
    for series in rest:
        for p in series.points:
            others[p.x] = others.get(p.x, 0) + p.y
    if others:
        xs = sorted(others)
        values += [others[x] for x in xs]
        ax.plot([_year(x) for x in xs], [others[x] for x in xs], color="#999999", lw=1, label=words["others"])
    totals = _totals(chart)
    if len(chart.industries) > 1 and totals:
        values += [y for _, y in totals]
        ax.plot([_year(x) for x, _ in totals], [y for _, y in totals], color="#000000", lw=1.6,
                label=words["total_disclosed" if chart.undisclosed else "total"])  # fmt: skip
    plan = _interpolated(_plan_points(chart), lo, hi)
    if plan:
        values += [y for _, y in plan]
        ax.plot([x for x, _ in plan], [y for _, y in plan], color="#000000", ls="--", lw=1,
                label=words["trajectory"])  # fmt: skip
    for code, period, target in chart.targets:
        values.append(target)
        ax.plot([_year(period)], [target], marker="D", ms=4, color="#D55E00", ls="none")
        ax.annotate(
            words["milestone"].format(code=code),
            (_year(period), target),
            xytext=(-4, 4),
            textcoords="offset points",
            ha="right",
            va="bottom",
            fontsize=6.5,
            color="#D55E00",
        )
    positive = [v for v in values if v > 0]
    if positive and max(positive) / min(positive) > 50:
        _plain_log(ax)
    else:
        ax.set_ylim(0, max([*values, 1]) * 1.15)
    ax.set_xlim(lo, hi)
    _fy_axis(ax, first, last, words)
    ax.set_ylabel(words["robots"])
    ax.grid(True, which="major", lw=0.3, color="#cccccc")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=6.5, frameon=False)
    return fig


def fleet_trajectory_chart(chart: FleetChart, words: dict[str, str]) -> str | None:
    """The plan's trajectory to its last year (log scale), small, with the total so far and the
    span of the main fleet chart shaded; None when the plan has no trajectory."""
    points = _plan_points(chart)
    if not points:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 1.7), layout="constrained")
    periods = sorted({p.x for s in chart.industries for p in s.points})
    last = max(fy for fy, _ in chart.trajectory)
    first = min([*(fy for fy, _ in chart.trajectory), *(_fy_of(p) for p in periods)])
    ax.plot([x for x, _ in points], [y for _, y in points], color="#000000", ls="--", lw=1, marker="o", ms=3,
            label=words["trajectory"])  # fmt: skip
    totals = _totals(chart)
    if totals:
        ax.plot([_year(x) for x, _ in totals], [y for _, y in totals], color="#0072B2", lw=1.6,
                label=words["total_disclosed" if chart.undisclosed else "total"])  # fmt: skip
    if periods:
        ax.axvspan(_fy_start(_fy_of(periods[0])), _fy_end(_fy_of(periods[-1])), color="#0072B2", alpha=0.1,
                   lw=0, label=words["span"])  # fmt: skip
    _plain_log(ax)
    ax.set_xlim(_fy_start(first), _fy_end(last))
    span = last - first + 1
    _fy_axis(ax, first, last, words, every=1 if span <= 8 else (2 if span <= 16 else 5), short=True)
    ax.set_ylabel(words["robots"])
    ax.grid(True, which="major", axis="y", lw=0.3, color="#cccccc")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=6.5, frameon=False)
    return _to_uri(fig)


def _label_place(value: float, target: float, height: float) -> tuple[float, str, bool]:
    """Where a bar's value label goes so the target line never runs through it:
    (y, vertical alignment, inside the bar). Above the bar's top when the line is clear of that
    band; inside the bar, under its top, when the line would cross the label above; above the
    line itself when the bar is too short to hold it."""
    pad = height * 0.25
    above = (value + pad, value + pad + height)
    if not above[0] - pad <= target <= above[1] + pad:
        return value + pad, "bottom", False
    inside = (value - pad - height, value - pad)
    if inside[0] >= 0 and not inside[0] - pad <= target <= inside[1] + pad:
        return value - pad, "top", True
    return max(value, target) + pad * 2, "bottom", False


def benchmark_chart(chart: BenchmarkChart, words: dict[str, str]) -> str:
    """Each model release's best matching result as a bar, against the target as a line.

    A baseline (the plan's outside model, never counted) is grey and named as a baseline;
    no value label is crossed by the target line."""
    return _to_uri(benchmark_figure(chart, words))


def benchmark_figure(chart: BenchmarkChart, words: dict[str, str]) -> Any:
    """The benchmark chart's matplotlib figure (the tests measure where its labels fell)."""
    plt = _pyplot()
    width = min(6.4, 2.2 + 0.8 * max(1, len(chart.points)))
    fig, ax = plt.subplots(figsize=(width, 2.4), layout="constrained")
    baselines = set(chart.baselines)
    mark = "\n" + words["baseline_mark"].strip()
    models = [_short(m) + (mark if m in baselines else "") for m, _ in chart.points]
    values = [v for _, v in chart.points]
    colours = ["#BBBBBB" if m in baselines else "#0072B2" for m, _ in chart.points]
    ax.bar(range(len(values)), values, color=colours, width=0.6)
    ax.set_xticks(range(len(values)), models, rotation=30, ha="right", rotation_mode="anchor")

    def shown(v: float) -> str:
        return f"{v * 100:.4g}%" if chart.percent else f"{v:.3g}"

    top = max([*values, chart.target]) * 1.25 or 1
    ax.set_ylim(0, top)
    # a 7 pt label's height in data units: the axes are about 1.5 in (108 pt) tall
    height = top * 9 / 108
    for x, v in enumerate(values):
        y, va, inside = _label_place(v, chart.target, height)
        ax.text(x, y, shown(v), ha="center", va=va, fontsize=7, color="#FFFFFF" if inside else "#000000")
    ax.axhline(chart.target, color="#D55E00", ls="--", lw=1)
    ax.text(
        ax.get_xlim()[1],
        chart.target,
        f" {words['target']} {chart.op} {shown(chart.target)}",
        va="center",
        color="#D55E00",
        fontsize=7,
    )
    if chart.percent:
        from matplotlib.ticker import FuncFormatter

        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v * 100:.0f}%"))
    ax.set_ylabel(chart.metric or words["value"])
    return fig


def _short(model: str, limit: int = 28) -> str:
    return model if len(model) <= limit else "…" + model[-(limit - 1) :]
