"""The runner's command line as an outside team meets it: `--help` that names every option,
`--version` that starts nothing, and errors that speak of what the user typed."""

from __future__ import annotations

from importlib import metadata

import pytest

from contract import cli, run


def test_help_lists_url_spec_and_config_with_their_meaning(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert "--url URL" in text and "PORTAL_TOKEN" in text
    assert "--spec SPEC" in text and "the contract" in text
    assert "--config CONFIG" in text and "schemathesis settings" in text
    assert text.startswith("usage: onlyoffice-contract")


@pytest.mark.parametrize("main", [cli.main, run.main])
def test_version_prints_the_installed_version_and_starts_nothing(main, capsys, monkeypatch):
    def no_portal(*args, **kwargs):
        raise AssertionError("--version started a portal")

    monkeypatch.setattr(run, "embedded_portal", no_portal)
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.split()[-1] == metadata.version("onlyoffice-invoice-contract")


def test_url_without_a_token_names_both(capsys, monkeypatch):
    monkeypatch.delenv("PORTAL_URL", raising=False)
    monkeypatch.delenv("PORTAL_TOKEN", raising=False)
    assert run.main(["--url", "http://127.0.0.1:9"]) == 2
    error = capsys.readouterr().out.strip().splitlines()[-1]
    assert "--url" in error and "PORTAL_TOKEN" in error


def test_a_mistyped_option_is_refused_before_any_portal_starts(capsys, monkeypatch):
    def no_portal(*args, **kwargs):
        raise AssertionError("a portal was started for a mistyped option")

    monkeypatch.setattr(run, "embedded_portal", no_portal)
    with pytest.raises(SystemExit) as exit_:
        run.main(["--max-exampels", "3"])
    assert exit_.value.code == 2
    assert "unrecognized option --max-exampels" in capsys.readouterr().err
    # schemathesis's own options, short ones and negative numbers as values pass through
    assert run.unknown_options(["--max-examples=3", "-c", "all", "--seed", "-1"]) == []
