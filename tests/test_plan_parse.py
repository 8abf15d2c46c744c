"""The safe YAML loader and the plan parser: every refusal names its line."""

from __future__ import annotations

import datetime as dt
import math
import time
from pathlib import Path

import pytest

from reviewer import messages
from reviewer.core.criteria import nedo_standard
from reviewer.core.errors import InputRefused
from reviewer.core.models import Area, BenchmarkRule, FleetMeasure, FleetRule, ModelRule, Op
from reviewer.importers.plan import parse_plan
from reviewer.importers.yamlsafe import LinedDict, LinedList, load_yaml
from tests.paths import EXAMPLE as EXAMPLE_DIR

DATA = Path(__file__).resolve().parent / "data" / "plans"


def refused(text: str, *, allow_aliases: bool = True) -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(InputRefused) as info:
        load_yaml(text, "t.yaml", allow_aliases=allow_aliases)
    return [(p.code, p.line, p.column) for p in info.value.problems]


# --------------------------------------------------------------------------- yamlsafe


def test_mappings_and_sequences_carry_their_lines() -> None:
    doc = load_yaml("a: 1\nb:\n  - x\n  - {c: 2,\n     d: 3}\n", "t.yaml", allow_aliases=False)
    assert isinstance(doc, LinedDict)
    assert doc.line == 1 and doc.key_lines == {"a": 1, "b": 2}
    seq = doc["b"]
    assert isinstance(seq, LinedList) and seq.line == 3 and seq.item_lines == [3, 4]
    inner = seq[1]
    assert isinstance(inner, LinedDict) and inner.line == 4 and inner.key_lines == {"c": 4, "d": 5}


def test_duplicate_key_refused_at_the_second_key() -> None:
    assert refused("a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\n") == [("E-DUPLICATE-KEY", 5, 3)]
    assert refused("x: {k: 1, k: 2}\n")[0][:2] == ("E-DUPLICATE-KEY", 1)


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: !!python/object/apply:os.system ['touch /tmp/pwned-by-yaml']\n",
        "a: 1\nb: !foo bar\n",
        "a: 1\nb: !!str 12\n",
        "a: 1\nb: !!binary aGVsbG8=\n",
        "a: 1\nb: ! plain\n",
    ],
)
def test_every_explicit_tag_is_refused_at_its_line(text: str) -> None:
    assert [(c, line) for c, line, _col in refused(text)] == [("E-YAML-TAG", 2)]
    assert not Path("/tmp/pwned-by-yaml").exists()


def test_aliases_refused_when_not_allowed() -> None:
    assert refused("a: &x 1\nb: *x\n", allow_aliases=False) == [("E-YAML-ALIAS", 1, 4)]
    # an anchor alone is refused too: evidence files have no use for either
    assert refused("a: 1\nb: &x [1]\n", allow_aliases=False)[0][:2] == ("E-YAML-ALIAS", 2)


def test_aliases_and_merge_keys_expand_when_allowed() -> None:
    doc = load_yaml("d: &d {x: 1, y: 2}\ne:\n  <<: *d\n  y: 3\nf: *d\n", "t.yaml", allow_aliases=True)
    assert doc == {"d": {"x": 1, "y": 2}, "e": {"x": 1, "y": 3}, "f": {"x": 1, "y": 2}}


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    start = time.perf_counter()
    problems = refused("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 1.0
    assert problems[0][0] == "E-YAML-ALIAS-LIMIT" and problems[0][1] is not None and problems[0][1] > 1


def test_a_small_alias_expansion_cap_is_honoured() -> None:
    text = "a: &a [1, 2, 3]\nb: *a\nc: *a\n"
    assert load_yaml(text, "t.yaml", allow_aliases=True, max_alias_expansion=8) == {
        "a": [1, 2, 3],
        "b": [1, 2, 3],
        "c": [1, 2, 3],
    }
    with pytest.raises(InputRefused) as info:
        load_yaml(text, "t.yaml", allow_aliases=True, max_alias_expansion=7)
    assert (info.value.problems[0].code, info.value.problems[0].line) == ("E-YAML-ALIAS-LIMIT", 3)


def test_recursive_alias_is_refused() -> None:
    assert refused("a: &a [1, *a]\n")[0][:2] == ("E-YAML-ALIAS-LIMIT", 1)


def test_yaml_11_surprises_are_not_applied() -> None:
    doc = load_yaml(
        "a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\ng: 1:30\nh: true\ni: False\nj: 017\nk: 0o17\n",
        "t.yaml",
        allow_aliases=False,
    )
    assert doc == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": "off",
        "e": "y",
        "f": "n",
        "g": "1:30",
        "h": True,
        "i": False,
        "j": "017",
        "k": 15,
    }


