"""The generated package as a whole: complete, typed, and versioned from the spec."""

import importlib
import re
import subprocess
import sys
import tomllib

import pytest

from tests.client.conftest import CLIENT_PACKAGE, CLIENT_ROOT, REPO


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_every_operation_of_the_client_spec_is_in_the_package(client_spec):
    expected = {}
    for path, method, operation in client_spec.operations():
        expected[snake(operation["operationId"])] = (method, path)
    assert expected, "the client spec has no operation"
    modules = {p.stem for p in (CLIENT_PACKAGE / "api" / "invoices").glob("*.py")} - {"__init__"}
    assert modules == set(expected)
    for name, (method, path) in expected.items():
        module = importlib.import_module(f"onlyoffice_crm_client.api.invoices.{name}")
        for function in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
            assert callable(getattr(module, function)), f"{name}.{function}"
        source = (CLIENT_PACKAGE / "api" / "invoices" / f"{name}.py").read_text()
        assert f'"method": "{method}"' in source and f'"url": "{path}"' in source, name


def test_the_xml_operations_are_not_in_the_json_client():
    assert not list((CLIENT_PACKAGE / "api").rglob("*xml*.py"))


def test_package_version_is_the_spec_version(client_spec):
    project = tomllib.loads((CLIENT_ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "onlyoffice-crm-client"
    assert project["version"] == client_spec.document["info"]["version"]


@pytest.mark.tool
@pytest.mark.slow
def test_mypy_strict_passes_on_the_package():
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(CLIENT_PACKAGE)],
        capture_output=True, text=True, cwd=REPO, timeout=300, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_python_example_in_the_readme_compiles_and_imports_what_exists():
    readme = (CLIENT_ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.DOTALL)
    assert len(blocks) >= 5
    for block in blocks:
        compile(block, "README.md", "exec")
        for module, names in re.findall(r"^from (\S+) import (.+)$", block, flags=re.MULTILINE):
            imported = importlib.import_module(module)
            for name in names.split(","):
                assert hasattr(imported, name.strip()), f"{module}.{name.strip()}"
