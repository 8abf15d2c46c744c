"""R10/R11 for the JSON and YAML result formats: lm-eval, lerobot-eval, hf-model-card, hf-eval-results."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviewer.core.errors import InputRefused, Problem
from reviewer.core.models import BenchmarkResultRecord, ModelReleaseRecord, Place
from reviewer.importers import hf_eval_results, hf_model_card, lerobot_eval, lm_eval
from reviewer.importers.base import ParseContext, Record
from reviewer.importers.result_fields import JAPAN, json_path
from reviewer.importers.textenc import choose_encoding

# These formats are UTF-8 only (SPEC §4): CP932 bytes are one of the mutations, refused at their line.
ENCODINGS = ["utf-8", "utf-8-sig"]
SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
MODEL = "acme/robo-1"

NAME_CHARS = "abcXYZ09_- 髙橋①～ア漢\"'\\:#"
_names = st.text(NAME_CHARS, min_size=1, max_size=10).filter(lambda s: s.strip() == s and s)
# Finite values written exactly: x/1000 prints with a dot and no exponent, in JSON and in YAML.
_values = st.integers(-1_000_000, 1_000_000).map(lambda n: n / 1000)
_fractions = st.integers(0, 1000).map(lambda n: n / 1000)

Parse = Callable[[Path, ParseContext], Iterator[Record]]


@dataclass
class Doc:
    """A document as lines, with the 1-based lines of the places a mutation may hit."""

    lines: list[str] = field(default_factory=list)
    values: list[int] = field(default_factory=list)  # lines holding one number, `key: value`

    def add(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def encode(self, encoding: str) -> bytes:
        return "\n".join(self.lines).encode(encoding) + b"\n"


def _q(text: object) -> str:
    """A JSON string, which is also a YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def _refused(parse: Parse, path: Path, **options: object) -> list[Problem]:
    with pytest.raises(InputRefused) as caught:
        list(parse(path, ParseContext(path.name, **options)))  # type: ignore[arg-type]
    return caught.value.problems


def _set_value(line: str, new: str) -> str:
    """`line` (`"key": value,` or `key: value`) with its value replaced."""
    head, sep, rest = line.rpartition(": ")
    assert sep
    return head + sep + new + ("," if rest.endswith(",") else "")


# Mutations shared by every format here: (name, how to change the lines, expected code).
JSON_NUMBERS = {
    "NaN": "E-NOT-FINITE",
    "Infinity": "E-NOT-FINITE",
    "-Infinity": "E-NOT-FINITE",
    "1e400": "E-NOT-FINITE",
}
YAML_NUMBERS = {
    ".nan": "E-NOT-FINITE",
    ".inf": "E-NOT-FINITE",
    "-.Inf": "E-NOT-FINITE",
    '"0.5"': "E-NOT-NUMBER",
}


def _mutate(doc: Doc, mutation: str, data: st.DataObject, numbers: dict[str, str]) -> tuple[int, str]:
    """Apply one mutation at a drawn place; return the line it must be refused at and the code."""
    line = data.draw(st.sampled_from(doc.values))
    index = line - 1
    if mutation == "number":
        bad = data.draw(st.sampled_from(sorted(numbers)))
        doc.lines[index] = _set_value(doc.lines[index], bad)
        return line, numbers[bad]
    if mutation == "duplicate":
        # The key written twice: the copy goes first, so the original is the second one.
        copy = doc.lines[index]
        if copy.lstrip().startswith('"') and not copy.endswith(","):
            copy += ","
        doc.lines.insert(index, copy)
        return line + 1, "E-DUPLICATE-KEY"
    if mutation == "nul":
        doc.lines[index] = doc.lines[index] + "\x00"
        return line, "E-NUL"
    raise AssertionError(mutation)


def _check_refusal(problems: list[Problem], line: int, code: str, field_path: str | None = None) -> None:
    got = [(problem.code, problem.line) for problem in problems]
    if line == 0:  # refused by field only (a JSON document's own value checks carry a path)
        assert [(p.code, p.params.get("field")) for p in problems] == [(code, field_path)], problems
    else:
        assert got == [(code, line)], problems


def check_cp932(
    parse: Parse, path: Path, raw: bytes, expected: list[Record] | None = None, **options: object
) -> None:
    """SPEC §4, for every text file: a document written in CP932 is read as CP932 when it is
    clean CP932 throughout (every value as written), else refused at its first line that is
    not UTF-8. Bytes that are also valid UTF-8 are UTF-8 (tests/hostile covers that case)."""
    path.write_bytes(raw)
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = raw.count(b"\n", 0, exc.start) + 1
    else:
        return
    if choose_encoding(path) == "cp932":
        ctx = ParseContext(path.name, **options)  # type: ignore[arg-type]
        records = list(parse(path, ctx))
        assert ctx.encoding == "cp932"
        if expected is not None:
            assert records == expected
        return
    _check_refusal(_refused(parse, path, **options), first_bad, "E-ENCODING")