def test_numbers_null_and_dates_resolve() -> None:
    doc = load_yaml(
        "a: 12\nb: -3\nc: 0.25\nd: 1e3\ne: ~\nf: null\ng: 2027-03-10\nh: 2027-02-30\ni: '12'\nj: 1_000\n",
        "t.yaml",
        allow_aliases=False,
    )
    assert isinstance(doc, dict)
    assert doc["a"] == 12 and isinstance(doc["a"], int) and doc["b"] == -3
    assert doc["c"] == 0.25 and doc["d"] == 1000.0 and isinstance(doc["d"], float)
    assert doc["e"] is None and doc["f"] is None
    assert doc["g"] == dt.date(2027, 3, 10) and type(doc["g"]) is dt.date
    assert doc["h"] == "2027-02-30"  # not a date: kept as text for the caller to refuse
    assert doc["i"] == "12" and doc["j"] == 1000


def test_nan_and_inf_come_back_as_floats() -> None:
    doc = load_yaml("a: .nan\nb: -.inf\nc: .Inf\n", "t.yaml", allow_aliases=False)
    assert isinstance(doc, dict)
    assert math.isnan(doc["a"]) and doc["b"] == -math.inf and doc["c"] == math.inf


def test_syntax_errors_name_line_and_column() -> None:
    assert refused("a: 1\nb: [1, 2\nc: 3\n") == [("E-YAML-SYNTAX", 3, 2)]
    assert refused("a: 1\n  b: 2\n")[0][:2] == ("E-YAML-SYNTAX", 2)
    assert refused("a: 1\nb: \x00\n")[0][:2] == ("E-YAML-SYNTAX", 2)
    assert refused("a: 1\n---\nb: 2\n")[0][:2] == ("E-YAML-SYNTAX", 2)


def test_thousands_in_flow_only_on_request() -> None:
    text = "t: {en: At most 2 per 1,000 hours}\n"
    assert load_yaml(text, "t.yaml", allow_aliases=False, thousands_in_flow=True) == {
        "t": {"en": "At most 2 per 1,000 hours"}
    }
    assert load_yaml(text, "t.yaml", allow_aliases=False) == {
        "t": {"en": "At most 2 per 1", "000 hours": None}
    }


def test_yaml_messages_exist_in_both_languages() -> None:
    for code in ("E-YAML-SYNTAX", "E-YAML-TAG", "E-YAML-ALIAS", "E-YAML-ALIAS-LIMIT", "E-DUPLICATE-KEY"):
        assert messages.has(code)


# --------------------------------------------------------------------------- plan: valid files


