"""reviewer.core.seal: the seal and the decision hash from plain data, no database (SPEC §7)."""

from __future__ import annotations

import hashlib
import math
from typing import Any

import pytest

from reviewer.core import seal


def sections(**changed: dict[str, Any]) -> dict[str, dict[str, Any]]:
    base: dict[str, dict[str, Any]] = {name: {} for name in seal.SECTIONS}
    base["program"] = {"PAI": {"name_en": "Physical AI", "ceiling_jpy": 10**12}}
    base["evidence"] = {"11": {"kind": "benchmark_result", "value": 0.664, "names": ("libero",)}}
    base["fiscal_year"] = {"2026": {"installment_jpy": 300_000_000_000}}
    base |= changed
    return base


DECISION = {
    "id": 1,
    "fy": 2026,
    "outcome": "continue",
    "funding_jpy": 5,
    "rationale": "r",
    "override_reason": None,
    "amends": None,
    "amend_reason": None,
    "decided_by": "clerk",
    "decided_at": "2027-03-01T00:00:00+00:00",
    "signed_by": "O1",
    "signed_at": "2027-03-10T00:00:00+00:00",
    "signed_os_user": "u",
    "signed_host": "h",
}
CONDITIONS = [{"id": 3, "decision_id": 1, "position": 0, "text": "report", "due": "2027-09-30"}]


def test_build_seal_is_json_native_with_text_keys() -> None:
    built = seal.build_seal(sections(fiscal_year={2026: {"installment_jpy": 1}}))
    assert built["version"] == seal.SEAL_VERSION
    assert built["fiscal_year"] == {"2026": {"installment_jpy": 1}}
    assert built["evidence"]["11"]["names"] == ["libero"]  # tuple -> list
    assert next(iter(built)) == "version" and set(built) == {"version", *seal.SECTIONS}


def test_build_seal_refuses_a_missing_or_unknown_section_and_bad_values() -> None:
    missing = sections()
    del missing["evidence"]
    with pytest.raises(KeyError):
        seal.build_seal(missing)
    with pytest.raises(ValueError, match="unknown"):
        seal.build_seal(sections() | {"extra": {}})
    with pytest.raises(ValueError, match="finite"):
        seal.build_seal(sections(evidence={"1": {"value": math.nan}}))
    with pytest.raises(TypeError):
        seal.build_seal(sections(evidence={"1": {"value": object()}}))


def test_has_seal_tells_version_two_from_a_status_only_snapshot() -> None:
    assert seal.has_seal({"status": {}, "seal": seal.build_seal(sections())})
    assert not seal.has_seal({"status": {}})
    assert not seal.has_seal({"status": {}, "seal": {"version": 1}})


def test_decision_hash_is_sha256_of_the_canonical_json() -> None:
    snapshot = {"status": {"fy": 2026}, "seal": seal.build_seal(sections())}
    record = seal.decision_record(DECISION, CONDITIONS) | {
        k: DECISION[k]
        for k in (
            "amend_reason",
            "decided_by",
            "decided_at",
            "signed_by",
            "signed_at",
            "signed_os_user",
            "signed_host",
        )
    }
    text = seal.canonical_json({"decision": record, "snapshot": snapshot})
    assert seal.decision_hash(DECISION, CONDITIONS, snapshot) == hashlib.sha256(text.encode()).hexdigest()
    assert record["conditions"] == [{"id": 3, "text": "report", "due": "2027-09-30"}]


def test_any_sealed_value_changes_the_decision_hash() -> None:
    base = {"seal": seal.build_seal(sections())}
    digest = seal.decision_hash(DECISION, CONDITIONS, base)
    one = sections(fiscal_year={"2026": {"installment_jpy": 1}})
    assert seal.decision_hash(DECISION, CONDITIONS, {"seal": seal.build_seal(one)}) != digest
    assert seal.decision_hash(DECISION | {"signed_host": "other"}, CONDITIONS, base) != digest
    moved = [CONDITIONS[0] | {"text": "reports"}]
    assert seal.decision_hash(DECISION, moved, base) != digest


def test_canonical_json_sorts_keys_and_keeps_japanese() -> None:
    assert seal.canonical_json({"b": 1, "a": "髙"}) == '{"a":"髙","b":1}'
    with pytest.raises(ValueError):
        seal.canonical_json({"x": math.inf})


def test_differences_name_each_changed_field_in_the_verify_form() -> None:
    sealed = seal.build_seal(sections())
    now = sections(evidence={"11": {"kind": "benchmark_result", "value": 0.7, "names": ["libero"]}})
    (d,) = seal.differences(sealed, now)
    assert (d.section, d.key, d.field) == ("evidence", "11", "value")
    assert d.line() == "evidence 11 value: sealed 0.664, now 0.7"


def test_differences_name_a_record_gone_or_added() -> None:
    sealed = seal.build_seal(sections())
    gone = seal.differences(sealed, sections(evidence={}))
    assert [x.line() for x in gone] == ["evidence 11: sealed present, now missing"]
    added = seal.differences(
        sealed,
        sections(
            evidence={**sections()["evidence"], "12": {"kind": "manual", "value": 1}},
            fiscal_year={"2026": {"installment_jpy": 1}},
        ),
    )
    assert [x.line() for x in added] == [
        "fiscal_year 2026 installment_jpy: sealed 300000000000, now 1",
        "evidence 12: sealed missing, now present",
    ]


def test_equal_data_has_no_difference_and_numbers_keep_their_type() -> None:
    sealed = seal.build_seal(sections())
    assert seal.differences(sealed, sections()) == []
    # JSON tells 1 from 1.0: a REAL column rewritten as an INTEGER is a difference
    as_int = seal.build_seal(sections(fiscal_year={"2026": {"installment_jpy": 300_000_000_000.0}}))
    assert [d.field for d in seal.differences(as_int, sections())] == ["installment_jpy"]


def test_long_values_are_shortened_in_a_line() -> None:
    d = seal.Difference("comment", "5", "text", "a" * 300, "b")
    assert len(d.line()) < 200 and d.line().endswith("now b")