def _first_non_ascii_line(raw: bytes) -> int:
    index = next(i for i, byte in enumerate(raw) if byte >= 0x80)
    return raw.count(b"\n", 0, index) + 1


# --------------------------------------------------------------------------- lm-eval

# metrics (name, value), the first metric's stderr, dataset_path, n-samples, filter
TaskSpec = tuple[list[tuple[str, float]], float | None, str | None, int | None, str | None]
_tasks = st.dictionaries(
    _names,
    st.tuples(
        st.lists(
            st.tuples(st.sampled_from(["acc", "acc_norm", "exact_match", "f1"]), _fractions),
            min_size=1,
            max_size=3,
            unique_by=lambda m: m[0],
        ),
        st.one_of(st.none(), _fractions),  # stderr of the first metric, None: "N/A"
        st.one_of(st.none(), _names),  # dataset_path
        st.one_of(st.none(), st.integers(1, 10**6)),  # n-samples
        st.one_of(st.none(), st.sampled_from(["none", "strict-match"])),  # filter
    ),
    min_size=1,
    max_size=4,
)


def _lm_eval(tasks: dict[str, TaskSpec], unix: int) -> tuple[Doc, list[BenchmarkResultRecord]]:
    doc, expected = Doc(), []
    effective = dt.datetime.fromtimestamp(unix, tz=JAPAN).date()
    doc.add("{")
    doc.add('  "results": {')
    for t_index, (task, (metrics, stderr, dataset, n, filt)) in enumerate(tasks.items()):
        doc.add(f"    {_q(task)}: {{")
        doc.add(f'      "alias": {_q(task)},')
        for m_index, (metric, value) in enumerate(metrics):
            key = f"{metric},{filt}" if filt else metric
            doc.values.append(doc.add(f"      {_q(key)}: {value},"))
            err_key = f"{metric}_stderr,{filt}" if filt else f"{metric}_stderr"
            err = stderr if m_index == 0 else None
            last = m_index == len(metrics) - 1
            doc.add(f"      {_q(err_key)}: {_q('N/A') if err is None else err}{'' if last else ','}")
            expected.append(
                BenchmarkResultRecord(
                    model=MODEL,
                    names=(task, dataset) if dataset and dataset != task else (task,),
                    metric=metric,
                    value=value,
                    place=Place(json_path=json_path("results", task, key)),
                    filter=filt,
                    stderr=err,
                    n=n,
                    higher_is_better=True,
                    effective_date=effective,
                    # n-samples below says one document fewer was evaluated than the task has
                    source=f"--limit {n}/{n + 1}" if n else None,
                )
            )
        doc.add("    }" + ("," if t_index < len(tasks) - 1 else ""))
    doc.add("  },")
    configs = {task: {"dataset_path": spec[2]} if spec[2] else {} for task, spec in tasks.items()}
    samples = {
        task: {"original": spec[3] + 1, "effective": spec[3]} for task, spec in tasks.items() if spec[3]
    }
    higher = {task: {metric: True for metric, _v in spec[0]} for task, spec in tasks.items()}
    doc.add(f'  "configs": {json.dumps(configs, ensure_ascii=False)},')
    doc.add(f'  "n-samples": {json.dumps(samples)},')
    doc.add(f'  "higher_is_better": {json.dumps(higher, ensure_ascii=False)},')
    doc.add(f'  "config": {{"model": "hf", "model_args": "pretrained={MODEL},dtype=bfloat16"}},')
    doc.add(f'  "date": {unix}')
    doc.add("}")
    return doc, expected


_unix = st.integers(1_700_000_000, 1_900_000_000)


@SETTINGS
@given(tasks=_tasks, unix=_unix, encoding=st.sampled_from(ENCODINGS))
def test_lm_eval_valid_files_parse_to_exactly_their_results(
    tmp_path: Path, tasks: dict[str, TaskSpec], unix: int, encoding: str
) -> None:
    doc, expected = _lm_eval(tasks, unix)
    path = tmp_path / "results.json"
    path.write_bytes(doc.encode(encoding))
    assert lm_eval.sniff(path.read_bytes(), path)
    ctx = ParseContext(path.name)
    assert list(lm_eval.parse(path, ctx)) == expected
    assert ctx.encoding == encoding


