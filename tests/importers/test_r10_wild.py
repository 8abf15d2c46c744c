"""R10 for the formats of issue 14: inspect-log (JSON log and `.eval`) and llm-jp-eval (both generations).

Hypothesis builds valid files in each format's real shape (Inspect's `log/_log.py`, llm-jp-eval's
score files) and applies at most one mutation: a valid file imports exactly its results; a
mutated one is refused at exactly the mutated place.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reviewer.core.models import BenchmarkResultRecord, Place
from reviewer.importers import detect, inspect_log, llm_jp_eval, vda5050
from reviewer.importers.base import ParseContext
from reviewer.importers.result_fields import JAPAN, json_path
from tests.importers import test_r10_telemetry as telemetry
from tests.importers.test_r10_json import (
    ENCODINGS,
    JSON_NUMBERS,
    MODEL,
    SETTINGS,
    Doc,
    _check_refusal,
    _first_non_ascii_line,
    _fractions,
    _mutate,
    _names,
    _q,
    _refused,
    _set_value,
    check_cp932,
)

_unix = st.integers(1_700_000_000, 1_900_000_000)

# --------------------------------------------------------------------------- inspect-log

# scorer name -> (metrics (name, value), stderr or None, scored samples)
ScorerSpec = tuple[list[tuple[str, float]], float | None, int]
_scorers = st.dictionaries(
    _names,
    st.tuples(
        st.lists(
            st.tuples(st.sampled_from(["accuracy", "mean", "f1", "bootstrap_std"]), _fractions),
            min_size=1,
            max_size=3,
            unique_by=lambda m: m[0],
        ),
        st.one_of(st.none(), _fractions),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=3,
)


def _inspect(task: str, scorers: dict[str, ScorerSpec], unix: int) -> tuple[Doc, list[BenchmarkResultRecord]]:
    doc, expected = Doc(), []
    created = dt.datetime.fromtimestamp(unix, tz=dt.UTC)
    effective = created.astimezone(JAPAN).date()
    doc.add("{")
    doc.add('  "version": 2,')
    doc.add('  "status": "success",')
    doc.add('  "eval": {')
    doc.add('    "run_id": "H7xQ2pLr9Vd3Ks5mWn8BzA",')
    doc.add(f'    "created": {_q(created.isoformat())},')
    doc.add(f'    "task": {_q(task)},')
    doc.add('    "dataset": {"name": "d", "samples": 10},')
    doc.add(f'    "model": {_q(MODEL)},')
    doc.add('    "config": {}')
    doc.add("  },")
    doc.add('  "plan": {"name": "plan", "steps": [{"solver": "generate", "params": {}}]},')
    doc.add('  "results": {')
    doc.add('    "total_samples": 10,')
    doc.add('    "completed_samples": 10,')
    doc.add('    "scores": [')
    for s_index, (scorer, (metrics, stderr, scored)) in enumerate(scorers.items()):
        doc.add("      {")
        doc.add(f'        "name": {_q(scorer)},')
        doc.add(f'        "scorer": {_q(scorer)},')
        doc.add(f'        "scored_samples": {scored},')
        doc.add('        "metrics": {')
        entries = [*metrics, *([("stderr", stderr)] if stderr is not None else [])]
        for m_index, (metric, value) in enumerate(entries):
            doc.add(f'          "{metric}": {{')
            doc.add(f'            "name": "{metric}",')
            doc.values.append(doc.add(f'            "value": {value},'))
            doc.add('            "params": {}')
            doc.add("          }" + ("," if m_index < len(entries) - 1 else ""))
        doc.add("        }")
        doc.add("      }" + ("," if s_index < len(scorers) - 1 else ""))
        expected.extend(
            BenchmarkResultRecord(
                model=MODEL,
                names=(task,),
                metric=metric,
                value=value,
                place=Place(json_path=json_path("results", "scores", s_index, "metrics", metric, "value")),
                filter=scorer,
                stderr=stderr,
                n=scored,
                effective_date=effective,
            )
            for metric, value in metrics
        )
    doc.add("    ]")
    doc.add("  },")
    doc.add('  "stats": {"started_at": "", "completed_at": ""},')
    # samples: brackets and quotes in text, stepped over without being parsed
    doc.add('  "samples": [{"id": 1, "input": "}]\\" {[", "target": "A"}]')
    doc.add("}")
    return doc, expected


def _inspect_records(path: Path) -> list[object]:
    ctx = ParseContext(path.name)
    records = list(inspect_log.parse(path, ctx))
    assert ctx.encoding == "utf-8"
    return records


@SETTINGS
@given(task=_names, scorers=_scorers, unix=_unix, encoding=st.sampled_from(ENCODINGS))
def test_inspect_valid_logs_parse_to_exactly_their_metrics_as_json_and_as_eval(
    tmp_path: Path, task: str, scorers: dict[str, ScorerSpec], unix: int, encoding: str
) -> None:
    doc, expected = _inspect(task, scorers, unix)
    path = tmp_path / "log.json"
    path.write_bytes(doc.encode(encoding))
    assert detect(path) == "inspect-log"
    assert _inspect_records(path) == expected
    archive = tmp_path / "log.eval"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("_journal/start.json", "{}")
        z.writestr("header.json", doc.encode("utf-8"))
    assert detect(archive) == "inspect-log"
    assert _inspect_records(archive) == expected


@SETTINGS
@given(
    task=_names,
    scorers=_scorers,
    unix=_unix,
    encoding=st.sampled_from(ENCODINGS),
    mutation=st.sampled_from(["number", "duplicate", "nul", "text", "cp932"]),
    data=st.data(),
)
def test_inspect_one_mutation_is_refused_at_exactly_its_place(
    tmp_path: Path,
    task: str,
    scorers: dict[str, ScorerSpec],
    unix: int,
    encoding: str,
    mutation: str,
    data: st.DataObject,
) -> None:
    doc, _expected = _inspect(task, scorers, unix)
    path = tmp_path / "log.json"
    field_path = None
    if mutation == "text":
        index = data.draw(st.sampled_from(doc.values)) - 1
        doc.lines[index] = _set_value(doc.lines[index], '"0.5"')
        # the path of the value: find its scorer and metric from the lines above it
        metric = next(
            json.loads(doc.lines[i].split(":", 1)[1].strip().rstrip(","))
            for i in range(index, 0, -1)
            if doc.lines[i].strip().startswith('"name": "') and doc.lines[i].startswith(" " * 12)
        )
        s_index = sum(1 for row in doc.lines[:index] if row.startswith('        "scorer": ')) - 1
        line, code = 0, "E-NOT-NUMBER"
        field_path = json_path("results", "scores", s_index, "metrics", metric, "value")
    elif mutation == "cp932":
        raw = doc.encode("cp932")
        if raw.isascii():
            return
        path.write_bytes(raw)
        _check_refusal(_refused(inspect_log.parse, path), _first_non_ascii_line(raw), "E-ENCODING")
        return
    else:
        line, code = _mutate(doc, mutation, data, JSON_NUMBERS)
    path.write_bytes(doc.encode(encoding))
    _check_refusal(_refused(inspect_log.parse, path), line, code, field_path)


# --------------------------------------------------------------------------- llm-jp-eval

_datasets = st.text("abcjxyz-漢ア", min_size=1, max_size=8).filter(lambda s: s.strip("-") == s)
_scores = st.dictionaries(
    st.tuples(_datasets, st.sampled_from([*llm_jp_eval.METRICS, "comet_wmt22"])),
    st.integers(-10_000, 10_000).map(lambda n: f"{n / 10_000:.4f}"),
    min_size=1,
    max_size=8,
).filter(
    # a dataset named like an average would be left out: keep the generated ones plain
    lambda d: (
        all(ds not in {"AVG", "AVR"} for ds, _m in d)
        # detection by content needs one of the suite's own metric names (a key with none is `score`)
        and any(m != "comet_wmt22" for _ds, m in d)
    )
)


def _llm_jp(
    scores: dict[tuple[str, str], str], wrapped: bool
) -> tuple[Doc, list[BenchmarkResultRecord], str]:
    doc, expected = Doc(), []
    pad = "    " if wrapped else "  "
    doc.add("{")
    if wrapped:
        doc.add('  "scores": {')
    for dataset, metric in scores:
        key = f"{dataset}_{metric}"
        value = scores[(dataset, metric)]
        doc.values.append(doc.add(f"{pad}{_q(key)}: {_q(value)},"))
        name, split_metric = llm_jp_eval.split_key(key)
        expected.append(
            BenchmarkResultRecord(
                model=MODEL,
                names=(name,),
                metric=split_metric,
                value=float(value),
                place=Place(json_path=json_path(*(("scores",) if wrapped else ()), key)),
                effective_date=dt.date(2027, 6, 1),
                source="llm-jp-eval 1.4.1, test, 4-shot" if wrapped else None,
            )
        )
    doc.add(f'{pad}"AVG": "0.5000"')
    if wrapped:
        doc.add("  },")
        doc.add('  "outputs": {"x": [{"input": "}{][", "pred": "a", "gold": "a"}]},')
        doc.add('  "config": {')
        doc.add(f'    "model": {{"pretrained_model_name_or_path": {_q(MODEL)}}},')
        doc.add('    "metainfo": {"version": "1.4.1", "data_type": "test", "num_few_shots": 4,')
        doc.add('                 "max_num_samples": -1}')
        doc.add("  }")
    doc.add("}")
    name = "pai_20270601_093000.json" if wrapped else "score_20270601_093000.json"
    return doc, expected, name


def _llm_records(path: Path) -> list[object]:
    ctx = ParseContext(path.name, model=MODEL)
    return list(llm_jp_eval.parse(path, ctx))


@SETTINGS
@given(scores=_scores, wrapped=st.booleans(), encoding=st.sampled_from(ENCODINGS))
def test_llm_jp_eval_valid_files_parse_to_exactly_their_scores(
    tmp_path: Path, scores: dict[tuple[str, str], str], wrapped: bool, encoding: str
) -> None:
    doc, expected, name = _llm_jp(scores, wrapped)
    path = tmp_path / name
    path.write_bytes(doc.encode(encoding))
    assert detect(path) == "llm-jp-eval"
    assert _llm_records(path) == expected


@SETTINGS
@given(
    scores=_scores,
    wrapped=st.booleans(),
    encoding=st.sampled_from(ENCODINGS),
    mutation=st.sampled_from(["number", "duplicate", "nul", "text", "cp932"]),
    data=st.data(),
)
def test_llm_jp_eval_one_mutation_is_refused_at_exactly_its_place(
    tmp_path: Path,
    scores: dict[tuple[str, str], str],
    wrapped: bool,
    encoding: str,
    mutation: str,
    data: st.DataObject,
) -> None:
    doc, expected, name = _llm_jp(scores, wrapped)
    path = tmp_path / name
    field_path = None
    if mutation == "text":
        target = data.draw(st.integers(0, len(doc.values) - 1))
        index = doc.values[target] - 1
        doc.lines[index] = _set_value(
            doc.lines[index], data.draw(st.sampled_from(['"n/a"', '"0.5x"', "true"]))
        )
        line, code, field_path = 0, "E-NOT-NUMBER", expected[target].place.json_path
    elif mutation == "cp932":
        check_cp932(llm_jp_eval.parse, path, doc.encode("cp932"), expected, model=MODEL)
        return
    else:
        line, code = _mutate(doc, mutation, data, JSON_NUMBERS)
    path.write_bytes(doc.encode(encoding))
    _check_refusal(_refused(llm_jp_eval.parse, path, model=MODEL), line, code, field_path)


# --------------------------------------------------------------------------- vda5050-state, pretty-printed


@SETTINGS
@given(
    robots=telemetry._robots,
    start=telemetry._start,
    messages=telemetry._messages,
    offset=st.sampled_from([0, 9, -5]),
    as_array=st.booleans(),
)
def test_vda5050_pretty_printed_messages_roll_up_like_their_json_lines(
    tmp_path: Path,
    robots: list[str],
    start: int,
    messages: list[telemetry.Message],
    offset: int,
    as_array: bool,
) -> None:
    """One pretty-printed message, or an array of them (SPEC §4): the same months as the JSON
    Lines of the same messages, each place the line of the message's opening brace."""
    lines, expected = telemetry._vda(robots, start, messages, offset)
    if not as_array:
        lines, messages = lines[:1], messages[:1]
        lines, expected = telemetry._vda(robots, start, messages, offset)
    blocks = [json.dumps(json.loads(line), ensure_ascii=False, indent=2) for line in lines]
    text = ("[\n" + ",\n".join(blocks) + "\n]\n") if as_array else blocks[0] + "\n"
    starts, line_no = [], 2 if as_array else 1
    for block in blocks:
        starts.append(line_no)
        line_no += block.count("\n") + 1
    path = tmp_path / "state.json"
    path.write_text(text, encoding="utf-8")
    assert detect(path) == "vda5050-state"
    got = list(vda5050.parse(path, telemetry._ctx(path.name)))
    assert got == [
        record._replace(
            place=record.place._replace(
                first_message=starts[record.place.first_message - 1],
                last_message=starts[record.place.last_message - 1],
            )
        )
        for record in expected
    ]
