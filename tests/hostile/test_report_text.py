"""Report text that tries to be something else (SPEC §10, R20): chart labels are never math, and
long words get break opportunities so the render time stays bounded."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer.reports import charts
from reviewer.reports.context import BenchmarkChart, FleetChart, Series, SeriesPoint
from reviewer.reports.render import breakable, chart_words

MATH = r"Logistics $\notacommand{x}$"


def _fleet(label: str) -> FleetChart:
    points = (SeriesPoint("2027-04", 10.0), SeriesPoint("2027-05", 20.0))
    return FleetChart(industries=(Series(label, points),), trajectory=((2027, 10), (2030, 100)))


def test_an_industry_named_like_math_is_charted_as_written() -> None:
    uri = charts.fleet_chart(_fleet(MATH), chart_words("en"))
    assert uri.startswith("data:image/svg+xml;base64,")
    bench = BenchmarkChart("M1", MATH, 0.5, ">=", ((r"$\frac{1}{0}$/model", 0.4), ("m$", 0.6)))
    assert charts.benchmark_chart(bench, chart_words("ja")).startswith("data:image/svg+xml")


def test_with_math_parsing_on_the_same_label_fails_so_the_test_means_something() -> None:
    import matplotlib
    from matplotlib import pyplot as plt

    charts._pyplot()
    fig, ax = plt.subplots()
    ax.set_title(MATH, parse_math=True)
    with pytest.raises(ValueError):  # mathtext's ParseFatalException is a ValueError
        fig.canvas.draw()
    plt.close(fig)
    assert matplotlib.rcParams["text.parse_math"] is False


def test_a_long_word_gets_zero_width_breaks_and_reads_the_same() -> None:
    word = "=" + "x" * 9_999
    out = breakable(word)
    assert isinstance(out, str)
    assert out.replace("\u200b", "") == word
    assert max(len(part) for part in out.split("\u200b")) <= 64
    # ordinary text, markup and chart URIs pass untouched
    assert breakable("ordinary words of ordinary length") == "ordinary words of ordinary length"
    uri = "data:image/svg+xml;base64," + "A" * 500
    assert breakable(uri) == uri


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_breaks_never_change_the_text_and_leave_no_long_run(text: str) -> None:
    out = breakable(text)
    assert isinstance(out, str)
    assert out.replace("\u200b", "") == text.replace("\u200b", "")
    runs = [len(r) for r in out.replace("\u200b", " ").split()]
    assert not runs or max(runs) <= 64 or text.startswith("data:")


def test_a_report_paragraph_of_one_long_word_renders_about_as_fast_as_words() -> None:
    import weasyprint

    css = weasyprint.CSS(string="@page{size:A4;margin:20mm} li{white-space:pre-wrap;overflow-wrap:anywhere}")

    def render(text: str) -> float:
        html = f"<ul><li>{breakable(text)}</li></ul>"
        started = time.perf_counter()
        weasyprint.HTML(string=html).write_pdf(stylesheets=[css])
        return time.perf_counter() - started

    word = "x" * 10_000
    words = " ".join(["ordinary"] * (10_000 // 9))
    render(words)  # warm-up: fonts
    assert render(word) < 2 * render(words) + 0.5  # unbroken: 4.0 s against 0.57 s here


def test_a_plan_industry_named_like_math_renders_the_whole_report(tmp_path: Path) -> None:
    # the case as it was seen: the plan names an industry so, fleet evidence is imported for it,
    # and `report` rendered its chart with matplotlib's math parser (ParseFatalException)
    from tests.hostile.test_bytes_in import HEADER, PLAN, cli

    plan = tmp_path / "plan.yaml"
    line = "  - {code: medical, ja: 医療, en: Medical care}"
    text = PLAN.read_text(encoding="utf-8")
    assert line in text
    plan.write_text(
        text.replace(line, '  - {code: medical, ja: 医療, en: "' + MATH.replace("\\", "\\\\") + '"}')
    )
    db = str(tmp_path / "p.db")
    assert cli("--db", db, "init", "--plan", str(plan))[0] == 0
    fleet = tmp_path / "fleet.csv"
    fleet.write_text(HEADER + "2027-04,medical,Acme,10,8,1\n2027-05,medical,Acme,12,9,1\n", encoding="utf-8")
    assert cli("--db", db, "import", str(fleet))[0] == 0
    out = tmp_path / "r.pdf"
    code, output = cli("--db", db, "report", "--fy", "2027", "-o", str(out))
    assert code == 0 and "Traceback" not in output and "E-INTERNAL" not in output, output
    assert out.read_bytes().startswith(b"%PDF")
    with sqlite3.connect(tmp_path / "p.db") as conn:  # the name is kept as written
        assert conn.execute("SELECT name_en FROM industry WHERE code = 'medical'").fetchone()[0] == MATH