@SETTINGS
@given(
    tasks=_tasks,
    unix=_unix,
    encoding=st.sampled_from(ENCODINGS),
    mutation=st.sampled_from(["number", "duplicate", "nul", "text", "cp932"]),
    data=st.data(),
)
def test_lm_eval_one_mutation_is_refused_at_exactly_its_place(
    tmp_path: Path,
    tasks: dict[str, TaskSpec],
    unix: int,
    encoding: str,
    mutation: str,
    data: st.DataObject,
) -> None:
    doc, expected = _lm_eval(tasks, unix)
    path = tmp_path / "results.json"
    field_path = None
    if mutation == "text":
        # A number written as text is refused, not converted; the document's own checks name the path.
        target = data.draw(st.integers(0, len(doc.values) - 1))
        index = doc.values[target] - 1
        doc.lines[index] = _set_value(doc.lines[index], json.dumps(str(expected[target].value)))
        line, code, field_path = 0, "E-NOT-NUMBER", expected[target].place.json_path
    elif mutation == "cp932":
        check_cp932(lm_eval.parse, path, doc.encode("cp932"), expected)
        return
    else:
        line, code = _mutate(doc, mutation, data, JSON_NUMBERS)
    path.write_bytes(doc.encode(encoding))
    _check_refusal(_refused(lm_eval.parse, path), line, code, field_path)


# --------------------------------------------------------------------------- lerobot-eval

_suites = st.dictionaries(
    _names,
    st.tuples(st.integers(0, 100_000).map(lambda n: n / 1000), st.integers(1, 500)),
    min_size=1,
    max_size=5,
)


def _lerobot(suites: dict[str, tuple[float, int]]) -> tuple[Doc, list[BenchmarkResultRecord]]:
    doc, expected = Doc(), []
    doc.add("{")
    doc.add('  "per_task": [{"task_group": "x", "task_id": 0, "metrics": {"pc_success": 50.0}}],')
    doc.add('  "per_group": {')
    for index, (suite, (percent, episodes)) in enumerate(suites.items()):
        doc.add(f"    {_q(suite)}: {{")
        doc.add('      "avg_sum_reward": 1.5,')
        doc.values.append(doc.add(f'      "pc_success": {percent},'))
        doc.add(f'      "n_episodes": {episodes}')
        doc.add("    }" + ("," if index < len(suites) - 1 else ""))
        expected.append(
            BenchmarkResultRecord(
                model=MODEL,
                names=(suite,),
                metric="success_rate",
                value=percent / 100.0,
                place=Place(json_path=json_path("per_group", suite, "pc_success")),
                n=episodes,
            )
        )
    doc.add("  },")
    doc.add('  "overall": {"pc_success": 50.0, "n_episodes": 10}')
    doc.add("}")
    return doc, expected


@SETTINGS
@given(suites=_suites, encoding=st.sampled_from(ENCODINGS))
def test_lerobot_valid_files_parse_to_exactly_their_suites(
    tmp_path: Path, suites: dict[str, tuple[float, int]], encoding: str
) -> None:
    doc, expected = _lerobot(suites)
    path = tmp_path / "eval_info.json"
    path.write_bytes(doc.encode(encoding))
    assert lerobot_eval.sniff(path.read_bytes(), path)
    ctx = ParseContext(path.name, model=MODEL)
    assert list(lerobot_eval.parse(path, ctx)) == expected
    assert ctx.encoding == encoding


@SETTINGS
@given(
    suites=_suites,
    encoding=st.sampled_from(ENCODINGS),
    mutation=st.sampled_from(["number", "duplicate", "nul", "range", "cp932"]),
    data=st.data(),
)
def test_lerobot_one_mutation_is_refused_at_exactly_its_place(
    tmp_path: Path, suites: dict[str, tuple[float, int]], encoding: str, mutation: str, data: st.DataObject
) -> None:
    doc, expected = _lerobot(suites)
    path = tmp_path / "eval_info.json"
    field_path = None
    if mutation == "range":
        target = data.draw(st.integers(0, len(doc.values) - 1))
        index = doc.values[target] - 1
        doc.lines[index] = _set_value(doc.lines[index], data.draw(st.sampled_from(["100.5", "-1", "1e300"])))
        line, code, field_path = 0, "E-SHAPE", expected[target].place.json_path
    elif mutation == "cp932":
        check_cp932(lerobot_eval.parse, path, doc.encode("cp932"), expected, model=MODEL)
        return
    else:
        line, code = _mutate(doc, mutation, data, JSON_NUMBERS)
    path.write_bytes(doc.encode(encoding))
    _check_refusal(_refused(lerobot_eval.parse, path, model=MODEL), line, code, field_path)


