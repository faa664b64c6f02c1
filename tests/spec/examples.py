"""Every example in an OpenAPI document, with the schema it must satisfy."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from spec_pipeline.spec_document import SpecDocument
from spec_pipeline.xml_result import result_to_json


@dataclass(frozen=True)
class Example:
    where: str  # a readable location, used as the test id
    value: Any
    schema: Mapping[str, Any]
    media_type: str | None  # None for parameter and schema examples


def collect(spec: SpecDocument) -> Iterator[Example]:
    """Examples of media types, parameters, headers and schemas (the `examples` keyword)."""
    doc = spec.document
    for path, method, op in spec.operations():
        where = f"{method.upper()} {path}"
        for param in op.get("parameters", []):
            yield from _parameter_examples(spec, spec.resolve(param), where)
        body = spec.resolve(op.get("requestBody", {}))
        yield from _content_examples(spec, body.get("content", {}), f"{where} request")
        for status, response in op.get("responses", {}).items():
            response = spec.resolve(response)
            yield from _content_examples(spec, response.get("content", {}), f"{where} {status}")
            for name, header in response.get("headers", {}).items():
                header = spec.resolve(header)
                if "example" in header:
                    yield Example(
                        f"{where} {status} header {name}", header["example"], header["schema"], None
                    )
    for name, schema in doc.get("components", {}).get("schemas", {}).items():
        for i, value in enumerate(schema.get("examples", [])):
            yield Example(f"schema {name} examples[{i}]", value, schema, None)


def _parameter_examples(
    spec: SpecDocument, param: Mapping[str, Any], where: str
) -> Iterator[Example]:
    label = f"{where} parameter {param['name']}"
    if "example" in param:
        yield Example(label, param["example"], param["schema"], None)
    for key, example in param.get("examples", {}).items():
        yield Example(f"{label} ({key})", spec.resolve(example)["value"], param["schema"], None)


def _content_examples(
    spec: SpecDocument, content: Mapping[str, Any], where: str
) -> Iterator[Example]:
    for media_type, media in content.items():
        schema = media.get("schema", {})
        if "example" in media:
            yield Example(f"{where} {media_type}", media["example"], schema, media_type)
        for key, example in media.get("examples", {}).items():
            value = spec.resolve(example)["value"]
            yield Example(f"{where} {media_type} ({key})", value, schema, media_type)


def instance(spec: SpecDocument, example: Example) -> Any:
    """The JSON-shaped instance an example stands for (an XML document is read back)."""
    if example.media_type == "text/xml":
        return result_to_json(example.value, example.schema, spec)
    return copy.deepcopy(example.value)
