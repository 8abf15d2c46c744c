"""The demo's fleet evidence (SPEC §13): monthly reports and robot telemetry, fictional, seeded."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from dataclasses import dataclass
from pathlib import Path

from reviewer.services.demo_documents import save_workbook
from reviewer.services.demo_files import JST, DemoImport
from reviewer.services.evidence import ImportOptions

# The 18 reported months: FY2026 and the first half of FY2027 (the demo stands in autumn 2027).
MONTHS = tuple(f"{2026 + (m > 12)}-{(m - 1) % 12 + 1:02d}" for m in range(4, 22))
# Robots active program-wide per month: pilots reach 860 in March 2027 (M26-F1 wants 1,000,
# partial credit from 700), then the scale-up towards the plan's 20,000 in March 2028.
TOTAL_ACTIVE = (40, 62, 90, 125, 170, 225, 290, 370, 460, 570, 700, 860, 1250, 1800, 2500, 3300, 4200, 5200)
# The industries with pilots in FY2026 (M26-F2 wants 5 with 10 or more robots active).
PILOTS = (
    "logistics_warehousing",
    "food_service",
    "nursing_care",
    "manufacturing_assembly",
    "retail",
    "cleaning",
    "delivery",
)
_OPERATOR_SUFFIX = {
    "food_service": "フードサービス",
    "food_manufacturing": "食品工業",
    "medical": "メディカル",
    "nursing_care": "ケアサービス",
    "logistics_warehousing": "ロジスティクス",
    "delivery": "配送サービス",
    "retail": "リテール",
    "construction": "建設",
    "agriculture": "アグリ",
    "manufacturing_assembly": "精機",
    "automotive": "オートパーツ",
    "electronics": "電子工業",
    "chemicals": "化成",
    "infrastructure_inspection": "インフラ保全",
    "hospitality": "ホテルズ",
    "cleaning": "ビルメンテナンス",
    "security": "警備保障",
    "household": "ホームサービス",
}
_REGIONS = (
    "東日本",
    "関西",
    "九州",
    "北陸",
    "中部",
    "湾岸",
    "みなと",
    "さくら",
    "あおば",
    "ひかり",
    "瀬戸内",
)
# Consortium members that run robots themselves: an operator equal to an organization's name links to it.
_MEMBER_OPERATORS = {
    "delivery": "ソフトバンク",
    "automotive": "本田技研工業",
    "electronics": "ソニーグループ",
}


@dataclass(frozen=True)
class FleetRow:
    period: str
    industry: str  # plan code
    operator: str
    deployed: int
    active: int
    hours: float
    interventions: int
    incidents: int


# --------------------------------------------------------------------------- fleet figures


def _operators(rng: random.Random, industry: str) -> list[tuple[str, int, float]]:
    """(name, first month index, share weight) for each operator of an industry."""
    regions = rng.sample(_REGIONS, rng.randint(6, 9))
    names = [f"{region}{_OPERATOR_SUFFIX[industry]}（架空）" for region in regions]
    if industry in _MEMBER_OPERATORS:
        names[-1] = _MEMBER_OPERATORS[industry]
    out = []
    for n, name in enumerate(names):
        if industry in PILOTS:
            start = 0 if n == 0 else rng.randint(0, 3) if n == 1 else rng.randint(2, 13)
        else:  # one trial operator in FY2026's second half, the rest with the FY2027 scale-up
            start = rng.randint(6, 10) if n == 0 else rng.randint(12, 15)
        out.append((name, start, rng.uniform(0.5, 2.0)))
    return out


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` in whole robots by weight; the rounding remainder goes to the largest share."""
    if not weights:
        return []
    parts = [int(total * w / sum(weights)) for w in weights]
    parts[max(range(len(weights)), key=weights.__getitem__)] += total - sum(parts)
    return parts