def test_valid_plan_parses_completely() -> None:
    plan = parse_plan(DATA / "valid.yaml")
    p = plan.program
    assert (p.code, p.ceiling_jpy, p.first_fy, p.last_fy, p.guaranteed_through_fy) == (
        "PAI",
        1_000_000_000_000,
        2026,
        2030,
        2027,
    )
    assert p.baseline_models == ("openvla/openvla-7b",)
    assert [t.year for t in p.trajectory] == [2027, 2030, 2040]
    assert plan.criteria == nedo_standard()
    assert [y.fy for y in plan.fiscal_years] == [2026, 2027]
    assert plan.fiscal_years[0].gate_date == dt.date(2027, 3, 10)
    assert [i.code for i in plan.industries] == ["food_service", "food_manufacturing", "medical"]
    assert plan.reviewers[1].conflicts[0].organization == "softbank"
    b1, f1, m1, c1 = plan.milestones
    assert b1.rule == BenchmarkRule(("LIBERO-Long",), Op.GE, 0.70, metric="success_rate", partial=0.60)
    assert b1.weight == 2.0 and b1.area is Area.BENCHMARK and b1.due == dt.date(2028, 3, 31)
    # industries in rules may be named by ja or en too; the code is stored
    assert f1.rule == FleetRule(FleetMeasure.ROBOTS_ACTIVE, "2027-12", Op.GE, 100.0, industry="medical")
    assert m1.rule == ModelRule("noetra/pai-0.1", ("LIBERO-Long", "arc_challenge"))
    assert c1.rule is None
    assert plan.lines["milestone:M27-B1"] == 33
    assert plan.lines["milestone:M27-B1.rule"] == 40
    assert plan.lines["reviewer:R02"] == 30 and plan.lines["fy:2027"] == 20
    assert plan.source == str(DATA / "valid.yaml")


def test_shared_worked_example_parses() -> None:
    plan = parse_plan(EXAMPLE_DIR / "plan.yaml")
    assert [m.code for m in plan.milestones] == ["W1", "W2", "W3", "W4"]
    assert plan.milestones[2].title.en == "At most 2 interventions per 1,000 hours"
    w1 = plan.milestones[0].rule
    assert isinstance(w1, BenchmarkRule) and w1.benchmark == ("arc_challenge", "ARC-Challenge")


def test_bom_crlf_aliases_and_inline_criteria(tmp_path: Path) -> None:
    text = BASE.replace("criteria: nedo-standard\n", INLINE_CRITERIA).replace(
        "    due: 2028-03-31\n    title: {ja: 成功率", "    due: &due 2028-03-31\n    title: {ja: 成功率"
    )
    text = text.replace("    due: 2028-03-31\n", "    due: *due\n")
    text = text.replace("criterion: outcomes", "criterion: quality").replace(
        "criterion: commercialization", "criterion: quality"
    )
    path = tmp_path / "plan.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    plan = parse_plan(path)
    assert [c.code for c in plan.criteria] == ["quality"]
    assert [g.points for g in plan.criteria[0].grades] == [4, 2, 1, 0]
    assert plan.criteria[0].questions[0].en == "Is it good?"
    assert {m.due for m in plan.milestones} == {dt.date(2028, 3, 31)}


def test_not_utf8_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_bytes("program:\n  code: PAI\n  implementer: Noetra\n  name: 髙橋\n".encode("cp932"))
    with pytest.raises(InputRefused) as info:
        parse_plan(path)
    assert (info.value.problems[0].code, info.value.problems[0].line) == ("E-PLAN-ENCODING", 4)


# --------------------------------------------------------------------------- plan: refusals

