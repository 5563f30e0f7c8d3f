"""The Article contract as JSON Schema, generated from the model's dataclasses (copydesk.model), for the OpenAPI
document: what `GET /api/articles/{id}` and `POST /api/parse` answer, field by field.

Generated, not written by hand, so a field added to the model is in the schema at once. An Article's JSON always
holds every field (`Article.to_dict` writes them all, null or empty when there is nothing), and nothing else: the
schema says so (every property required, no others).
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import TypeAdapter

from ..model import SCHEMA, Article, BlockKind

REF = "#/components/schemas/{model}"


def article_schemas() -> dict[str, dict[str, Any]]:
    """Every schema of the Article contract by name ("Article", "Source", "Block", ...), refs between them
    pointing into OpenAPI's components."""
    generated = TypeAdapter(Article).json_schema(mode="serialization", ref_template=REF)
    schemas = {**generated.pop("$defs", {}), "Article": generated}
    for schema in schemas.values():
        _written_whole(schema)
    article = schemas["Article"]["properties"]
    article["schema"] = {**article["schema"], "const": SCHEMA}
    block_kind = schemas["Block"]["properties"]["kind"]
    schemas["Block"]["properties"]["kind"] = {**block_kind, "enum": list(get_args(BlockKind))}
    return schemas


def _written_whole(schema: dict[str, Any]) -> None:
    """An object as to_dict writes it: every property present (a default only says what an empty one holds)."""
    properties = schema.get("properties", {})
    schema["required"] = list(properties)
    schema["additionalProperties"] = False