def fleet_rows(rng: random.Random, industries: list[str]) -> list[FleetRow]:
    """Every month × industry × operator row from April 2026 to September 2027."""
    operators = {code: _operators(rng, code) for code in industries}
    weight = {code: rng.uniform(0.6, 1.6) if code in PILOTS else rng.uniform(0.3, 1.0) for code in industries}
    trial = {code: rng.randint(1, 5) for code in industries if code not in PILOTS}
    hours_per_robot = {code: rng.uniform(90, 320) for code in industries}
    rows: list[FleetRow] = []
    for t, period in enumerate(MONTHS):
        if t < 12:  # pilots carry FY2026; other industries run a handful of trial robots
            trials = {c: n for c, n in trial.items() if operators[c][0][1] <= t}
            pilot_total = TOTAL_ACTIVE[t] - sum(trials.values())
            by_industry = dict(zip(PILOTS, _split(pilot_total, [weight[c] for c in PILOTS]), strict=True))
            by_industry.update(trials)
        else:
            ramp = {c: weight[c] * (1.0 if c in PILOTS else 0.5 * (t - 11) / 6) for c in industries}
            by_industry = dict(zip(industries, _split(TOTAL_ACTIVE[t], list(ramp.values())), strict=True))
        rate = 4.0 + 26.0 * 0.85**t  # interventions per 1,000 h fall as the model improves
        for code in industries:
            started = [(name, w) for name, start, w in operators[code] if start <= t]
            if code not in by_industry or not started:
                continue
            if code in trial and t < 12:
                started = started[:1]
            for (name, _w), active in zip(
                started, _split(by_industry[code], [w for _, w in started]), strict=True
            ):
                hours = round(active * hours_per_robot[code] * rng.uniform(0.9, 1.1) * 2) / 2
                rows.append(
                    FleetRow(
                        period,
                        code,
                        name,
                        active + round(active * rng.uniform(0.05, 0.2)) + (1 if active == 0 else 0),
                        active,
                        hours,
                        round(hours * rate / 1000 * rng.uniform(0.8, 1.2)),
                        1 if rng.random() < min(0.3, hours / 40000) else 0,
                    )
                )
    return rows


def corrected_rows(rng: random.Random, rows: list[FleetRow]) -> list[FleetRow]:
    """March 2027 rows of a few operators re-reported with late-registered robots added."""
    march = sorted(
        (r for r in rows if r.period == "2027-03" and r.industry in PILOTS), key=lambda r: -r.active
    )
    out = []
    for r in march[:5]:
        extra = rng.randint(6, 14)
        out.append(
            FleetRow(
                r.period,
                r.industry,
                r.operator,
                r.deployed + extra,
                r.active + extra,
                round((r.hours + extra * 150.0) * 2) / 2,
                r.interventions + rng.randint(0, 2),
                r.incidents,
            )
        )
    return out


_EN_HEADER = ["period", "industry", "operator", "robots_deployed", "robots_active", "operating_hours"]
_JA_HEADER = ["期間", "業種", "事業者", "導入台数", "稼働台数", "稼働時間", "介入回数", "事故件数"]


def _en_cells(r: FleetRow) -> list[object]:
    return [r.period, r.industry, r.operator, r.deployed, r.active, r.hours, r.interventions, r.incidents]


