"""/docs: the API's reference, rendered on the server from the OpenAPI document, as a page like the reader's.

FastAPI's own docs page loads Swagger UI's scripts and styles from a CDN at run time, and the reader's
Content-Security-Policy forbids every script anyway: this page is self-contained instead (no script, nothing
fetched), its text taken from /openapi.json, which stays the machine-readable schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(slots=True)
class Parameter:
    """One parameter of an operation, as the reference lists it."""

    name: str
    where: str
    type: str
    required: bool
    default: Any
    description: str


@dataclass(slots=True)
class Operation:
    """One method on one path: what it does, what it takes, what it answers."""

    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter] = field(default_factory=list)
    bodies: list[tuple[str, str]] = field(default_factory=list)  # (media type, type)
    responses: list[tuple[str, str, str]] = field(default_factory=list)  # (status, description, type)


def type_label(schema: dict[str, Any] | None) -> str:
    """A schema as a reader says it: "string", "integer ≥ 1 and ≤ 500", "list of QuoteRow", "Article or null"."""
    if not schema:
        return "any"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    for combined in ("anyOf", "oneOf"):
        if combined in schema:
            return " or ".join(dict.fromkeys(type_label(s) for s in schema[combined]))
    if "enum" in schema:
        return " | ".join(f'"{v}"' if isinstance(v, str) else str(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"]).replace("'", '"')
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind == "array":
        return "list of " + type_label(schema.get("items"))
    bounds = [f"{word} {schema[key]}" for key, word in (("minimum", "≥"), ("maximum", "≤")) if key in schema]
    if "pattern" in schema:
        bounds.append(f"pattern {schema['pattern']}")
    return kind + (" " + ", ".join(bounds) if bounds else "")


def operations(document: dict[str, Any]) -> list[Operation]:
    """Every operation of an OpenAPI document, in its order."""
    found = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            if method in item:
                found.append(_operation(method, path, item[method]))
    return found


def _operation(method: str, path: str, spec: dict[str, Any]) -> Operation:
    parameters = [
        Parameter(
            p["name"],
            p.get("in", "query"),
            type_label(p.get("schema")),
            bool(p.get("required")),
            p.get("schema", {}).get("default"),
            p.get("description") or p.get("schema", {}).get("description", ""),
        )
        for p in spec.get("parameters", [])
    ]
    content = spec.get("requestBody", {}).get("content", {})
    bodies = [(media, type_label(body.get("schema"))) for media, body in content.items()]
    responses = [
        (status, answer.get("description", ""), _response_type(answer))
        for status, answer in sorted(spec.get("responses", {}).items())
    ]
    return Operation(
        method.upper(), path, spec.get("summary", ""), spec.get("description", ""), parameters, bodies, responses
    )


def _response_type(answer: dict[str, Any]) -> str:
    content = answer.get("content", {})
    return "; ".join(f"{type_label(body.get('schema'))} ({media})" for media, body in content.items())


def schema_fields(schema: dict[str, Any]) -> list[tuple[str, str, bool, str]]:
    """The fields of an object schema: (name, type, required, description)."""
    required = set(schema.get("required", []))
    return [
        (name, type_label(spec), name in required, spec.get("description", ""))
        for name, spec in schema.get("properties", {}).items()
    ]


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request):
    """The API reference: every operation with its parameters and answers, and every schema with its fields."""
    document = request.app.openapi()
    schemas = document.get("components", {}).get("schemas", {})
    return request.app.state.templates.TemplateResponse(
        request,
        "docs.html",
        {
            "info": document.get("info", {}),
            "operations": operations(document),
            "schemas": [(name, s.get("description", ""), schema_fields(s)) for name, s in sorted(schemas.items())],
        },
    )
