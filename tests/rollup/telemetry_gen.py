"""Generated telemetry for the agreement tests: VDA 5050 2.x and 3.x state messages and Open-RMF
fleet states, in the shapes the formats' own projects define, with the cases the rules turn on.

Every robot starts a few minutes before a Japan-time month boundary (the 1st at 00:00 JST is
15:00 UTC the day before), so intervals are split there; steps include exactly 60 s, just over,
minutes and days (the cap), MANUAL and other non-working states, FATAL errors that come and go,
emergency stops, and Open-RMF issues. A robot that is working just before midnight of Jan 31
and next reports in March leaves February only the part of an interval after midnight.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

JST = dt.timezone(dt.timedelta(hours=9))
# (operator, industry): several operators in several industries, one spelled two ways
GROUPS = [
    ("Kanto Logistics", "logistics"),
    ("KANTO  logistics", "logistics"),  # the same operator, folded (NFKC, case, spaces)
    ("さくら医療", "medical"),
    ("Osaka Foods", "food_service"),
    ("Osaka Foods", "manufacturing"),
]
# only the robot of spill_only_robot: its February is its own row
SPILL_GROUP = ("北海道アグリ", "agriculture")
BOUNDARIES = [
    dt.datetime(2027, 5, 1, tzinfo=JST),
    dt.datetime(2028, 1, 1, tzinfo=JST),
    dt.datetime(2028, 2, 1, tzinfo=JST),
]
STEPS_MS = [1_000, 5_000, 30_000, 59_999, 60_000, 60_001, 90_000, 600_000, 3 * 86_400_000]
MODES = ["AUTOMATIC", "AUTOMATIC", "AUTOMATIC", "MANUAL", "SEMIAUTOMATIC", "SERVICE", "TEACHIN"]
ESTOPS = ["NONE", "NONE", "NONE", "NONE", "AUTOACK", "MANUAL", "REMOTE"]
RMF_STATUSES = ["working", "working", "working", "idle", "charging", "error", "offline"]


@dataclass(frozen=True)
class Robot:
    key_a: str  # manufacturer, or fleet name
    key_b: str  # serial number, or robot name
    group: tuple[str, str]


def _epoch_ms(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1000)


def _iso(ms: int, rng: random.Random) -> str:
    """A VDA 5050 timestamp with millisecond precision, in UTC (Z) or with a Japan offset."""
    moment = dt.datetime.fromtimestamp(ms / 1000, dt.UTC)
    if rng.random() < 0.3:
        return moment.astimezone(JST).isoformat(timespec="milliseconds")
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _times(rng: random.Random, count: int) -> list[int]:
    start = _epoch_ms(rng.choice(BOUNDARIES)) - rng.randrange(0, 10 * 60_000)
    times = [start]
    for _ in range(count - 1):
        times.append(times[-1] + rng.choice(STEPS_MS))
    return times


def robots(prefix: str, count: int, rng: random.Random) -> list[Robot]:
    makers = ["KUKA", "Fanuc", "川崎重工", "Omron"]
    return [Robot(rng.choice(makers), f"{prefix}-{i:03d}", GROUPS[i % len(GROUPS)]) for i in range(count)]


def registry_rows(all_robots: list[Robot]) -> str:
    lines = ["manufacturer,serialNumber,operator,industry"]
    for robot in all_robots:
        lines.append(",".join(_csv(x) for x in (robot.key_a, robot.key_b, *robot.group)))
    return "\n".join(lines) + "\n"


def _csv(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(ch in value for ch in ',"\n') else value


def _merge(streams: dict[Robot, list[tuple[int, dict[str, object]]]], rng: random.Random) -> list[str]:
    """Interleave the robots' messages by time: each robot's own order is kept."""
    events = [
        (time, robot.key_b, n, msg) for robot, msgs in streams.items() for n, (time, msg) in enumerate(msgs)
    ]
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    return [json.dumps(msg, ensure_ascii=False) for _t, _k, _n, msg in events]


def vda_lines(fleet: list[Robot], version: str, per_robot: int, rng: random.Random) -> list[str]:
    """VDA 5050 `state` messages of one major version (2.x: eStop; 3.x: activeEmergencyStop)."""
    major = int(version.split(".")[0])
    streams: dict[Robot, list[tuple[int, dict[str, object]]]] = {}
    for robot in fleet:
        messages = []
        for n, time in enumerate(_times(rng, per_robot)):
            errors = []
            if rng.random() < 0.25:
                errors.append(
                    {
                        "errorType": rng.choice(["motorFault", "lidarBlocked"]),
                        "errorLevel": "FATAL",
                        "errorReferences": [],
                        "errorDescription": "stopped",
                    }
                )
            if rng.random() < 0.2:
                errors.append({"errorType": "batteryLow", "errorLevel": "WARNING", "errorReferences": []})
            estop = rng.choice(ESTOPS)
            message: dict[str, object] = {
                "headerId": n,
                "timestamp": _iso(time, rng),
                "version": version,
                "manufacturer": robot.key_a,
                "serialNumber": robot.key_b,
                "orderId": f"order-{n // 5}",
                "orderUpdateId": 0,
                "lastNodeId": "n1",
                "lastNodeSequenceId": 0,
                "driving": rng.random() < 0.5,
                "operatingMode": rng.choice(MODES),
                "nodeStates": [],
                "edgeStates": [],
                "actionStates": [],
                "errors": errors,
            }
            if major == 2:
                message["batteryState"] = {"batteryCharge": 80.0, "charging": False}
                message["safetyState"] = {"eStop": estop, "fieldViolation": False}
                message["agvPosition"] = {
                    "x": 1.0,
                    "y": 2.0,
                    "theta": 0.0,
                    "mapId": "m",
                    "positionInitialized": True,
                }
            else:
                message["powerSupply"] = {"stateOfCharge": 80.0, "charging": False}
                message["safetyState"] = {"activeEmergencyStop": estop, "fieldViolation": False}
                message["mobileRobotPosition"] = {
                    "x": 1.0,
                    "y": 2.0,
                    "theta": 0.0,
                    "mapId": "m",
                    "localized": True,
                }
            messages.append((time, message))
        streams[robot] = messages
    return _merge(streams, rng)


def spill_only_robot(robot: Robot, version: str) -> list[str]:
    """Working 30 s before midnight of Jan 31 (JST), next message in March: February gets 30 s."""
    start = _epoch_ms(dt.datetime(2028, 2, 1, tzinfo=JST)) - 30_000
    later = _epoch_ms(dt.datetime(2028, 3, 2, 12, 0, tzinfo=JST))
    lines = []
    for n, (time, mode) in enumerate([(start, "AUTOMATIC"), (later, "MANUAL")]):
        lines.append(
            json.dumps(
                {
                    "headerId": n,
                    "timestamp": dt.datetime.fromtimestamp(time / 1000, dt.UTC).isoformat(),
                    "version": version,
                    "manufacturer": robot.key_a,
                    "serialNumber": robot.key_b,
                    "operatingMode": mode,
                    "errors": [],
                    "safetyState": {"eStop": "NONE", "fieldViolation": False},
                },
                ensure_ascii=False,
            )
        )
    return lines


def rmf_lines(fleets: dict[str, list[Robot]], per_robot: int, rng: random.Random) -> list[str]:
    """Open-RMF fleet_state messages (some wrapped as fleet_state_update), several robots each."""
    lines: list[str] = []
    for fleet_name, fleet in fleets.items():
        times = {robot: _times(rng, per_robot) for robot in fleet}
        issues = ["stuck", "lost", "door blocked"]
        for n in range(per_robot):
            present = [robot for robot in fleet if rng.random() < 0.85]
            if not present:
                continue
            states = {}
            for robot in present:
                chosen = [{"category": c, "detail": {"where": "L1"}} for c in issues if rng.random() < 0.15]
                states[robot.key_b] = {
                    "name": robot.key_b,
                    "status": rng.choice(RMF_STATUSES),
                    "task_id": f"t{n}",
                    "unix_millis_time": times[robot][n],
                    "location": {"map": "L1", "x": 0.0, "y": 0.0, "yaw": 0.0},
                    "battery": round(rng.random(), 2),
                    "issues": chosen,
                }
            state = {"name": fleet_name, "robots": states}
            wrapped = {"type": "fleet_state_update", "data": state} if rng.random() < 0.3 else state
            lines.append(json.dumps(wrapped, ensure_ascii=False))
    return lines


def write(path: Path, lines: list[str], blank_every: int = 0) -> Path:
    out: Iterator[str] = iter(lines)
    with path.open("w", encoding="utf-8", newline="\n") as stream:
        for n, line in enumerate(out, 1):
            stream.write(line + "\n")
            if blank_every and n % blank_every == 0:
                stream.write("\n")  # blank lines do not shift line numbers
    return path
