"""The seal of a signed FY (SPEC §7 "The seal"): canonical JSON, the decision hash, and comparing
a sealed snapshot with the same values read again. Pure: plain data in, plain data out.

A seal is a mapping of *sections*, each named after the audit log's entity for those rows
("milestone", "evidence", "reviewer", …) and holding records keyed by the entity's key as text.
Keeping the audit's names lets `verify` ask whether an audit entry explains a difference.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# 2: the snapshot holds "seal", everything a report prints. 1 (no "seal" key): status only.
SEAL_VERSION = 2

# Every section a version-2 seal holds, in the order `verify` names differences.
SECTIONS = (
    "program",
    "fiscal_year",
    "funding",
    "officer",
    "criterion",
    "industry",
    "milestone",
    "committee_status",
    "reviewer",
    "conflict",
    "assessment_item",
    "comment",
    "response",
    "decision",
    "condition",
    "previous",
    "evidence",
    "fleet_series",
    "import_batch",
    "document",
    "plan_change",
    "disclosure",
    "meta",
)


def canonical_json(value: object) -> str:
    """Canonical JSON: sorted keys, no spaces, UTF-8 text kept as is; NaN and infinities refused."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decision_record(decision: Mapping[str, Any], conditions: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The decision as its snapshot holds it, from the decision row and its conditions as dicts."""
    return {
        "id": decision["id"],
        "fy": decision["fy"],
        "outcome": decision["outcome"],
        "funding_jpy": decision["funding_jpy"],
        "rationale": decision["rationale"],
        "override_reason": decision["override_reason"],
        "conditions": [{"id": c["id"], "text": c["text"], "due": c["due"]} for c in conditions],
        "amends": decision["amends"],
    }


_SIGNED_FIELDS = (
    "amend_reason",
    "decided_by",
    "decided_at",
    "signed_by",
    "signed_at",
    "signed_os_user",
    "signed_host",
)


def decision_hash(
    decision: Mapping[str, Any], conditions: Sequence[Mapping[str, Any]], snapshot: Mapping[str, Any]
) -> str:
    """SHA-256 of the canonical JSON of {"decision": …, "snapshot": snapshot} (hex).

    "decision" is the snapshot's decision record plus who decided and signed it, where and
    when, so an edit of any column of the signed row shows. The snapshot is the whole stored
    content (status, decision, chain anchor and, from version 2, the seal), so every sealed
    value is covered. This is the digest an officer's key signs.
    """
    sealed = decision_record(decision, conditions) | {k: decision[k] for k in _SIGNED_FIELDS}
    return sha256_text(canonical_json({"decision": sealed, "snapshot": snapshot}))


def _plain(value: Any) -> Any:
    """JSON-native copy: tuples become lists, keys text; floats that JSON cannot hold are refused."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"a sealed value must be finite, not {value!r}")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot seal a {type(value).__name__}")


def build_seal(sections: Mapping[str, Mapping[Any, Any]]) -> dict[str, Any]:
    """The seal from plain data: every section of SECTIONS, keys as text, JSON-native values.

    Raises KeyError for a missing section and ValueError for an unknown one (the seal must hold
    exactly what a report prints, no more and no less), ValueError/TypeError for a value that
    canonical JSON cannot hold.
    """
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown seal sections: {sorted(unknown)}")
    out: dict[str, Any] = {"version": SEAL_VERSION}
    for name in SECTIONS:
        out[name] = _plain(sections[name])
    return out


def has_seal(content: Mapping[str, Any]) -> bool:
    """Whether a stored snapshot holds the full seal (version 2) or only the status (version 1)."""
    seal = content.get("seal")
    return isinstance(seal, Mapping) and seal.get("version") == SEAL_VERSION


@dataclass(frozen=True)
class Difference:
    """One sealed value that reads differently now. `field` is "" for a whole record (added or gone)."""

    section: str
    key: str
    field: str
    sealed: Any
    now: Any

    def line(self) -> str:
        """`evidence 11 value: sealed 0.664, now 0.7` (a whole record: `… sealed present, now missing`)."""
        where = f"{self.section} {self.key}" + (f" {self.field}" if self.field else "")
        return f"{where}: sealed {shown(self.sealed)}, now {shown(self.now)}"


MISSING = "missing"
PRESENT = "present"


def shown(value: Any) -> str:
    """A sealed or current value as one short line of text."""
    if isinstance(value, str) and value in (MISSING, PRESENT):
        return value
    text = canonical_json(value) if not isinstance(value, str) else value
    return text if len(text) <= 120 else text[:117] + "…"


def differences(
    sealed: Mapping[str, Any], now: Mapping[str, Any], sections: Iterable[str] = SECTIONS
) -> list[Difference]:
    """Every value of `sealed` that `now` holds differently, record by record and field by field.

    A record in one and not the other is one Difference with field "" (sealed/now "present" or
    "missing"). Values compare as canonical JSON, so 1 and 1.0 differ only where JSON does.
    """
    out: list[Difference] = []
    for name in sections:
        old = sealed.get(name, {})
        new = _plain(now.get(name, {}))
        for key in sorted(set(old) | set(new), key=_natural):
            if key not in new:
                out.append(Difference(name, key, "", PRESENT, MISSING))
            elif key not in old:
                out.append(Difference(name, key, "", MISSING, PRESENT))
            elif isinstance(old[key], Mapping) and isinstance(new[key], Mapping):
                for f in sorted(set(old[key]) | set(new[key])):
                    a, b = old[key].get(f, MISSING), new[key].get(f, MISSING)
                    if canonical_json(a) != canonical_json(b):
                        out.append(Difference(name, key, f, a, b))
            elif canonical_json(old[key]) != canonical_json(new[key]):
                out.append(Difference(name, key, "", old[key], new[key]))
    return out


def _natural(key: str) -> tuple[int, int, str]:
    """Numeric keys in number order, then text keys."""
    return (0, int(key), "") if key.isdigit() else (1, 0, key)
