"""The reference page in a real browser: rendered, complete, and loading nothing from outside.

Chromium runs headless, driven by Selenium through chromedriver (``tests/publish/browser.py``).
The page is served from 127.0.0.1; Chromium's only proxy is a local recorder that forwards
nothing, so any request for another host is written down and refused instead of leaving the
machine. Two records prove the page self-contained: every request the page made
(``Network.requestWillBeSent`` in chromedriver's performance log) is for 127.0.0.1, ``data:``
or ``blob:``, and the recorder saw no request other than Chromium's own background services.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from spec_pipeline.reference_page import external_sources
from tests.publish.browser import LOOPBACK, WINDOW, StaticServer, browser

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OPERATIONS = {"getInvoices", "getInvoicesXml", "deleteInvoices", "deleteInvoicesXml"}
# Hosts Chromium itself calls in the background whatever page it shows (component updates,
# account checks, network time). The recorder refuses them like any other; they are only not
# blamed on the page. The page's own requests are checked separately, with no exception.
# Debian's chromium also starts (under chromedriver) on its new-tab page, which preconnects to
# Debian's default search engine.
BROWSER_SERVICES = {
    "update.googleapis.com",
    "accounts.google.com",
    "clients2.google.com",
    "start.duckduckgo.com",
}
HYDRATED = (
    "Object.keys(document.getElementById('redoc') || {})"
    ".some(key => key.startsWith('__reactContainer'))"
)
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@dataclass
class Rendered:
    routes: dict[str, str] = field(default_factory=dict)  # operationId -> hash route
    texts: dict[str, str] = field(default_factory=dict)  # operationId -> text on its route
    home_text: str = ""
    requests: list[str] = field(default_factory=list)
    proxied: list[str] = field(default_factory=list)
    title: str = ""
    screenshot: Path = Path()


def _operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        op["operationId"]: op
        for item in spec["paths"].values()
        for method, op in item.items()
        if method in METHODS
    }


def _paths(spec: dict[str, Any]) -> dict[str, str]:
    return {
        op["operationId"]: path
        for path, item in spec["paths"].items()
        for method, op in item.items()
        if method in METHODS
    }


def _parameter_names(spec: dict[str, Any], operation: dict[str, Any]) -> list[str]:
    names = []
    for parameter in operation.get("parameters", []):
        if "$ref" in parameter:
            parameter = spec["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
        names.append(parameter["name"])
    return names


def _host(line: str) -> str:
    """The host of a proxy request line: ``CONNECT host:443 …`` or ``GET http://host/… …``."""
    parts = line.split()
    target = parts[1] if len(parts) > 1 else ""
    if parts and parts[0] == "CONNECT":
        return target.rsplit(":", 1)[0]
    return urlsplit(target).hostname or target