BASE = """\
program:
  code: PAI
  name: {ja: 事業, en: Program}
  implementer: Noetra consortium
  ceiling_jpy: 1000000000000
  first_fy: 2026
  last_fy: 2030
  guaranteed_through_fy: 2027
  trajectory:
    - {year: 2030, robots_active: 500000}
criteria: nedo-standard
officers:
  - {id: O01, name: 鈴木 健一, role: approver}
fiscal_years:
  - {fy: 2026, installment_jpy: 300000000000, gate_date: 2027-03-10}
  - {fy: 2027, installment_jpy: 387300000000, gate_date: 2028-03-09}
industries:
  - {code: food_service, ja: 飲食サービス, en: Food service}
  - {code: medical, ja: 医療, en: Medical care}
organizations:
  - {code: softbank, name: ソフトバンク, name_en: SoftBank, role: member}
reviewers:
  - {id: R01, name: 山田 太郎, kana: やまだ たろう, affiliation: 東京大学, role: chair}
  - id: R02
    name: 佐藤 花子
    kana: さとう はなこ
    affiliation: 研究所
    role: member
    conflicts:
      - {organization: softbank, category: same_organization}
milestones:
  - code: M27-B1
    fy: 2027
    area: benchmark
    criterion: outcomes
    weight: 2
    due: 2028-03-31
    title: {ja: 成功率70%以上, en: Success of 70% or more}
    rule: {kind: benchmark, benchmark: LIBERO-Long, metric: success_rate, op: ">=", target: 0.70,
           partial: 0.60}
  - code: M27-F1
    fy: 2027
    area: fleet
    criterion: commercialization
    weight: 1
    due: 2028-03-31
    title: {ja: 稼働100台, en: 100 robots active}
    rule:
      kind: fleet
      measure: robots_active
      industry: medical
      period: 2027-12
      op: ">="
      target: 100
"""

INLINE_CRITERIA = """\
criteria:
  - code: quality
    ja: 品質
    en: Quality
    grades:
      - {letter: A, points: 4, ja: 優, en: Excellent}
      - {letter: B, points: 2, ja: 良, en: Good}
      - {letter: C, points: 1, ja: 可, en: Fair}
      - {letter: D, points: 0, ja: 不可, en: Poor}
    questions:
      - {ja: 良いか, en: "Is it good?"}
"""

