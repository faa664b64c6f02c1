"""The example answers of a published OpenAPI document, for the checks of each tool.

Standard library only: every check imports it, whichever environment it runs in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Answer:
    operation_id: str
    method: str
    path: str
    status: int
    media_type: str
    schema: str  # the component schema name the body refers to ("" for an inline schema)
    name: str  # the example's key
    value: Any  # JSON data, or the text of an XML or plain-text body

    @property
    def label(self) -> str:
        return f"{self.operation_id} {self.status} {self.media_type} ({self.name})"

    @property
    def body(self) -> bytes:
        text = self.value if isinstance(self.value, str) else json.dumps(self.value)
        return text.encode()


def resolve(document: dict[str, Any], node: Any) -> Any:
    """Follow local `$ref`s (`#/a/b`) until a node that is not one."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = document
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def answers(spec_json: Path) -> list[Answer]:
    """Every example of every response of every operation, in document order."""
    document = json.loads(spec_json.read_text(encoding="utf-8"))
    found: list[Answer] = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for status, response in operation["responses"].items():
                response = resolve(document, response)
                for media_type, media in response.get("content", {}).items():
                    schema_ref = str(media.get("schema", {}).get("$ref", ""))
                    schema = schema_ref.rsplit("/", 1)[-1]
                    examples = {
                        key: resolve(document, example)["value"]
                        for key, example in media.get("examples", {}).items()
                    }
                    if "example" in media:
                        examples["example"] = media["example"]
                    for key, value in examples.items():
                        found.append(
                            Answer(
                                operation["operationId"], method, path, int(status),
                                media_type, schema, key, value,
                            )
                        )  # fmt: skip
    return found
