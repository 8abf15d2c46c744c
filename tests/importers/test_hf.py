"""Hugging Face formats: the model card's front matter and `.eval_results/*.yaml` entries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewer.core.errors import InputRefused
from reviewer.core.models import BenchmarkResultRecord, ModelReleaseRecord, Place
from reviewer.importers import hf_eval_results, hf_model_card
from reviewer.importers.base import ParseContext, Record
from tests.paths import EXAMPLE as EXAMPLE_DIR
from tests.paths import SHAPES

DATA = Path(__file__).resolve().parents[1] / "data" / "json"
CARD = DATA / "model_card.md"
EVAL_RESULTS = DATA / ".eval_results"


def card(path: Path, **options: object) -> list[Record]:
    return list(hf_model_card.parse(path, ParseContext(path.name, **options)))  # type: ignore[arg-type]


def eval_results(path: Path, **options: object) -> list[Record]:
    return list(hf_eval_results.parse(path, ParseContext(path.name, **options)))  # type: ignore[arg-type]


def problems(
    call: object, *args: object, **options: object
) -> list[tuple[str, str, int | None, dict[str, object]]]:
    with pytest.raises(InputRefused) as caught:
        call(*args, **options)  # type: ignore[operator]
    return [(p.file, p.code, p.line, dict(p.params)) for p in caught.value.problems]


def write(tmp_path: Path, text: str, name: str = "README.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- model card


def test_the_worked_example_card() -> None:
    records = card(EXAMPLE_DIR / "README.md")
    assert records == [
        ModelReleaseRecord(
            name="acme/robo-1",
            place=Place(line=4, json_path="model-index[0]"),
            license="apache-2.0",
            pipeline_tag="robotics",
        ),
        BenchmarkResultRecord(
            model="acme/robo-1",
            names=("Acme-Pick", "acme/pick", "Pick and place"),
            metric="success_rate",
            value=0.5,
            place=Place(line=10, json_path="model-index[0].results[0].metrics[0]"),
            self_reported=True,
        ),
    ]


def test_a_full_card_keeps_every_field_and_line() -> None:
    release, *results = card(CARD)
    assert release == ModelReleaseRecord(
        name="acme/robo-2",
        place=Place(line=12, json_path="model-index[0]"),
        license="other",
        base_model=("acme/robo-base",),
        pipeline_tag="robotics",
        languages=("ja", "en"),
        datasets=("acme/pick", "acme/place"),
        tags=("robotics", "2024"),
    )
    assert results == [
        BenchmarkResultRecord(
            model="acme/robo-2",
            names=("Acme-Pick", "acme/pick", "Pick and place"),
            metric="success_rate",
            value=0.72,
            place=Place(line=22, json_path="model-index[0].results[0].metrics[0]"),
            self_reported=True,  # verified: true, but no verifyToken proves it
            source="https://example.org/acme/robo-2/evals",
        ),
        BenchmarkResultRecord(
            model="acme/robo-2",
            names=("Acme-Pick", "acme/pick", "Pick and place"),
            metric="episodes",
            value=50.0,
            place=Place(line=26, json_path="model-index[0].results[0].metrics[1]"),
            self_reported=True,
            source="https://example.org/acme/robo-2/evals",
        ),
        BenchmarkResultRecord(
            model="acme/robo-2",
            names=("ARC-Challenge", "allenai/ai2_arc"),
            metric="acc",
            value=0.31,
            place=Place(line=34, json_path="model-index[0].results[1].metrics[0]"),
            self_reported=True,
        ),
    ]


def test_yaml_1_1_surprises_stay_text_where_text_is_expected(tmp_path: Path) -> None:
    path = write(tmp_path, "---\nlicense: no\nlanguage: [no, 'on']\ntags: [1:30]\n---\n")
    (release,) = card(path, model="acme/robo-1")
    assert isinstance(release, ModelReleaseRecord)
    assert (release.license, release.languages, release.tags) == ("no", ("no", "on"), ("1:30",))


def test_a_yaml_tag_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    canary = tmp_path / "canary"
    path = write(
        tmp_path,
        f"---\nlicense: mit\ntags:\n- !!python/object/apply:os.system ['touch {canary}']\n---\n",
    )
    found = problems(card, path, model="m")
    assert [(code, line) for _file, code, line, _params in found] == [("E-YAML-TAG", 4)]
    assert not canary.exists()


def test_a_yaml_alias_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "---\nlicense: &l mit\n\nbase_model: *l\n---\n")
    assert [(c, line) for _f, c, line, _p in problems(card, path, model="m")] == [("E-YAML-ALIAS", 2)]


def test_a_duplicate_key_is_refused_at_the_second_one_on_the_file_line(tmp_path: Path) -> None:
    path = write(tmp_path, "---\nlicense: mit\npipeline_tag: robotics\nlicense: apache-2.0\n---\n")
    assert problems(card, path, model="m") == [("README.md", "E-DUPLICATE-KEY", 4, {"key": "license"})]


def test_a_nan_metric_is_refused_at_its_line(tmp_path: Path) -> None:
    text = CARD.read_text().replace("value: 0.72", "value: .nan")
    found = problems(card, write(tmp_path, text))
    assert [(c, line) for _f, c, line, _p in found] == [("E-NOT-FINITE", 23)]


def test_a_metric_value_written_as_text_is_refused_not_converted(tmp_path: Path) -> None:
    text = CARD.read_text().replace("value: 0.72", 'value: "0.72"')
    found = problems(card, write(tmp_path, text))
    assert [(c, line, p["field"]) for _f, c, line, p in found] == [
        ("E-NOT-NUMBER", 23, "model-index[0].results[0].metrics[0].value")
    ]


def test_a_card_without_model_index_names_the_release_by_the_flag(tmp_path: Path) -> None:
    path = write(tmp_path, "---\nlicense: mit\n---\n# hello\n")
    assert card(path, model="acme/robo-1") == [
        ModelReleaseRecord(name="acme/robo-1", place=Place(line=1), license="mit")
    ]
    assert problems(card, path) == [("README.md", "E-NO-MODEL", 1, {})]


def test_a_flag_naming_another_declared_model_than_the_card_is_refused() -> None:
    declared = {"acme/robo-1": "acme/robo-1", "acme/robo-2": "acme/robo-2"}
    found = problems(card, CARD, model="acme/robo-1", resolve_model=declared.get)
    assert found == [
        ("model_card.md", "E-MODEL-CONFLICT", 12, {"file_model": "acme/robo-2", "flag_model": "acme/robo-1"})
    ]


def test_a_card_named_by_an_undeclared_name_is_imported_under_the_flags_model() -> None:
    """SPEC §3: a model-index `name` is rarely the Hub id; `--model` names the model and the
    card's own name is kept on each record and collected for the batch."""
    ctx = ParseContext(CARD.name, model="acme/robo-1")
    records = list(hf_model_card.parse(CARD, ctx))
    assert {(getattr(r, "name", None) or getattr(r, "model", None)) for r in records} == {"acme/robo-1"}
    assert {r.named_as for r in records} == {"acme/robo-2"}  # type: ignore[union-attr]
    assert ctx.model_aliases == {"acme/robo-2": "acme/robo-1"}


