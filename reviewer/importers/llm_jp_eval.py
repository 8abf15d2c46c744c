"""The `llm-jp-eval` format: the score file of the Japanese LLM benchmark suite, two generations.

v1.0-1.2 (`scripts/evaluate_llm.py` writes `score_<YYYYMMDD_HHMMSS>.json`): one flat object of
`<dataset>_<metric>` -> score, each score a decimal string (`"0.4630"`), with the category
averages (`NLI`, `QA`, ...) and the overall `AVG` (`AVR` in early runs) beside them.
v1.3 on (`<run name>_<YYYYMMDD_HHMMSS>.json`): `{"scores": {...}, "outputs": {...}, "config":
{...}}`, the same scores, with `config.model.pretrained_model_name_or_path` naming the model and
`config.metainfo` the suite's version, the split (`data_type`) and the sample cap
(`max_num_samples`, -1 for none).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from reviewer.core.models import BenchmarkResultRecord, Place
from reviewer.importers import jsonstrict
from reviewer.importers.base import ParseContext, Record
from reviewer.importers.result_fields import (
    is_local_path,
    json_path,
    named_as,
    settle_date,
    settle_model,
)

NAME = "llm-jp-eval"

# The suite's metric names, longest first so `<dataset>_<metric>` splits at the longest suffix.
METRICS: tuple[str, ...] = tuple(
    sorted(
        (
            "exact_match",
            "char_f1",
            "set_f1",
            "pearson",
            "spearman",
            "bleu_ja",
            "bleu_en",
            "rouge1",
            "rouge2",
            "rougeL",
            "math_equivalence",
            "code_exec",
            "pylint_check",
        ),
        key=len,
        reverse=True,
    )
)
# Averages the suite adds beside the results, and other keys that are no result.
_AVERAGES = frozenset(
    {"AVR", "AVG", "NLI", "QA", "RC", "MC", "HE", "EL", "FA", "MR", "MT", "CG", "SUM", "CR", "IF", "BBH"}
)
_NOT_RESULTS = frozenset({"csv_line"})
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_FILE_TIME = re.compile(r"(?<![0-9])(\d{4})(\d{2})(\d{2})_(\d{2})(\d{2})(\d{2})(?![0-9])")
_SCORE_HEAD = re.compile(r'\{\s*"scores"\s*:\s*\{\s*"[^"]{1,200}"\s*:\s*"-?[0-9]')
_FLAT_HEAD = re.compile(r'\{\s*"[^"]{1,200}"\s*:\s*"-?[0-9]')


def sniff(head: bytes, path: Path) -> bool:
    """True for a flat object of decimal-string scores (v1.0-1.2) or one with `scores`,
    `outputs` and `config` (v1.3+), with a key that ends in one of the suite's metrics."""
    data = jsonstrict.head_object(head)
    if data is not None:
        scores = data.get("scores") if "scores" in data else data
        if "scores" in data and not ("config" in data and "outputs" in data):
            return False
        return isinstance(scores, dict) and _looks_like_scores(scores)
    text = jsonstrict.head_text(head)
    # A v1.3 file whose `outputs` run past the head: `scores` comes first.
    return _SCORE_HEAD.match(text) is not None and any(f'_{m}"' in text for m in METRICS)


def _looks_like_scores(scores: dict[str, object]) -> bool:
    return (
        bool(scores)
        and all(
            isinstance(v, str) and _DECIMAL.fullmatch(v.strip()) for k, v in scores.items() if k != "csv_line"
        )
        and any(_split(key)[1] != "score" for key in scores)
    )


def split_key(key: str) -> tuple[str, str]:
    """(dataset, metric) of a score key: the longest known metric suffix, else metric `score`."""
    return _split(key)


def _split(key: str) -> tuple[str, str]:
    for metric in METRICS:
        suffix = "_" + metric
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)], metric
    return key, "score"


