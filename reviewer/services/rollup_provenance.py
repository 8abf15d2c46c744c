"""One line naming where a Parquet fleet report's rows came from (SPEC §14), for the evidence
detail and the report appendix: the rollup job and engine, its inputs and messages, the registry."""

from __future__ import annotations

import json

from reviewer import messages


def describe(manifest_json: str | None, lang: str) -> str | None:
    """The provenance line of a batch's rollup manifest, or None for a batch without one."""
    if not manifest_json:
        return None
    try:
        summary = json.loads(manifest_json)
    except ValueError:
        return None
    inputs = summary.get("inputs") or []
    registry = summary.get("registry")
    registry_text = (
        messages.text(
            "rollup-provenance-registry", lang, name=registry.get("name"), sha=registry.get("sha256")
        )
        if isinstance(registry, dict)
        else ""
    )
    total = sum(int(item.get("messages") or 0) for item in inputs if isinstance(item, dict))
    return messages.text(
        "rollup-provenance",
        lang,
        job=summary.get("job", "?"),
        version=summary.get("version", "?"),
        engine=summary.get("engine", "?"),
        engine_version=summary.get("engine_version", "?"),
        inputs=f"{len(inputs):,}",
        messages=f"{total:,}",
        registry=registry_text,
    )
