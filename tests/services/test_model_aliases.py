"""Models and their aliases (SPEC §3) end to end: plan -> store -> import -> batch -> audit -> rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlite_utils

from reviewer.core.errors import InputRefused
from reviewer.importers.plan import parse_plan
from reviewer.services import evidence, programs
from reviewer.store import evidence as evidence_store
from reviewer.store import model_names
from reviewer.store.db import open_database
from reviewer.store.programs import read_plan

DATA = Path(__file__).resolve().parents[1] / "data"
VALID = DATA / "plans" / "valid.yaml"
V0412 = DATA / "json" / "lm_eval_v0412.json"
INSPECT = DATA / "wild" / "inspect_gpqa.json"

MODELS = """
models:
  - {id: noetra/pai-fm-1.0,
     aliases: [PAI-FM-1.0, pai-fm-1.0, /gpfs/noetra/ckpt/pai-fm-1.0, hf/noetra/pai-fm-1.0]}
  - id: noetra/pai-0.1
    aliases:
      - epoch_0_model
"""


def _plan(tmp_path: Path, extra: str = MODELS, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(VALID.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    path = tmp_path / "p.db"
    programs.init_database(path, _plan(tmp_path))
    return open_database(path)


def _audit(db: sqlite_utils.Database, entity: str) -> list[tuple[str, str, dict[str, object]]]:
    return [
        (str(key), str(action), json.loads(new))
        for key, action, new in db.execute(
            "SELECT entity_key, action, new_json FROM audit_log WHERE entity = ? ORDER BY id", [entity]
        )
    ]


def test_the_plans_models_block_is_parsed_stored_and_read_back(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    plan = parse_plan(_plan(tmp_path))
    assert [(m.id, m.aliases) for m in plan.models] == [
        (
            "noetra/pai-fm-1.0",
            ("PAI-FM-1.0", "/gpfs/noetra/ckpt/pai-fm-1.0", "hf/noetra/pai-fm-1.0"),  # pai-fm-1.0: same key
        ),
        ("noetra/pai-0.1", ("epoch_0_model",)),
    ]
    assert read_plan(db).models == plan.models
    lookup = model_names.model_lookup(db)
    assert lookup["pai-fm-1.0"] == lookup["noetra/pai-fm-1.0"] == "noetra/pai-fm-1.0"
    assert lookup["epoch_0_model"] == "noetra/pai-0.1"
    assert [key for key, _action, _new in _audit(db, "model")] == ["noetra/pai-fm-1.0", "noetra/pai-0.1"]


def test_an_alias_naming_two_models_is_refused_at_its_line(tmp_path: Path) -> None:
    extra = MODELS + "  - {id: acme/other, aliases: [PAI-FM-1.0]}\n"
    path = _plan(tmp_path, extra)
    line = (
        path.read_text(encoding="utf-8").splitlines().index("  - {id: acme/other, aliases: [PAI-FM-1.0]}") + 1
    )
    with pytest.raises(InputRefused) as caught:
        parse_plan(path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.line, problem.params["alias"], problem.params["model"]) == (
        "E-PLAN-ALIAS",
        line,
        "PAI-FM-1.0",
        "noetra/pai-fm-1.0",
    )


def test_plan_reload_adds_aliases_audited_and_refuses_one_that_moves(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    more = MODELS.replace("epoch_0_model", "epoch_0_model\n      - step-1000")
    changes = programs.load_plan(db, _plan(tmp_path, more, "plan2.yaml"))
    assert [(c.entity, c.key) for c in changes.added] == [("model_alias", "step-1000")]
    assert model_names.model_lookup(db)["step-1000"] == "noetra/pai-0.1"
    assert _audit(db, "model_alias")[-1] == (
        "step-1000",
        "insert",
        {"alias": "step-1000", "model": "noetra/pai-0.1"},
    )
    moved = MODELS.replace("PAI-FM-1.0, pai-fm-1.0, ", "").replace("epoch_0_model", "PAI-FM-1.0")
    before = list(db.conn.iterdump())
    with pytest.raises(InputRefused) as caught:
        programs.load_plan(db, _plan(tmp_path, moved, "plan3.yaml"))
    assert [p.code for p in caught.value.problems] == ["E-PLAN-ALIAS-STORED"]
    assert list(db.conn.iterdump()) == before


def test_a_cluster_path_imports_as_the_declared_model_with_the_files_name_kept(
    db: sqlite_utils.Database,
) -> None:
    result = evidence.import_file(db, V0412, evidence.ImportOptions())
    assert result.records == 5
    rows = db.execute(
        "SELECT b.model, e.raw_json FROM benchmark_result b JOIN evidence e ON e.id = b.evidence_id"
    ).fetchall()
    assert {r[0] for r in rows} == {"noetra/pai-fm-1.0"}
    assert {json.loads(r[1])["named_as"] for r in rows} == {"/gpfs/noetra/ckpt/pai-fm-1.0"}
    assert model_names.batch_aliases(db, result.batch_id) == []  # declared: nothing new to record


def test_an_undeclared_name_with_the_model_given_is_recorded_on_the_batch_and_audited(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    log = json.loads(INSPECT.read_text(encoding="utf-8"))
    log["eval"]["model"] = "vllm/checkpoints/run-17"
    path = tmp_path / "run17.json"
    path.write_text(json.dumps(log), encoding="utf-8")
    result = evidence.import_file(db, path, evidence.ImportOptions(model="PAI-FM-1.0"))
    models = {r[0] for r in db.execute("SELECT model FROM benchmark_result")}
    assert models == {"noetra/pai-fm-1.0"}  # the alias given resolves to the declared id
    assert model_names.batch_aliases(db, result.batch_id) == [
        ("vllm/checkpoints/run-17", "noetra/pai-fm-1.0")
    ]
    assert _audit(db, "model_alias")[-1] == (
        "vllm/checkpoints/run-17",
        "insert",
        {"alias": "vllm/checkpoints/run-17", "model": "noetra/pai-fm-1.0", "batch": result.batch_id},
    )
    evidence.remove_batch(db, result.batch_id)
    assert model_names.batch_aliases(db, result.batch_id) == []


def test_a_file_naming_another_declared_model_than_the_one_given_is_refused_and_nothing_written(
    db: sqlite_utils.Database, tmp_path: Path
) -> None:
    log = json.loads(INSPECT.read_text(encoding="utf-8"))
    log["eval"]["model"] = "epoch_0_model"  # declared: noetra/pai-0.1
    path = tmp_path / "epoch0.json"
    path.write_text(json.dumps(log), encoding="utf-8")
    with pytest.raises(InputRefused) as caught:
        evidence.import_file(db, path, evidence.ImportOptions(model="noetra/pai-fm-1.0"))
    assert [p.code for p in caught.value.problems] == ["E-MODEL-CONFLICT"]
    assert evidence_store.batches(db) == []
    # without the flag, the alias is the declared model
    evidence.import_file(db, path, evidence.ImportOptions())
    assert {r[0] for r in db.execute("SELECT model FROM benchmark_result")} == {"noetra/pai-0.1"}


def test_a_rule_naming_a_model_by_its_alias_compares_with_the_declared_id(tmp_path: Path) -> None:
    text = (
        _plan(tmp_path).read_text(encoding="utf-8").replace("model: noetra/pai-0.1,", "model: Epoch_0_Model,")
    )
    path = tmp_path / "alias-rule.yaml"
    path.write_text(text, encoding="utf-8")
    plan = parse_plan(path)
    (rule,) = [m.rule for m in plan.milestones if m.rule is not None and m.rule.kind.value == "model"]
    assert rule.model == "noetra/pai-0.1"  # type: ignore[union-attr]
