"""The client build: spec -> overlay -> openapi-python-client, strict and reproducible."""

import copy
import os
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest

from spec_pipeline import generate as gen
from spec_pipeline.errors import PipelineError
from spec_pipeline.yamlio import dump_yaml, load_document
from tests.support.paths import CLIENT_EXTRAS, OVERLAYS, REPO, SPEC
from tests.support.paths import CLIENT_ROOT as COMMITTED

# Every test here runs openapi-python-client (or is about to and must stop before it).
pytestmark = [pytest.mark.tool, pytest.mark.slow]


def inputs(
    tmp_path: Path,
    spec: dict | None = None,
    overlay: dict | None = None,
    extras: Path | None = CLIENT_EXTRAS,
) -> gen.Inputs:
    """The repository's inputs (the committed client is built with its extras), as changed."""
    spec_path, overlay_path = SPEC, OVERLAYS / "client.yaml"
    if spec is not None:
        spec_path = tmp_path / "openapi.yaml"
        spec_path.write_text(dump_yaml(spec))
    if overlay is not None:
        overlay_path = tmp_path / "overlay.yaml"
        overlay_path.write_text(dump_yaml(overlay))
    return gen.Inputs(
        spec=spec_path,
        overlays=(overlay_path,),
        config=REPO / "generator-config.yml",
        templates=REPO / "generator-templates",
        client_spec=tmp_path / "build" / "client.yaml",
        extras=extras,
    )


@pytest.fixture
def source() -> dict:
    return load_document(SPEC)


@pytest.fixture
def destination(tmp_path: Path) -> Path:
    """An existing package folder that a failed generation must leave as it is."""
    folder = tmp_path / "out" / "client"
    folder.mkdir(parents=True)
    (folder / "marker.txt").write_text("previous build")
    return folder


def assert_untouched(destination: Path) -> None:
    assert [p.name for p in destination.iterdir()] == ["marker.txt"]
    assert (destination / "marker.txt").read_text() == "previous build"
    # and no staging folder is left next to it
    assert [p.name for p in destination.parent.iterdir()] == [destination.name]


def test_the_committed_client_is_what_the_spec_generates():
    code = gen.main(["--check", "--extras", str(CLIENT_EXTRAS)])
    assert code == 0, "run `make generate` and commit the result"


def test_check_names_stale_missing_and_extra_files(tmp_path):
    copy_ = tmp_path / "client"
    shutil.copytree(COMMITTED, copy_)
    models = copy_ / "onlyoffice_crm_client" / "models"
    (models / "invoice.py").write_text((models / "invoice.py").read_text() + "# edited by hand\n")
    (models / "currency.py").unlink()
    (models / "extra.py").write_text("")
    problems = gen.check(inputs(tmp_path), copy_)
    assert problems == [
        "missing: onlyoffice_crm_client/models/currency.py",
        "not generated: onlyoffice_crm_client/models/extra.py",
        "stale: onlyoffice_crm_client/models/invoice.py",
    ]


def test_a_spec_change_makes_the_committed_client_stale(tmp_path, source):
    source["components"]["schemas"]["Invoice"]["properties"]["paymentLink"] = {
        "type": "string", "description": "A link to pay the invoice online."
    }  # fmt: skip
    problems = gen.check(inputs(tmp_path, spec=source), COMMITTED)
    assert "stale: onlyoffice_crm_client/models/invoice.py" in problems


def test_generation_is_reproducible(tmp_path):
    """Twice, with different hash seeds and folders: the same bytes."""
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}" / "client"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "spec_pipeline.generate", "--out", str(out),
             "--client-spec", str(tmp_path / f"run{seed}" / "client.yaml"),
             "--extras", str(CLIENT_EXTRAS)],
            cwd=REPO, env=env, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        outputs.append(out)
    assert gen.compare_trees(outputs[0], outputs[1]) == []
    assert gen.compare_trees(outputs[0], COMMITTED) == []