def parse(path: Path, ctx: ParseContext) -> Iterator[Record]:
    """Yield one BenchmarkResultRecord per dataset x metric; averages are left out.

    Raises InputRefused for bad JSON, a score that is not a decimal string, a missing model or
    a file-name date that conflicts with `--effective-date`.
    """
    text, ctx.encoding = jsonstrict.read_text(path, ctx.display_name, given=ctx.given_encoding)
    data = jsonstrict.loads(text, ctx.display_name, problems=ctx.problems)
    if not isinstance(data, dict):
        ctx.problems.add("E-SHAPE", field="(top level)", expected="an object of scores")
        ctx.problems.raise_if_any()
        return
    prefix: tuple[str, ...]
    scores: object
    if "scores" in data:
        scores, prefix = data.get("scores"), ("scores",)
        config = data.get("config")
        model_name, setting = _config(ctx, config if isinstance(config, dict) else {})
    else:
        scores, prefix = data, ()
        model_name, setting = None, None
    if not isinstance(scores, dict):
        ctx.problems.add("E-SHAPE", field="scores", expected="an object of scores")
        ctx.problems.raise_if_any()
        return
    # A checkpoint folder names the model only as a declared alias, as lm-eval's `pretrained=`.
    model = settle_model(ctx, model_name, path_only=model_name is not None and is_local_path(model_name))
    effective = settle_date(ctx, file_date(path.name))
    records: list[BenchmarkResultRecord] = []
    for key, raw in scores.items():
        if key in _AVERAGES or key in _NOT_RESULTS:
            continue
        where = json_path(*prefix, key)
        value = _score(ctx, raw, where)
        if value is None or model is None:
            continue
        dataset, metric = _split(key)
        records.append(
            BenchmarkResultRecord(
                model=model,
                names=(dataset,),
                metric=metric,
                value=value,
                place=Place(json_path=where),
                effective_date=effective,
                self_reported=True,
                source=setting,
                named_as=named_as(model_name, model),
            )
        )
    if not records and not ctx.problems:
        ctx.problems.add("E-NO-RESULTS")
    ctx.problems.raise_if_any()
    yield from records


def _score(ctx: ParseContext, raw: object, where: str) -> float | None:
    """A score as the suite writes it: a decimal string (kept as written: `-0.23` is valid).
    A JSON number is taken too; anything else is refused at its key."""
    if isinstance(raw, str) and _DECIMAL.fullmatch(raw.strip()):
        return float(raw.strip())
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return float(raw)
    shown = f'"{raw}"' if isinstance(raw, str) else repr(raw)
    ctx.problems.add("E-NOT-NUMBER", field=where, value=shown if len(shown) <= 80 else shown[:77] + "...")
    return None


def file_date(name: str) -> dt.date | None:
    """The date in the file name's `YYYYMMDD_HHMMSS` (the time the suite wrote it), if any."""
    match = _FILE_TIME.search(name)
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _config(ctx: ParseContext, config: dict[str, object]) -> tuple[str | None, str | None]:
    """The model `config.model.pretrained_model_name_or_path` names, and the run's setting
    from `config.metainfo` as a reviewer must read it beside the value ("llm-jp-eval 1.4.1,
    dev, 100 samples")."""
    model_cfg = config.get("model")
    name = model_cfg.get("pretrained_model_name_or_path") if isinstance(model_cfg, dict) else None
    if name is not None and not isinstance(name, str):
        ctx.problems.add(
            "E-NOT-TEXT", field="config.model.pretrained_model_name_or_path", value=repr(name)[:80]
        )
        name = None
    meta = config.get("metainfo")
    parts: list[str] = []
    if isinstance(meta, dict):
        ctx.run.update(
            {
                key: meta[key]
                for key in ("version", "data_type", "max_num_samples", "num_few_shots")
                if key in meta
            }
        )
        version = meta.get("version")
        if isinstance(version, str | int | float) and not isinstance(version, bool):
            parts.append(f"llm-jp-eval {version}")
        split = meta.get("data_type")
        if isinstance(split, str) and split:
            parts.append(split)
        cap = meta.get("max_num_samples")
        if isinstance(cap, int) and not isinstance(cap, bool) and cap >= 0:
            parts.append(f"{cap} samples")
        shots = meta.get("num_few_shots")
        if isinstance(shots, int) and not isinstance(shots, bool) and shots >= 0:
            parts.append(f"{shots}-shot")
    return (name or None), (", ".join(parts) or None)