def test_a_card_named_by_a_declared_alias_is_the_declared_model_without_a_flag() -> None:
    declared = {"acme/robo-2": "acme/robotics-2.0"}
    ctx = ParseContext(CARD.name, resolve_model=lambda name: declared.get(name.casefold()))
    records = list(hf_model_card.parse(CARD, ctx))
    release = records[0]
    assert isinstance(release, ModelReleaseRecord)
    assert (release.name, release.named_as) == ("acme/robotics-2.0", "acme/robo-2")
    assert ctx.model_aliases == {}  # declared in the plan: nothing new to record


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("# just markdown\n", "E-NO-FRONT-MATTER"),
        ("---\nlicense: mit\n# never closed\n", "E-NO-FRONT-MATTER"),
        ("---\n---\n# empty\n", "E-NO-DATA"),
        ("", "E-NO-DATA"),
        ("---\n- a list\n---\n", "E-SHAPE"),
    ],
)
def test_bad_front_matter_is_refused(tmp_path: Path, text: str, code: str) -> None:
    assert [c for _f, c, _l, _p in problems(card, write(tmp_path, text), model="m")] == [code]


def test_card_sniff_needs_front_matter_with_a_card_key() -> None:
    example = EXAMPLE_DIR / "README.md"
    assert hf_model_card.sniff(example.read_bytes(), example)
    assert hf_model_card.sniff(b"\xef\xbb\xbf---\r\nlicense: mit\r\n---\r\n", example)
    assert not hf_model_card.sniff(b"---\ntitle: A blog post\nlayout: post\n---\n", example)
    assert not hf_model_card.sniff(b"# README\n\nlicense: mit\n", example)
    assert not hf_model_card.sniff(b"---\ntitle: x\n---\nlicense: mit\n", example)