def test_a_bad_spec_stops_generation_with_the_place_named(tmp_path, source, destination):
    get = source["paths"]["/api/2.0/crm/invoice/filter"]["get"]
    get["parameters"].append({"name": "broken", "in": "body", "schema": {"type": "string"}})
    with pytest.raises(PipelineError) as raised:
        gen.generate(inputs(tmp_path, spec=source), destination)
    message = str(raised.value)
    assert "invalid OpenAPI at paths//api/2.0/crm/invoice/filter/get/parameters" in message
    assert_untouched(destination)
    assert not (tmp_path / "build" / "client.yaml").exists()


def test_an_overlay_target_that_matches_nothing_stops_generation(tmp_path, destination):
    overlay = load_document(OVERLAYS / "client.yaml")
    overlay["actions"].append(
        {"target": "$.paths['/api/2.0/crm/invoice/list.xml']", "remove": True}
    )
    with pytest.raises(PipelineError) as raised:
        gen.generate(inputs(tmp_path, overlay=overlay), destination)
    index = len(overlay["actions"]) - 1
    assert f"actions[{index}]" in str(raised.value)
    assert "list.xml" in str(raised.value)
    assert_untouched(destination)


def test_a_generator_warning_stops_generation(tmp_path, source, destination):
    # openapi-python-client cannot read a media type it does not know: it warns and drops the
    # response, which --fail-on-warning turns into a failure instead of a missing result type.
    responses = source["paths"]["/api/2.0/crm/invoice/filter"]["get"]["responses"]
    responses["404"] = {
        "description": "Not found.",
        "content": {"application/x-msgpack": {"schema": {"type": "object"}}},
    }
    with pytest.raises(PipelineError, match="Unsupported content_type application/x-msgpack"):
        gen.generate(inputs(tmp_path, spec=source), destination)
    assert_untouched(destination)


def test_the_package_version_is_the_spec_version(tmp_path, source, destination):
    source["info"]["version"] = "2.3.4"
    gen.generate(inputs(tmp_path, spec=source), destination)
    project = tomllib.loads((destination / "pyproject.toml").read_text())["project"]
    assert project["version"] == "2.3.4"
    assert not (destination / "marker.txt").exists()


def test_a_version_that_is_not_semver_is_refused(tmp_path, source, destination):
    bad = copy.deepcopy(source)
    bad["info"]["version"] = "v2"
    with pytest.raises(PipelineError, match="not a semantic version"):
        gen.generate(inputs(tmp_path, spec=bad), destination)
    assert_untouched(destination)


# --- extras: hand-written files added to the generated project ---------------------------------

PAGING = "onlyoffice_crm_client/paging.py"


def extras_folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "client-extras"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


def test_extras_land_at_the_same_relative_paths(tmp_path, destination):
    extras = extras_folder(tmp_path, {PAGING: "PAGE_SIZE = 25\n", "docs/paging.md": "# Paging\n"})
    gen.generate(inputs(tmp_path, extras=extras), destination)
    assert (destination / PAGING).read_text() == "PAGE_SIZE = 25\n"
    assert (destination / "docs" / "paging.md").read_text() == "# Paging\n"
    assert (destination / "onlyoffice_crm_client" / "client.py").is_file()  # generated too


def test_an_extra_that_would_overwrite_a_generated_file_is_an_error(tmp_path, destination):
    extras = extras_folder(
        tmp_path, {"onlyoffice_crm_client/client.py": "# mine\n", PAGING: "PAGE_SIZE = 25\n"}
    )
    with pytest.raises(PipelineError) as raised:
        gen.generate(inputs(tmp_path, extras=extras), destination)
    assert "onlyoffice_crm_client/client.py" in str(raised.value)
    assert PAGING not in str(raised.value)
    assert_untouched(destination)