def write_fleet_csv(path: Path, rows: list[FleetRow], encoding: str = "utf-8") -> Path:
    """English headers, industry codes, periods as 2026-04."""
    with path.open("w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow([*_EN_HEADER, "interventions", "incidents"])
        out.writerows(_en_cells(r) for r in rows)
    return path


def write_fleet_cp932(path: Path, rows: list[FleetRow], names_ja: dict[str, str]) -> Path:
    """As Japanese Excel writes it: CP932, Japanese headers, 2027年4月, ja industry names, "1,250"."""
    with path.open("w", encoding="cp932", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")
        out.writerow(_JA_HEADER)
        for r in rows:
            year, month = r.period.split("-")
            out.writerow(
                [
                    f"{year}年{int(month)}月",
                    names_ja[r.industry],
                    r.operator,
                    f"{r.deployed:,}",
                    f"{r.active:,}",
                    f"{r.hours:,.1f}",
                    r.interventions,
                    r.incidents,
                ]
            )
    return path


def write_fleet_xlsx(path: Path, rows: list[FleetRow], names_en: dict[str, str]) -> Path:
    """Periods as date cells (an XLSX date means its month), industries by English name."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "fleet"
    sheet.append([*_EN_HEADER, "interventions", "incidents"])
    for r in rows:
        year, month = map(int, r.period.split("-"))
        cells = _en_cells(r)
        cells[0], cells[1] = dt.datetime(year, month, 1), names_en[r.industry]
        sheet.append(cells)
        sheet.cell(row=sheet.max_row, column=1).number_format = "yyyy-mm"
    save_workbook(book, path)
    return path


# --------------------------------------------------------------------------- telemetry


def write_vda5050(path: Path, rng: random.Random) -> DemoImport:
    """Four AMRs in a warehouse, a state message every 30 s for three hours on 15 June 2027."""
    start = dt.datetime(2027, 6, 15, 9, 0, tzinfo=JST)
    lines = []
    header = 0
    for tick in range(360):
        moment = (start + dt.timedelta(seconds=30 * tick)).astimezone(dt.UTC)
        for serial in ("AMR-001", "AMR-002", "AMR-003", "AMR-004"):
            header += 1
            manual = serial == "AMR-003" and 100 <= tick < 160  # maintenance by hand
            fatal = serial == "AMR-002" and 140 <= tick < 145  # a blocked aisle, cleared by staff
            estop = serial == "AMR-004" and 260 <= tick < 263
            message = {
                "headerId": header,
                "timestamp": moment.isoformat().replace("+00:00", "Z"),
                "version": "2.1.0",
                "manufacturer": "kanto-amr",
                "serialNumber": serial,
                "orderId": f"order-{tick // 20:03d}",
                "orderUpdateId": 0,
                "lastNodeId": f"n{rng.randint(1, 40)}",
                "lastNodeSequenceId": tick % 20,
                "nodeStates": [],
                "edgeStates": [],
                "driving": not manual,
                "actionStates": [],
                "batteryState": {
                    "batteryCharge": round(95 - tick * 0.15 + rng.uniform(-1, 1), 1),
                    "charging": False,
                },
                "operatingMode": "MANUAL" if manual else "AUTOMATIC",
                "errors": [{"errorType": "navigationBlocked", "errorLevel": "FATAL"}] if fatal else [],
                "safetyState": {"eStop": "MANUAL" if estop else "NONE", "fieldViolation": False},
            }
            lines.append(json.dumps(message, separators=(",", ":")))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return DemoImport(
        path,
        ImportOptions(operator="東京ベイ物流センター（架空）", industry="logistics_warehousing"),
    )


def write_open_rmf(folder: Path, rng: random.Random) -> DemoImport:
    """Three care robots of one Open-RMF fleet, a fleet_state a minute for two hours on 10 July 2027."""
    start_ms = int(dt.datetime(2027, 7, 10, 13, 0, tzinfo=JST).timestamp() * 1000)
    robots = ("care1", "care2", "care3")
    lines = []
    for tick in range(120):
        states = {}
        for n, name in enumerate(robots):
            status = "working" if (tick + 20 * n) % 60 < 45 else "charging"
            issues: list[dict[str, object]] = []
            if name == "care2" and 70 <= tick < 73:
                status, issues = "error", [{"category": "stuck", "detail": "廊下で車椅子に進路を塞がれた"}]
            states[name] = {
                "name": name,
                "status": status,
                "task_id": f"task-{tick // 15}" if status == "working" else "",
                "unix_millis_time": start_ms + 60_000 * tick,
                "location": {
                    "map": "L2",
                    "x": round(rng.uniform(0, 40), 2),
                    "y": round(rng.uniform(0, 12), 2),
                    "yaw": 0.0,
                },
                "battery": round(0.95 - (tick % 60) * 0.008, 3),
                "issues": issues,
            }
        state = {"name": "careBots", "robots": states}
        lines.append(
            json.dumps(
                state if tick % 2 else {"type": "fleet_state_update", "data": state}, ensure_ascii=False
            )
        )
    path = folder / "rmf_fleet_state_2027-07.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    registry = folder / "robot_registry.csv"
    registry.write_text(
        "manufacturer,serialNumber,operator,industry\n"
        + "".join(f"careBots,{r},横浜みなと介護（架空）,nursing_care\n" for r in robots),
        encoding="utf-8",
    )
    return DemoImport(path, ImportOptions(registry=registry))