# (id, text replaced, replacement, expected code, text on the expected line)
CASES = [
    (
        "unknown-top-key",
        "criteria: nedo-standard\n",
        "criteria: nedo-standard\nextras: 1\n",
        "E-PLAN-UNKNOWN-KEY",
        "extras: 1",
    ),
    (
        "unknown-nested-key",
        "role: chair}",
        "role: chair, email: x@example.org}",
        "E-PLAN-UNKNOWN-KEY",
        "email:",
    ),
    (
        "unknown-program-key",
        "  first_fy: 2026\n",
        "  first_fy: 2026\n  budget: 3\n",
        "E-PLAN-UNKNOWN-KEY",
        "budget: 3",
    ),
    (
        "unknown-rule-key",
        "      target: 100\n",
        "      target: 100\n      colour: red\n",
        "E-PLAN-UNKNOWN-KEY",
        "colour: red",
    ),
    (
        "unknown-key-for-rule-kind",
        "      target: 100\n",
        "      target: 100\n      metric: acc\n",
        "E-PLAN-UNKNOWN-KEY",
        "metric: acc",
    ),
    (
        "duplicate-officer",
        "role: approver}\n",
        "role: approver}\n  - {id: O01, name: 別人, role: secretariat}\n",
        "E-PLAN-DUPLICATE",
        "別人",
    ),
    (
        "duplicate-fy",
        "gate_date: 2028-03-09}\n",
        "gate_date: 2028-03-09}\n  - {fy: 2026, installment_jpy: 1, gate_date: 2027-03-11}\n",
        "E-PLAN-DUPLICATE",
        "2027-03-11",
    ),
    (
        "duplicate-industry-code",
        "en: Medical care}\n",
        "en: Medical care}\n  - {code: medical, ja: 病院, en: Hospital}\n",
        "E-PLAN-DUPLICATE",
        "Hospital",
    ),
    (
        "industry-name-shared-folded",
        "en: Medical care}\n",
        "en: Medical care}\n  - {code: restaurants, ja: 外食, en: ＦＯＯＤ   service}\n",
        "E-PLAN-DUPLICATE",
        "外食",
    ),
    (
        "industry-name-shared-ja",
        "en: Medical care}\n",
        "en: Medical care}\n  - {code: clinic, ja: 医療, en: Clinics}\n",
        "E-PLAN-DUPLICATE",
        "Clinics",
    ),
    (
        "duplicate-organization",
        "role: member}\n",
        "role: member}\n  - {code: softbank, name: 別会社, name_en: Other, role: other}\n",
        "E-PLAN-DUPLICATE",
        "別会社",
    ),
    (
        "duplicate-reviewer",
        "role: chair}\n",
        "role: chair}\n  - {id: R01, name: 別人, kana: べつじん, affiliation: 大学, role: member}\n",
        "E-PLAN-DUPLICATE",
        "べつじん",
    ),
    (
        "duplicate-milestone",
        "  - code: M27-F1\n",
        "  - code: M27-B1\n",
        "E-PLAN-DUPLICATE",
        "code: M27-B1\n    fy: 2027\n    area: fleet",
    ),
    (
        "duplicate-trajectory-year",
        "robots_active: 500000}\n",
        "robots_active: 500000}\n    - {year: 2030, robots_active: 7}\n",
        "E-PLAN-DUPLICATE",
        "robots_active: 7",
    ),
    (
        "duplicate-conflict",
        "category: same_organization}\n",
        "category: same_organization}\n      - {organization: softbank, category: other}\n",
        "E-PLAN-DUPLICATE",
        "category: other",
    ),
    (
        "milestone-fy-outside-program",
        "    fy: 2027\n    area: fleet",
        "    fy: 2031\n    area: fleet",
        "E-PLAN-FY",
        "fy: 2031",
    ),
    (
        "milestone-fy-without-entry",
        "    fy: 2027\n    area: fleet",
        "    fy: 2028\n    area: fleet",
        "E-PLAN-FY",
        "fy: 2028",
    ),
    (
        "fiscal-year-outside-program",
        "gate_date: 2028-03-09}\n",
        "gate_date: 2028-03-09}\n  - {fy: 2031, installment_jpy: 1, gate_date: 2032-03-01}\n",
        "E-PLAN-FY",
        "2032-03-01",
    ),
    ("rule-unknown-industry", "industry: medical", "industry: mining", "E-PLAN-INDUSTRY", "industry: mining"),
    (
        "rule-unknown-measure",
        "measure: robots_active",
        "measure: robots_happy",
        "E-PLAN-MEASURE",
        "robots_happy",
    ),
    ("rule-bad-op", 'op: ">=", target: 0.70', 'op: "=>", target: 0.70', "E-PLAN-OP", '"=>"'),
    ("rule-bad-op-block", '      op: ">="\n', '      op: "≥"\n', "E-PLAN-OP", '"≥"'),
    ("partial-above-target", "partial: 0.60}", "partial: 0.80}", "E-PLAN-PARTIAL", "partial: 0.80"),
    ("partial-equal-target-ge", "partial: 0.60}", "partial: 0.70}", "E-PLAN-PARTIAL", "partial: 0.70"),
    (
        "partial-with-eq",
        'op: ">=", target: 0.70',
        'op: "==", target: 0.70',
        "E-PLAN-PARTIAL",
        "partial: 0.60}",
    ),
    (
        "partial-wrong-side-le",
        'op: ">=", target: 0.70',
        'op: "<=", target: 0.70',
        "E-PLAN-PARTIAL",
        "partial: 0.60}",
    ),
    (
        "conflict-unknown-organization",
        "{organization: softbank,",
        "{organization: sony,",
        "E-PLAN-ORGANIZATION",
        "organization: sony",
    ),
    ("missing-milestone-weight", "    weight: 2\n", "", "E-PLAN-MISSING", "code: M27-B1"),
    ("missing-program-implementer", "  implementer: Noetra consortium\n", "", "E-PLAN-MISSING", "code: PAI"),
    ("missing-rule-target", "      target: 100\n", "", "E-PLAN-MISSING", "kind: fleet"),
    (
        "missing-rule-kind",
        "    rule:\n      kind: fleet\n",
        "    rule:\n",
        "E-PLAN-MISSING",
        "measure: robots_active",
    ),
    ("missing-industry-en", "ja: 医療, en: Medical care}", "ja: 医療}", "E-PLAN-MISSING", "ja: 医療}"),
    ("non-integer-yen", "ceiling_jpy: 1000000000000", "ceiling_jpy: 1.0e12", "E-PLAN-VALUE", "ceiling_jpy"),
    (
        "text-yen",
        "installment_jpy: 300000000000",
        "installment_jpy: '300000000000'",
        "E-PLAN-VALUE",
        "installment_jpy: '3",
    ),
    ("ceiling-not-positive", "ceiling_jpy: 1000000000000", "ceiling_jpy: 0", "E-PLAN-VALUE", "ceiling_jpy"),
    ("bad-date", "gate_date: 2027-03-10", "gate_date: 2027-02-30", "E-PLAN-VALUE", "2027-02-30"),
    (
        "datetime-is-not-a-date",
        "    due: 2028-03-31\n    title: {ja: 稼働",
        "    due: 2028-03-31T10:00:00\n    title: {ja: 稼働",
        "E-PLAN-VALUE",
        "T10:00:00",
    ),
    ("unknown-area", "area: fleet", "area: fleets", "E-PLAN-VALUE", "area: fleets"),
    (
        "unknown-criterion",
        "criterion: outcomes",
        "criterion: outcome",
        "E-PLAN-VALUE",
        "criterion: outcome\n",
    ),
    ("unknown-reviewer-role", "role: chair}", "role: boss}", "E-PLAN-VALUE", "role: boss"),
    ("unknown-officer-role", "role: approver}", "role: signer}", "E-PLAN-VALUE", "role: signer"),
    ("unknown-org-role", "role: member}", "role: partner}", "E-PLAN-VALUE", "role: partner"),
    (
        "unknown-category",
        "category: same_organization",
        "category: friend",
        "E-PLAN-VALUE",
        "category: friend",
    ),
    ("weight-zero", "    weight: 2\n", "    weight: 0\n", "E-PLAN-VALUE", "weight: 0"),
    ("weight-negative", "    weight: 2\n", "    weight: -1\n", "E-PLAN-VALUE", "weight: -1"),
    ("weight-nan", "    weight: 2\n", "    weight: .nan\n", "E-PLAN-VALUE", "weight: .nan"),
    ("target-inf", "      target: 100\n", "      target: .inf\n", "E-PLAN-VALUE", "target: .inf"),
    ("weight-bool", "    weight: 2\n", "    weight: true\n", "E-PLAN-VALUE", "weight: true"),
    ("period-month-13", "period: 2027-12", "period: 2027-13", "E-PLAN-VALUE", "2027-13"),
    ("period-slash", "period: 2027-12", "period: 2027/12", "E-PLAN-VALUE", "2027/12"),
    ("period-date", "period: 2027-12", "period: 2027-12-01", "E-PLAN-VALUE", "2027-12-01"),
    ("rule-kind-unknown", "kind: fleet", "kind: fleeet", "E-PLAN-VALUE", "kind: fleeet"),
    ("first-after-last", "last_fy: 2030", "last_fy: 2025", "E-PLAN-VALUE", "last_fy: 2025"),
    (
        "guaranteed-out-of-range",
        "guaranteed_through_fy: 2027",
        "guaranteed_through_fy: 2035",
        "E-PLAN-VALUE",
        "guaranteed_through_fy",
    ),
    ("leading-zero-year", "first_fy: 2026", "first_fy: 02026", "E-PLAN-VALUE", "first_fy"),
    (
        "criteria-unknown-template",
        "criteria: nedo-standard",
        "criteria: nedo",
        "E-PLAN-VALUE",
        "criteria: nedo",
    ),
    (
        "benchmark-list-of-numbers",
        "benchmark: LIBERO-Long,",
        "benchmark: [1, 2],",
        "E-PLAN-VALUE",
        "benchmark: [1",
    ),
    (
        "program-not-a-mapping",
        "program:\n  code: PAI\n",
        "program: PAI\nx:\n  code: PAI\n",
        "E-PLAN-VALUE",
        "program: PAI",
    ),
    (
        "installments-over-ceiling",
        "ceiling_jpy: 1000000000000",
        "ceiling_jpy: 600000000000",
        "E-PLAN-CEILING",
        "fiscal_years:",
    ),
    (
        "yaml-duplicate-key",
        "    weight: 1\n",
        "    weight: 1\n    weight: 1\n",
        "E-DUPLICATE-KEY",
        "weight: 1\n    due: 2028-03-31\n    title: {ja: 稼働",
    ),
    ("yaml-tag", "    weight: 1\n", "    weight: !!float 1\n", "E-YAML-TAG", "!!float"),
]


