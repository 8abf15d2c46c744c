"""The report's charts: matplotlib (Agg) to reproducible SVG, embedded as data: URIs."""

from __future__ import annotations

import base64
import io
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
    year, month = period.split("-")
    return int(year) + (int(month) - 0.5) / 12


def fleet_chart(chart: FleetChart, words: dict[str, str], top: int = 7) -> str:
    """Robots active per industry over time (log scale) against the plan's trajectory to its end."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.4, 3.2), layout="constrained")
    totals: dict[str, float] = {}
    # The largest industries by their last value get their own line; the rest are summed, so the
    # chart stays legible with 18 industries.
    ranked = sorted(chart.industries, key=lambda s: (-(s.points[-1].y if s.points else 0), s.label))
    shown, rest = ranked[:top], ranked[top:]
    for i, series in enumerate(shown):
        xs = [_year(p.x) for p in series.points]
        ax.plot(xs, [p.y for p in series.points], color=COLOURS[i % len(COLOURS)], lw=1.2, label=series.label)
    for series in rest:
        for p in series.points:
            totals[p.x] = totals.get(p.x, 0) + p.y
    if totals:
        periods = sorted(totals)
        ax.plot(
            [_year(x) for x in periods],
            [totals[x] for x in periods],
            color="#999999",
            lw=1,
            label=words["others"],
        )
    if chart.trajectory:
        ax.plot(
            [y for y, _ in chart.trajectory],
            [n for _, n in chart.trajectory],
            color="#000000",
            ls="--",
            marker="o",
            ms=3,
            lw=1,
            label=words["trajectory"],
        )
    xs_all = [_year(p.x) for s in chart.industries for p in s.points] + [y for y, _ in chart.trajectory]
    if xs_all:
        ax.set_xlim(min(xs_all) - 0.5, max(xs_all) + 0.5)
    ax.set_yscale("log")
    ax.set_ylabel(words["robots"])
    ax.set_xlabel(words["year"])
    ax.grid(True, which="major", lw=0.3, color="#cccccc")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="upper left", fontsize=6.5, frameon=False, ncol=2)
    return _to_uri(fig)


def benchmark_chart(chart: BenchmarkChart, words: dict[str, str]) -> str:
    """Each model release's best matching result as a bar, against the target as a line."""
    plt = _pyplot()
    width = min(6.4, 1.8 + 0.55 * max(1, len(chart.points)))
    fig, ax = plt.subplots(figsize=(width, 2.2), layout="constrained")
    models = [_short(m) for m, _ in chart.points]
    values = [v for _, v in chart.points]
    ax.bar(range(len(values)), values, color="#0072B2", width=0.6)
    ax.set_xticks(range(len(values)), models, rotation=20, ha="right")
    for x, v in enumerate(values):
        ax.text(x, v, f"{v:.3g}", ha="center", va="bottom", fontsize=7)
    ax.axhline(chart.target, color="#D55E00", ls="--", lw=1)
    ax.text(
        ax.get_xlim()[1],
        chart.target,
        f" {words['target']} {chart.op} {chart.target:g}",
        va="center",
        color="#D55E00",
        fontsize=7,
    )
    ax.set_ylim(0, max([*values, chart.target]) * 1.2 or 1)
    ax.set_ylabel(words["value"])
    return _to_uri(fig)


def _short(model: str, limit: int = 28) -> str:
    return model if len(model) <= limit else "…" + model[-(limit - 1) :]
