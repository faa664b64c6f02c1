"""The contract checks in-process over ASGI: every operation, positive and negative data, every
check, with the portal's documented leniency applied exactly as in `make contract`."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import negative_data_rejection

import contract.hooks as hooks
from tests.support.paths import REPO, SCHEMATHESIS_CONFIG, SPEC

MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
TOKEN = "contract-admin-token"  # the admin token of the portals under test


def inprocess_config(**overrides: Any) -> schemathesis.Config:
    """The project's schemathesis.toml, with the token set directly and no report files (the
    in-process tests must not overwrite the reports of `make contract`)."""
    data = tomllib.loads(SCHEMATHESIS_CONFIG.read_text(encoding="utf-8"))
    data.pop("reports", None)
    data["headers"] = {"Authorization": TOKEN}
    data.update(overrides)
    return schemathesis.Config.from_dict(data, base_dir=str(REPO))


def schema_for(app: Any) -> schemathesis.BaseSchema:
    hooks.LEDGER.reset()
    schema = schemathesis.openapi.from_path(SPEC, config=inprocess_config())
    schema.app = app
    return schema


def validate(case: schemathesis.Case, response: Any) -> None:
    case.validate_response(response, excluded_checks=[negative_data_rejection])
    # The portal accepts more than the contract in documented places; outside them, a case
    # that breaks the contract must be rejected.
    if not hooks.within_portal_leniency(case, response.request):
        case.validate_response(response, checks=[negative_data_rejection])


def contract_failures(app: Any, *, max_examples: int = 25, only: str | None = None) -> list[str]:
    """Every failure the checks find, as `<operation>: <failure>` lines (empty: none)."""
    schema = schema_for(app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if only is not None and only not in operation.label:
            continue
        for mode in MODES:
            run_cases(operation, mode, max_examples, failures)
    return failures


def run_cases(
    operation: schemathesis.APIOperation,
    mode: schemathesis.GenerationMode,
    max_examples: int,
    failures: list[str],
) -> None:
    label = f"{operation.label} [{mode.value}]"

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=max_examples, deadline=None, database=None, derandomize=True,
        suppress_health_check=list(HealthCheck),
    )  # fmt: skip
    def run(case: schemathesis.Case) -> None:
        try:
            validate(case, case.call())
        except (Failure, FailureGroup) as exc:
            failures.append(f"{label}: {_describe(exc)}")

    run()


class Resettable:
    """An ASGI app whose portal is built anew by `reset()`: every stateful example starts from
    the same data, so the links a run can follow never depend on an earlier example."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make
        self.app = make()

    def reset(self) -> None:
        self.app = self.make()
        hooks.LEDGER.reset()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await self.app(scope, receive, send)


def stateful_failure(make: Callable[[], Any], *, max_examples: int = 30) -> BaseException | None:
    """Run the link-following state machine, each example on a fresh portal from `make`; the
    failure it raised, if any."""
    portal = Resettable(make)
    base = schema_for(portal).as_state_machine()

    class FreshEachExample(base):  # type: ignore[misc, valid-type]
        def setup(self) -> None:
            portal.reset()

    try:
        FreshEachExample.run(
            settings=settings(max_examples=max_examples, stateful_step_count=6,
                              deadline=None, database=None, derandomize=True)
        )  # fmt: skip
    except (Failure, FailureGroup, AssertionError) as exc:
        return exc
    return None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, FailureGroup):
        return "; ".join(_describe(e) for e in exc.exceptions)
    title = getattr(exc, "title", type(exc).__name__)
    message = " ".join(str(getattr(exc, "message", exc)).split())
    return f"{title}: {message}"