# --------------------------------------------------------------------------- eval results


def test_the_template_is_refused_at_each_placeholder() -> None:
    # The Hub's template leaves `{placeholders}` in its first entry, which YAML reads as
    # mappings: refused, every one at its line. Its second entry alone is tested below.
    path = SHAPES / "eval_results.template.yaml"
    found = problems(eval_results, path, model="acme/robo-1")
    assert [(code, line, params["field"], params["value"]) for _file, code, line, params in found] == [
        ("E-PLACEHOLDER", 4, "[0].dataset.task_id", "{task_id}"),
        ("E-PLACEHOLDER", 9, "[0].value", "{metric_value}"),
        ("E-PLACEHOLDER", 11, "[0].verifyToken", "{verify_token}"),
        ("E-PLACEHOLDER", 14, "[0].date", "{date}"),
        ("E-PLACEHOLDER", 17, "[0].source.url", "{source_url}"),
    ]


def test_the_templates_concrete_entry(tmp_path: Path) -> None:
    text = (SHAPES / "eval_results.template.yaml").read_text(encoding="utf-8")
    concrete = text[text.index("# or, with only the required attributes:") :]
    assert eval_results(write(tmp_path, concrete, "gpqa.yaml"), model="acme/robo-1") == [
        BenchmarkResultRecord(
            model="acme/robo-1",
            names=("acme/pick-bench", "pick_hard"),
            metric=None,
            value=0.377,
            place=Place(line=3, json_path="[0]"),
            self_reported=True,
        )
    ]


def test_a_folder_is_read_file_by_file_in_name_order() -> None:
    records = eval_results(EVAL_RESULTS, model="acme/robo-1")
    assert records == [
        BenchmarkResultRecord(
            model="acme/robo-1",
            names=("Idavidrein/gpqa", "gpqa_diamond"),
            metric=None,
            value=0.412,
            place=Place(line=1, json_path="[0]"),
        ),
        BenchmarkResultRecord(
            model="acme/robo-1",
            names=("Idavidrein/gpqa", "gpqa_main"),
            metric=None,
            value=0.385,
            place=Place(line=6, json_path="[1]"),
            effective_date=dt.date(2027, 6, 2),  # 15:30 UTC is the next day in Japan
            self_reported=False,  # a verifyToken
            source="https://huggingface.co/spaces/acme/evals",
        ),
        BenchmarkResultRecord(  # hle.yaml holds a single entry, not a list
            model="acme/robo-1",
            names=("cais/hle", "hle"),
            metric=None,
            value=20.9,
            place=Place(line=1),
            effective_date=dt.date(2027, 5, 31),
        ),
    ]