def test_an_extra_whose_first_line_says_it_replaces_a_generated_file_replaces_it(
    tmp_path, destination
):
    mine = "# Replaces the generated errors.py: by hand.\nclass PortalError(Exception): ...\n"
    # The mark only counts on the first line: further down it is an accidental clash again.
    late = "X = 1\n# Replaces the generated client.py\n"
    extras = extras_folder(tmp_path, {"onlyoffice_crm_client/errors.py": mine})
    gen.generate(inputs(tmp_path, extras=extras), destination)
    assert (destination / "onlyoffice_crm_client" / "errors.py").read_text() == mine
    extras = extras_folder(tmp_path, {"onlyoffice_crm_client/client.py": late})
    with pytest.raises(PipelineError, match="onlyoffice_crm_client/client.py"):
        gen.generate(inputs(tmp_path, extras=extras), tmp_path / "second")


def test_a_missing_extras_folder_is_an_error_naming_it(tmp_path, destination, capsys):
    missing = tmp_path / "no-such-extras"
    code = gen.main(["--out", str(destination), "--extras", str(missing),
                     "--client-spec", str(tmp_path / "client.yaml")])  # fmt: skip
    assert code == 1
    assert f"generate: error: the extras folder {missing} does not exist" in capsys.readouterr().err
    assert_untouched(destination)


def test_check_compares_the_extras(tmp_path):
    extras = extras_folder(tmp_path, {PAGING: "PAGE_SIZE = 25\n"})
    built = tmp_path / "out" / "client"
    gen.generate(inputs(tmp_path, extras=extras), built)
    assert gen.check(inputs(tmp_path, extras=extras), built) == []
    (built / PAGING).write_text("PAGE_SIZE = 50\n")
    assert gen.check(inputs(tmp_path, extras=extras), built) == [f"stale: {PAGING}"]
    (built / PAGING).unlink()
    assert gen.check(inputs(tmp_path, extras=extras), built) == [f"missing: {PAGING}"]


def test_a_terminated_build_leaves_the_old_package_and_no_staging_folder(tmp_path, destination):
    """SIGTERM (what `timeout` and CI send) unwinds like Ctrl-C: the generator is stopped and no
    temporary folder survives, in the repository or in the system's temporary folder."""
    temp = tmp_path / "temp"
    temp.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "spec_pipeline.generate", "--out", str(destination),
         "--client-spec", str(tmp_path / "client.yaml")],
        cwd=REPO, stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(temp)},
    )  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:  # wait until the generator runs, then stop the build
        if "running openapi-python-client" in line:
            process.send_signal(signal.SIGTERM)
            break
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "generate: error: interrupted" in err
    assert_untouched(destination)
    assert not (tmp_path / "client.yaml").exists()
    assert list(temp.iterdir()) == []


def processes_mentioning(text: str) -> list[int]:
    """Live processes whose command line contains `text`."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and text in (proc / "cmdline").read_text(errors="replace"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="the kernel's parent-death signal is Linux's")
def test_a_killed_build_leaves_no_generator_and_the_next_build_removes_its_folder(
    tmp_path, destination
):
    """SIGKILL cannot be handled: the kernel stops the generator with its build, and the
    working folder it leaves is removed by the next build."""
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    command = [sys.executable, "-m", "spec_pipeline.generate", "--out", str(destination),
               "--client-spec", str(tmp_path / "client.yaml")]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stderr is not None
    for line in process.stderr:
        if "running openapi-python-client" in line:
            break
    deadline = time.monotonic() + 30
    while not processes_mentioning(str(temp)):  # the generator's --path is in there
        assert time.monotonic() < deadline, "the generator never started"
        time.sleep(0.02)
    process.kill()
    process.wait(timeout=30)
    time.sleep(0.5)  # the generator alone needs about a second more to finish its work
    assert processes_mentioning(str(temp)) == []
    assert_untouched(destination)
    left = list(temp.iterdir())
    assert len(left) == 1 and left[0].name.startswith(gen.WORK_PREFIX)

    subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True, timeout=120)
    assert list(temp.iterdir()) == []
    assert (destination / "pyproject.toml").is_file()