def _left_the_page(url: str) -> bool:
    """True for a request that is not for the loopback server or the page itself."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return parts.hostname != LOOPBACK


@pytest.fixture(scope="module")
def rendered(
    chromium_available: None,
    dist: Path,
    published_spec: dict[str, Any],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Rendered]:
    result = Rendered(screenshot=tmp_path_factory.mktemp("reference-page") / "page.png")
    with StaticServer(dist) as server, browser(timeout=30) as (chromium, proxy):
        page = chromium.open(server.url("index.html"))
        assert page.wait_for(HYDRATED), "Redoc did not start on the page within 30s"
        result.title = page.evaluate("document.title")
        result.home_text = page.evaluate("document.body.innerText")
        # The sidebar lists a tag's operations once the tag is open.
        suffixes = [f"/{operation_id.lower()}" for operation_id in _operations(published_spec)]
        links = "Array.from(document.querySelectorAll('a[href]'), a => a.href)"
        every_link = f"{suffixes!r}.every(s => {links}.some(h => h.endsWith(s)))"
        for tag in published_spec.get("tags", []):
            page.evaluate(f"location.hash = {'#/' + tag['name'].lower()!r}")
            if page.wait_for(every_link, timeout=10):
                break
        hrefs = page.evaluate(links)
        for operation_id in _operations(published_spec):
            suffix = "/" + operation_id.lower()
            routes = {urlsplit(h).fragment for h in hrefs if urlsplit(h).fragment.endswith(suffix)}
            if len(routes) != 1:
                continue  # reported by the test
            route = routes.pop()
            result.routes[operation_id] = route
            page.evaluate(f"location.hash = {route!r}")
            page.wait_for(f"location.hash === '#{route}'")
            page.idle(0.5)
            result.texts[operation_id] = page.evaluate("document.body.innerText")
        page.evaluate(f"location.hash = {'#' + result.routes.get('getInvoices', '/')!r}")
        page.idle(1.0)
        result.screenshot.write_bytes(page.screenshot())
        page.idle(1.0)  # late requests (images, fonts, workers) are recorded too
        result.requests = page.requests
        result.proxied = proxy.seen
    yield result


def test_every_operation_has_its_own_rendered_route(
    rendered: Rendered, published_spec: dict[str, Any]
) -> None:
    operations = _operations(published_spec)
    assert set(operations) == OPERATIONS
    assert set(rendered.routes) == OPERATIONS, "an operation has no link in the sidebar"
    for operation_id, operation in operations.items():
        text = rendered.texts[operation_id]
        assert operation["summary"] in text.splitlines(), f"{operation_id}: summary not shown"
        assert _paths(published_spec)[operation_id] in text.splitlines(), f"{operation_id}: path"


def test_filter_parameters_are_rendered(rendered: Rendered, published_spec: dict[str, Any]) -> None:
    operation = _operations(published_spec)["getInvoices"]
    names = _parameter_names(published_spec, operation)
    assert {"issueDateFrom", "entityType", "filterValue", "startIndex"} <= set(names)
    lines = rendered.texts["getInvoices"].splitlines()
    missing = [name for name in names if name not in lines]
    assert not missing, f"parameters not rendered on getInvoices: {missing}"


def test_invoice_schema_is_rendered(rendered: Rendered) -> None:
    assert "(Invoice)" in rendered.texts["getInvoices"].splitlines()


def test_the_page_is_the_published_spec(rendered: Rendered, published_spec: dict[str, Any]) -> None:
    assert rendered.title == published_spec["info"]["title"]
    assert f"({published_spec['info']['version']})" in rendered.home_text
    # Known to be absent: an operation and a schema this contract does not have.
    for absent in ("createInvoice", "InvoiceLine"):
        assert absent not in rendered.home_text
        assert all(absent not in text for text in rendered.texts.values())


def test_no_request_left_the_machine(rendered: Rendered) -> None:
    assert any(urlsplit(url).hostname == LOOPBACK for url in rendered.requests)
    outside = [url for url in rendered.requests if _left_the_page(url)]
    assert not outside, f"the page requested addresses outside the machine: {outside}"
    blamed = [line for line in rendered.proxied if _host(line) not in BROWSER_SERVICES]
    assert not blamed, f"requests for other hosts reached the recording proxy: {blamed}"


def test_screenshot_saved(rendered: Rendered) -> None:
    data = rendered.screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == WINDOW


CDN_PAGE = """<!DOCTYPE html>
<html><head><title>cdn</title>
<link rel="stylesheet" href="https://fonts.example.com/face.css">
<script src="https://cdn.example.com/lib.js"></script>
</head><body><p>hello</p><img src="//images.example.com/logo.png" alt=""></body></html>
"""


def test_both_checks_catch_a_page_that_loads_from_a_cdn(
    chromium_available: None, tmp_path: Path
) -> None:
    # The static check of the publish step.
    found = external_sources(CDN_PAGE)
    assert found == [
        "<link rel='stylesheet' href>: https://fonts.example.com/face.css",
        "<script src>: https://cdn.example.com/lib.js",
        "<img src>: //images.example.com/logo.png",
    ]
    # The browser checks of this module, on the same page.
    (tmp_path / "index.html").write_text(CDN_PAGE, encoding="utf-8")
    with StaticServer(tmp_path) as server, browser(timeout=30) as (chromium, proxy):
        page = chromium.open(server.url("index.html"))
        assert page.wait_for("document.readyState === 'complete'")
        page.idle(0.5)
        requests = page.requests
        proxied = proxy.seen
    outside = sorted(urlsplit(url).hostname or "" for url in requests if _left_the_page(url))
    assert outside == ["cdn.example.com", "fonts.example.com", "images.example.com"]
    hosts = {_host(line) for line in proxied} - BROWSER_SERVICES
    assert hosts == {"cdn.example.com", "fonts.example.com", "images.example.com"}