def test_eval_results_need_a_model_and_respect_file_dates() -> None:
    found = problems(eval_results, EVAL_RESULTS)
    assert [(f, c) for f, c, _l, _p in found] == [
        (".eval_results/gpqa.yaml", "E-NO-MODEL"),
        (".eval_results/hle.yaml", "E-NO-MODEL"),
    ]
    found = problems(eval_results, EVAL_RESULTS, model="m", effective_date=dt.date(2027, 5, 31))
    assert found == [
        (
            ".eval_results/gpqa.yaml",
            "E-DATE-CONFLICT",
            11,
            {"file_date": "2027-06-02", "flag_date": "2027-05-31"},
        )
    ]


def test_every_bad_file_of_a_folder_is_named(tmp_path: Path) -> None:
    folder = tmp_path / ".eval_results"
    folder.mkdir()
    (folder / "a.yaml").write_text("dataset: {id: x, task_id: y}\nvalue: 1\nvalue: 2\n")
    (folder / "b.yaml").write_text("dataset: {id: x, task_id: y}\nvalue: yes\n")
    (folder / "c.yaml").write_text("dataset: {id: x, task_id: y}\nvalue: 0.5\n")
    (folder / "notes.txt").write_text("not yaml, not read")
    assert problems(eval_results, folder, model="m") == [
        (".eval_results/a.yaml", "E-DUPLICATE-KEY", 3, {"key": "value"}),
        (".eval_results/b.yaml", "E-NOT-NUMBER", 2, {"field": "value", "value": '"yes"'}),
    ]


def test_an_empty_folder_or_file_has_no_data(tmp_path: Path) -> None:
    folder = tmp_path / ".eval_results"
    folder.mkdir()
    assert [c for _f, c, _l, _p in problems(eval_results, folder, model="m")] == ["E-NO-DATA"]
    assert [c for _f, c, _l, _p in problems(eval_results, write(tmp_path, "[]\n", "e.yaml"), model="m")] == [
        "E-NO-DATA"
    ]


def test_eval_results_sniff() -> None:
    template = SHAPES / "eval_results.template.yaml"
    assert hf_eval_results.sniff(template.read_bytes(), template)
    assert hf_eval_results.sniff(b"", EVAL_RESULTS)
    assert not hf_eval_results.sniff(b"", DATA / "lerobot_pusht")
    assert not hf_eval_results.sniff(b'{"dataset": {"id": 1, "task_id": 2}, "value": 1}', template)
    assert not hf_eval_results.sniff(b"dataset:\n  id: x\nvalue: 1\n", template)


def test_template_placeholders_are_reported_as_the_placeholders_they_are(tmp_path: Path) -> None:
    """A `.eval_results` template left unfilled: `{task_id}` (YAML reads it as a mapping) and
    `"{date}"` are named as placeholders, never shown as Python reprs."""
    from reviewer.importers import hf_eval_results
    from reviewer.messages import text as message

    path = tmp_path / "template.yaml"
    path.write_text(
        "- dataset:\n"
        "    id: cais/hle\n"
        "    task_id: {task_id}\n"
        "  value: {metric_value}\n"
        '  date: "{date}"\n'
        "  source:\n"
        "    url: {source_url}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputRefused) as caught:
        list(hf_eval_results.parse(path, ParseContext(path.name, model="m")))
    got = [(p.code, p.line, p.params["value"]) for p in caught.value.problems]
    assert got == [
        ("E-PLACEHOLDER", 3, "{task_id}"),
        ("E-PLACEHOLDER", 4, "{metric_value}"),
        ("E-PLACEHOLDER", 5, "{date}"),
        ("E-PLACEHOLDER", 7, "{source_url}"),
    ]
    shown = [message(p.code, "en", **p.params) for p in caught.value.problems]
    assert shown[0] == "[0].dataset.task_id: {task_id} is a template placeholder, not a value: fill it in."
    assert not any("None" in line or "'" in line for line in shown)