# --------------------------------------------------------------------------- hf-model-card

# Plain YAML scalars that YAML 1.1 would turn into booleans or sexagesimal numbers: kept as text.
_plain = st.sampled_from(["no", "on", "1:30", "mit", "apache-2.0", "2024", "~x"])
_results = st.lists(
    st.tuples(
        _names,  # dataset name
        st.one_of(st.none(), _names),  # dataset type
        st.one_of(st.none(), _names),  # task name
        st.lists(st.tuples(_names, _values, st.booleans()), min_size=1, max_size=3),  # metrics
    ),
    min_size=1,
    max_size=3,
)


def _card(license_: str, tags: list[str], results: list[tuple[object, ...]]) -> tuple[Doc, list[Record]]:
    doc = Doc()
    doc.add("---")
    doc.add(f"license: {license_}")
    doc.add("pipeline_tag: robotics")
    for text in ("language:", "- ja", "- en"):
        doc.add(text)
    doc.add("tags:")
    for tag in tags:
        doc.add(f"- {tag}")
    index_line = doc.add("model-index:")
    doc.add(f"- name: {_q(MODEL)}")
    doc.add("  results:")
    records: list[Record] = []
    for r_index, (ds_name, ds_type, task_name, metrics) in enumerate(results):
        assert isinstance(metrics, list)
        where = f"model-index[0].results[{r_index}]"
        doc.add("  - dataset:")
        doc.add(f"      name: {_q(ds_name)}")
        if ds_type is not None:
            doc.add(f"      type: {_q(ds_type)}")
        if task_name is not None:
            doc.add("    task:")
            doc.add(f"      name: {_q(task_name)}")
        names: list[str] = []
        for name in (ds_name, ds_type, task_name):
            if isinstance(name, str) and name not in names:
                names.append(name)
        doc.add("    metrics:")
        for m_index, (kind, value, verified) in enumerate(metrics):
            start = doc.add(f"    - type: {_q(kind)}")
            doc.values.append(doc.add(f"      value: {value}"))
            doc.add(f"      verified: {'true' if verified else 'false'}")
            if verified:  # as the Hub's evaluation writes it: the flag with the token proving it
                doc.add("      verifyToken: eyJhbGciOiJFZERTQSJ9.eyJ2In0.c2ln")
            records.append(
                BenchmarkResultRecord(
                    model=MODEL,
                    names=tuple(names),
                    metric=kind,
                    value=value,
                    place=Place(line=start, json_path=f"{where}.metrics[{m_index}]"),
                    self_reported=not verified,
                )
            )
    doc.add("---")
    doc.add("# 髙橋① model card")
    release = ModelReleaseRecord(
        name=MODEL,
        place=Place(line=index_line, json_path="model-index[0]"),
        license=license_,
        pipeline_tag="robotics",
        languages=("ja", "en"),
        tags=tuple(tags),
    )
    return doc, [release, *records]


_tags = st.lists(_plain, max_size=3)


@SETTINGS
@given(license_=_plain, tags=_tags, results=_results, encoding=st.sampled_from(ENCODINGS))
def test_model_card_valid_files_parse_to_exactly_their_release_and_results(
    tmp_path: Path, license_: str, tags: list[str], results: list[tuple[object, ...]], encoding: str
) -> None:
    doc, expected = _card(license_, tags, results)
    path = tmp_path / "README.md"
    path.write_bytes(doc.encode(encoding))
    assert hf_model_card.sniff(path.read_bytes(), path)
    ctx = ParseContext(path.name)
    assert list(hf_model_card.parse(path, ctx)) == expected
    assert ctx.encoding == encoding


@SETTINGS
@given(
    license_=_plain,
    tags=_tags,
    results=_results,
    encoding=st.sampled_from(ENCODINGS),
    mutation=st.sampled_from(["number", "duplicate", "nul", "tag", "alias", "cp932"]),
    data=st.data(),
)
def test_model_card_one_mutation_is_refused_at_exactly_its_line(
    tmp_path: Path,
    license_: str,
    tags: list[str],
    results: list[tuple[object, ...]],
    encoding: str,
    mutation: str,
    data: st.DataObject,
) -> None:
    doc, _expected = _card(license_, tags, results)
    path = tmp_path / "README.md"
    canary = tmp_path / "canary"
    if mutation == "tag":
        line = data.draw(st.sampled_from(doc.values))
        doc.lines[line - 1] = _set_value(
            doc.lines[line - 1], f"!!python/object/apply:os.system ['touch {canary}']"
        )
        code = "E-YAML-TAG"
    elif mutation == "alias":
        # An anchor on the license and an alias of it in the tags: refused, at the anchor.
        doc.lines[1] = f"license: &l {license_}"
        doc.lines.insert(doc.lines.index("tags:") + 1, "- *l")
        line, code = 2, "E-YAML-ALIAS"
    elif mutation == "cp932":
        check_cp932(hf_model_card.parse, path, doc.encode("cp932"))
        return
    else:
        line, code = _mutate(doc, mutation, data, YAML_NUMBERS)
    path.write_bytes(doc.encode(encoding))
    _check_refusal(_refused(hf_model_card.parse, path), line, code)
    assert not canary.exists()


