"""Yen, FY and date formatting per SPEC §9 in both languages."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer.ui import labels


@pytest.mark.parametrize(
    ("amount", "ja", "en"),
    [
        (387_300_000_000, "3,873億円", "¥387.3 billion"),
        (1_000_000_000_000, "1兆円", "¥1 trillion"),
        (1_200_000_000_000, "1兆2,000億円", "¥1.2 trillion"),
        (300_000_000_000, "3,000億円", "¥300 billion"),
        (50_000_000, "5,000万円", "¥50 million"),
        (0, "0円", "¥0"),
    ],
)
def test_yen(amount: int, ja: str, en: str) -> None:
    assert labels.yen(amount, "ja") == ja
    assert labels.yen(amount, "en") == en


def test_fiscal_year_and_date() -> None:
    assert labels.fiscal_year(2027, "ja") == "2027年度"
    assert labels.fiscal_year(2027, "en") == "FY2027"
    assert labels.date(dt.date(2027, 4, 1), "ja") == "2027年4月1日"
    assert labels.date(dt.date(2027, 4, 1), "en") == "1 April 2027"
    assert labels.date("2028-03-09", "en") == "9 March 2028"


def test_domain_words() -> None:
    assert labels.status("partially_met", "ja") == "一部達成"
    assert labels.status("no_evidence", "en") == "No evidence"
    assert labels.outcome("continue_with_conditions", "ja") == "条件付き継続"
    assert labels.percent(0.75, "en") == "75.0%"
    assert labels.number(None, "en") == "—"
    assert labels.number(0.26621, "en") == "0.2662"
    assert labels.number(1250.0, "en") == "1,250"


def test_places_and_areas_and_formats_are_words() -> None:
    from reviewer.ui import labels

    assert labels.place("line 15, model-index[0]", "ja") == "15 行目、model-index[0]"
    assert labels.place("line 5", "ja") == "5 行目" and labels.place("line 5", "en") == "line 5"
    assert labels.place("manual entry", "ja") == "手入力"
    assert labels.area("fleet", "ja") == "導入・稼働" and labels.area("benchmark", "en") == "Benchmark"
    assert labels.format_name("fleet-report", "ja") == "稼働報告（CSV/XLSX）"
    assert (
        labels.industry("food_service", {"food_service": ("飲食サービス", "Food service")}, "en")
        == "Food service"
    )


def test_the_demos_fictitious_marker_reads_in_english() -> None:
    from reviewer.ui import labels

    assert labels.marked_name("横浜みなと介護（架空）", "en") == "横浜みなと介護 (fictitious)"
    assert labels.marked_name("中村 美咲（O02, 架空）", "en") == "中村 美咲 (O02, fictitious)"
    assert labels.marked_name("中村 美咲（O02, 架空）", "ja") == "中村 美咲（O02, 架空）"
    assert labels.marked_name("Kanto Hospital Robotics", "en") == "Kanto Hospital Robotics"
