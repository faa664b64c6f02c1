"""`python -m contract.har FILE.har` (`onlyoffice-contract har FILE.har`): check recorded real
traffic against the spec, sending nothing.

Every exchange of a HAR file (what a browser's developer tools or a proxy record) whose request
is one of the spec's operations is checked: its query parameters and JSON body against the
parameters and request body, its status against the documented ones, its content type, and its
body against the response schema (`.xml` answers read back into the JSON shape). Each mismatch
is one line naming the entry, the operation and the place. Exit codes: 0 no mismatch, 1 some,
2 a file that is not a HAR.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from spec_pipeline.errors import PipelineError
from spec_pipeline.spec_document import SpecDocument
from spec_pipeline.xml_result import XmlResultError, result_to_json

MAX_HAR_BYTES = 512 * 1024 * 1024


class HarError(Exception):
    """The file cannot be read as a HAR."""


@dataclass(frozen=True)
class Mismatch:
    entry: int
    operation: str
    place: str
    problem: str

    def __str__(self) -> str:
        return f"entry {self.entry} {self.operation}: {self.place}: {self.problem}"


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    node: Mapping[str, Any]
    pattern: re.Pattern[str]

    @property
    def name(self) -> str:
        return str(self.node.get("operationId") or f"{self.method} {self.path}")


def operations(spec: SpecDocument) -> list[Operation]:
    found = []
    for path, method, node in spec.operations():
        parts = re.split(r"(\{[^}]+\})", path)
        regex = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
        found.append(Operation(method.upper(), path, node, re.compile(f"(?:.*?){regex}$")))
    return found


def load_har(path: Path) -> list[dict[str, Any]]:
    try:
        if path.stat().st_size > MAX_HAR_BYTES:
            raise HarError(f"{path}: larger than {MAX_HAR_BYTES // 2**20} MiB")
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise HarError(f"{path}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise HarError(f"{path}: not JSON ({exc})") from None
    entries = document.get("log", {}).get("entries") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise HarError(f"{path}: not a HAR file (no log.entries)")
    return [e for e in entries if isinstance(e, dict)]


def _body_text(content: Mapping[str, Any]) -> str | None:
    text = content.get("text")
    if not isinstance(text, str):
        return None
    if content.get("encoding") == "base64":
        try:
            return base64.b64decode(text).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None
    return text


def _typed(value: str) -> Any:
    """Query values are text; a schema of numbers also accepts their JSON reading."""
    try:
        return json.loads(value)
    except ValueError:
        return value


class Checker:
    def __init__(self, spec: SpecDocument) -> None:
        self.spec = spec
        self.operations = operations(spec)

    def match(self, method: str, url: str) -> Operation | None:
        path = urlsplit(url).path
        for operation in self.operations:
            if operation.method == method.upper() and operation.pattern.fullmatch(path):
                return operation
        return None

    def errors(self, instance: Any, schema: Mapping[str, Any]) -> list[str]:
        return self.spec.errors(instance, schema)

    def check(self, index: int, entry: Mapping[str, Any]) -> Iterator[Mismatch] | None:
        request, response = entry.get("request") or {}, entry.get("response") or {}
        operation = self.match(str(request.get("method", "")), str(request.get("url", "")))
        if operation is None:
            return None
        return self._check(index, operation, request, response)

    def _check(
        self,
        index: int,
        operation: Operation,
        request: Mapping[str, Any],
        response: Mapping[str, Any],
    ) -> Iterator[Mismatch]:
        def mismatch(place: str, problem: str) -> Mismatch:
            return Mismatch(index, operation.name, place, problem)

        yield from self._request(operation, request, mismatch)
        status = response.get("status")
        documented = operation.node.get("responses", {})
        key = str(status) if str(status) in documented else "default"
        if key not in documented:
            yield mismatch("response", f"status {status} is not documented")
            return
        answer = self.spec.resolve(documented[key])
        content = response.get("content") or {}
        media = str(content.get("mimeType") or _header(response, "content-type") or "")
        media = media.split(";")[0].strip().lower()
        contents = answer.get("content") or {}
        if not contents:
            return
        if media not in contents:
            yield mismatch("response", f"content type {media or '(none)'} for status {status}, "
                           f"not one of {', '.join(contents)}")  # fmt: skip
            return
        text = _body_text(content)
        if text is None:
            return  # the recorder kept no body (a browser may not): nothing to check
        schema = self.spec.resolve(contents[media].get("schema") or {})
        try:
            if "xml" in media:
                body = result_to_json(text, schema, self.spec)
            elif "json" in media:
                body = json.loads(text)
            else:
                body = text
        except (ValueError, XmlResultError) as exc:
            yield mismatch("response body", f"cannot be read as {media}: {exc}")
            return
        for error in self.errors(body, schema):
            yield mismatch(f"response {status} body", error)

    def _request(
        self, operation: Operation, request: Mapping[str, Any], mismatch: Any
    ) -> Iterator[Mismatch]:
        params = [self.spec.resolve(p) for p in operation.node.get("parameters", [])]
        query: dict[str, list[str]] = {}
        for name, text in parse_qsl(
            urlsplit(str(request.get("url"))).query, keep_blank_values=True
        ):
            query.setdefault(name, []).append(text)
        declared = {p["name"]: p for p in params if p.get("in") == "query"}
        for name, values in query.items():
            param = declared.get(name)
            if param is None:
                yield mismatch(f"query {name}", "not a parameter of the operation")
                continue
            schema = param.get("schema") or {}
            many = schema.get("type") == "array"
            raw: Any = values if many else values[-1]
            typed = [_typed(v) for v in values] if many else _typed(values[-1])
            if self.errors(raw, schema) and self.errors(typed, schema):
                yield mismatch(f"query {name}", "; ".join(self.errors(raw, schema)))
        for name, param in declared.items():
            if param.get("required") and name not in query:
                yield mismatch(f"query {name}", "required but missing")
        body_spec = operation.node.get("requestBody")
        posted = (request.get("postData") or {}).get("text")
        if body_spec and isinstance(posted, str) and posted:
            contents = self.spec.resolve(body_spec).get("content") or {}
            schema = self.spec.resolve((contents.get("application/json") or {}).get("schema") or {})
            try:
                body = json.loads(posted)
            except ValueError:
                yield mismatch("request body", "not JSON")
                return
            for error in self.errors(body, schema):
                yield mismatch("request body", error)


def _header(message: Mapping[str, Any], name: str) -> str | None:
    for header in message.get("headers") or []:
        if isinstance(header, dict) and str(header.get("name", "")).lower() == name:
            return str(header.get("value"))
    return None


def check_har(har: Path, spec: Path) -> tuple[list[Mismatch], int, int]:
    """(mismatches, exchanges checked, exchanges that are no operation of the spec)."""
    checker = Checker(SpecDocument.from_path(spec))
    found: list[Mismatch] = []
    checked = skipped = 0
    for index, entry in enumerate(load_har(har), 1):
        results = checker.check(index, entry)
        if results is None:
            skipped += 1
            continue
        checked += 1
        found.extend(results)
    return found, checked, skipped


def main(argv: list[str] | None = None, prog: str = "python -m contract.har") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.split("\n\n")[0])
    parser.add_argument("har", type=Path, nargs="+", help="HAR files to check")
    parser.add_argument("--spec", type=Path, default=Path("openapi.yaml"))
    args = parser.parse_args(argv)
    total = 0
    try:
        for har in args.har:
            found, checked, skipped = check_har(har, args.spec)
            for mismatch in found:
                print(f"{har}: {mismatch}")
            print(f"{har}: {checked} exchange(s) checked, {len(found)} mismatch(es); "
                  f"{skipped} not of this contract, skipped")  # fmt: skip
            total += len(found)
    except (HarError, PipelineError) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