def _line_of(text: str, marker: str) -> int:
    index = text.index(marker)
    assert text.count(marker) == 1 or marker.endswith("\n") or "\n" in marker, f"ambiguous marker {marker!r}"
    return text.count("\n", 0, index) + 1


@pytest.mark.parametrize(("old", "new", "code", "marker"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_refusal_names_its_line(tmp_path: Path, old: str, new: str, code: str, marker: str) -> None:
    assert old in BASE, old
    text = BASE.replace(old, new, 1)
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputRefused) as info:
        parse_plan(path)
    got = [(p.code, p.line) for p in info.value.problems]
    assert (code, _line_of(text, marker)) in got, got
    assert all(p.file == str(path) for p in info.value.problems)
    assert messages.has(code)


def test_the_base_of_the_refusal_cases_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(BASE, encoding="utf-8")
    assert [m.code for m in parse_plan(path).milestones] == ["M27-B1", "M27-F1"]


def test_all_problems_are_listed_at_once(tmp_path: Path) -> None:
    text = BASE.replace("area: fleet", "area: fleets").replace("industry: medical", "industry: mining")
    text = text.replace("role: chair}", "role: boss}")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputRefused) as info:
        parse_plan(path)
    got = {(p.code, p.line) for p in info.value.problems}
    assert got == {
        ("E-PLAN-VALUE", _line_of(text, "area: fleets")),
        ("E-PLAN-INDUSTRY", _line_of(text, "industry: mining")),
        ("E-PLAN-VALUE", _line_of(text, "role: boss")),
    }
    assert info.value.total == 3