# --------------------------------------------------------------------------- hf-eval-results

_entries = st.lists(
    st.tuples(
        _names,  # dataset id
        _names,  # task_id
        _values,
        st.one_of(st.none(), st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))),
        st.one_of(st.none(), _names),  # source url
        _plain,  # notes: YAML 1.1 look-alikes, ignored but must not break anything
    ),
    min_size=1,
    max_size=5,
)


def _eval_results(entries: list[tuple[object, ...]]) -> tuple[Doc, list[BenchmarkResultRecord]]:
    doc, expected = Doc(), []
    for index, (ds_id, task_id, value, date, url, notes) in enumerate(entries):
        start = doc.add("- dataset:")
        doc.add(f"    id: {_q(ds_id)}")
        doc.add(f"    task_id: {_q(task_id)}")
        doc.values.append(doc.add(f"  value: {value}"))
        if isinstance(date, dt.date):
            doc.add(f"  date: '{date.isoformat()}'")
        if url is not None:
            doc.add("  source:")
            doc.add(f"    url: {_q(url)}")
        doc.add(f"  notes: {notes}")
        expected.append(
            BenchmarkResultRecord(
                model=MODEL,
                names=(str(ds_id), str(task_id)),
                metric=None,
                value=value,  # type: ignore[arg-type]
                place=Place(line=start, json_path=f"[{index}]"),
                effective_date=date if isinstance(date, dt.date) else None,
                source=url if isinstance(url, str) else None,
            )
        )
    return doc, expected


@SETTINGS
@given(entries=_entries, encoding=st.sampled_from(ENCODINGS))
def test_eval_results_valid_files_parse_to_exactly_their_entries(
    tmp_path: Path, entries: list[tuple[object, ...]], encoding: str
) -> None:
    doc, expected = _eval_results(entries)
    path = tmp_path / "gpqa.yaml"
    path.write_bytes(doc.encode(encoding))
    assert hf_eval_results.sniff(path.read_bytes(), path)
    ctx = ParseContext(path.name, model=MODEL)
    assert list(hf_eval_results.parse(path, ctx)) == expected
    assert ctx.encoding == encoding


@SETTINGS
@given(
    entries=_entries,
    encoding=st.sampled_from(ENCODINGS),
    mutation=st.sampled_from(["number", "duplicate", "nul", "tag", "cp932"]),
    data=st.data(),
)
def test_eval_results_one_mutation_is_refused_at_exactly_its_line(
    tmp_path: Path, entries: list[tuple[object, ...]], encoding: str, mutation: str, data: st.DataObject
) -> None:
    doc, _expected = _eval_results(entries)
    path = tmp_path / "gpqa.yaml"
    if mutation == "tag":
        line = data.draw(st.sampled_from(doc.values))
        doc.lines[line - 1] = _set_value(doc.lines[line - 1], "!!float '0.5'")
        code = "E-YAML-TAG"
    elif mutation == "cp932":
        check_cp932(hf_eval_results.parse, path, doc.encode("cp932"), _expected, model=MODEL)
        return
    else:
        line, code = _mutate(doc, mutation, data, YAML_NUMBERS)
    path.write_bytes(doc.encode(encoding))
    _check_refusal(_refused(hf_eval_results.parse, path, model=MODEL), line, code)


@pytest.mark.parametrize(
    ("parse", "raw"),
    [
        (lm_eval.parse, b""),
        (lm_eval.parse, b"\xef\xbb\xbf \n"),
        (lerobot_eval.parse, b"\n\n"),
        (hf_model_card.parse, b"\xef\xbb\xbf"),
        (hf_eval_results.parse, b"   \n"),
    ],
)
def test_empty_files_have_no_data(tmp_path: Path, parse: Parse, raw: bytes) -> None:
    path = tmp_path / "empty"
    path.write_bytes(raw)
    assert [p.code for p in _refused(parse, path, model=MODEL)] == ["E-NO-DATA"]
