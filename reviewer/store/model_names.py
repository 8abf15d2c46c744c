"""Declared models and their aliases (SPEC §3): what the plan says, what imports recorded."""

from __future__ import annotations

import sqlite_utils

from reviewer.core.models import ModelDecl
from reviewer.core.normalize import model_key


def insert_model(db: sqlite_utils.Database, model: ModelDecl) -> None:
    """A declared model and its aliases (inside the caller's transaction)."""
    db.execute("INSERT INTO model_decl(id, key) VALUES (?, ?)", [model.id, model_key(model.id)])
    for alias in model.aliases:
        insert_plan_alias(db, alias, model.id)


def insert_plan_alias(db: sqlite_utils.Database, alias: str, model_id: str) -> None:
    db.execute(
        "INSERT INTO model_alias(key, alias, model_id, batch_id) VALUES (?, ?, ?, NULL)",
        [model_key(alias), alias, model_id],
    )


def insert_batch_alias(db: sqlite_utils.Database, batch_id: int, alias: str, model_id: str) -> None:
    """The name a file gave a model it was imported as (`--model`), kept with its batch."""
    db.execute(
        "INSERT INTO model_alias(key, alias, model_id, batch_id) VALUES (?, ?, ?, ?)",
        [model_key(alias), alias, model_id, batch_id],
    )


def declared_models(db: sqlite_utils.Database) -> tuple[ModelDecl, ...]:
    """The plan's models in the order they were declared, each with its plan aliases."""
    aliases: dict[str, list[str]] = {}
    for alias, model_id in db.execute(
        "SELECT alias, model_id FROM model_alias WHERE batch_id IS NULL ORDER BY id"
    ):
        aliases.setdefault(str(model_id), []).append(str(alias))
    return tuple(
        ModelDecl(str(mid), tuple(aliases.get(str(mid), ())))
        for (mid,) in db.execute("SELECT id FROM model_decl ORDER BY rowid")
    )


def model_lookup(db: sqlite_utils.Database) -> dict[str, str]:
    """Comparison key of every declared id and plan alias -> the declared id."""
    out = {str(key): str(mid) for key, mid in db.execute("SELECT key, id FROM model_decl")}
    for key, mid in db.execute("SELECT key, model_id FROM model_alias WHERE batch_id IS NULL"):
        out.setdefault(str(key), str(mid))
    return out


def batch_aliases(db: sqlite_utils.Database, batch_id: int) -> list[tuple[str, str]]:
    """(alias, model id) pairs an import batch recorded."""
    return [
        (str(a), str(m))
        for a, m in db.execute(
            "SELECT alias, model_id FROM model_alias WHERE batch_id = ? ORDER BY id", [batch_id]
        )
    ]