@pytest.mark.parametrize(
    ("grades", "code"),
    [
        ("      - {letter: D, points: 0, ja: 不可, en: Poor}\n", "E-PLAN-MISSING"),
        ("      - {letter: C, points: 0, ja: 不可, en: Poor}\n", "E-PLAN-DUPLICATE"),
        ("      - {letter: E, points: 0, ja: 不可, en: Poor}\n", "E-PLAN-VALUE"),
    ],
)
def test_inline_criteria_are_validated(tmp_path: Path, grades: str, code: str) -> None:
    d_line = "      - {letter: D, points: 0, ja: 不可, en: Poor}\n"
    inline = INLINE_CRITERIA.replace(d_line, "" if code == "E-PLAN-MISSING" else grades)
    text = BASE.replace("criteria: nedo-standard\n", inline).replace(
        "criterion: outcomes", "criterion: quality"
    )
    text = text.replace("criterion: commercialization", "criterion: quality")
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputRefused) as info:
        parse_plan(path)
    assert code in {p.code for p in info.value.problems}
    assert all(p.line is not None and 11 <= p.line <= 20 for p in info.value.problems)


def test_missing_file_and_too_large_file(tmp_path: Path) -> None:
    with pytest.raises(InputRefused) as info:
        parse_plan(tmp_path / "absent.yaml")
    assert info.value.problems[0].code == "E-FILE"
    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(InputRefused) as info:
        parse_plan(big)
    assert info.value.problems[0].code == "E-PLAN-SIZE"
