"""The reference page Redocly renders: its CDN assets inlined, and proof it loads nothing else.

The published index.html must work offline and leak no visit to a third party, so every script,
style, font, image or frame it loads must be inside the page.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

from spec_pipeline.errors import PipelineError

# `<link>` relations that only name a document and load nothing by themselves.
_NON_LOADING_RELS = frozenset(
    {"alternate", "author", "bookmark", "canonical", "help", "license", "me", "next", "prev"}
)
# Attributes through which an element loads something when the page is shown.
_LOADING_ATTRIBUTES = frozenset({"src", "srcset", "data", "poster", "background"})
_EXTERNAL = r"(?:https?:)?//[^\s\"'`)>]+"
_CSS_PATTERNS = (
    re.compile(r"url\(\s*[\"']?\s*(" + _EXTERNAL + ")", re.IGNORECASE),
    re.compile(r"@import\s+[\"']\s*(" + _EXTERNAL + ")", re.IGNORECASE),
)
_SCRIPT_PATTERNS = (
    # import x from "https://…", import "https://…", export … from "https://…"
    re.compile(r"\b(?:import|from)\s*[\"'`]\s*(" + _EXTERNAL + ")"),
    # import("https://…"), importScripts("https://…")
    re.compile(r"\bimport(?:Scripts)?\s*\(\s*[\"'`]\s*(" + _EXTERNAL + ")"),
    # a quoted absolute URL of an image, font, style or script, which the code may load
    re.compile(
        r"[\"'`]((?:https?:)?//[^\s\"'`<>]+?"
        r"\.(?:svg|png|jpe?g|gif|webp|avif|ico|bmp|woff2?|ttf|otf|eot|css|m?js))"
        r"(?:[?#][^\s\"'`<>]*)?[\"'`]",
        re.IGNORECASE,
    ),
    *_CSS_PATTERNS,  # CSS that a script injects at run time (fonts, for example)
)

# Redoc's sidebar footer ("API docs by Redocly") shows a logo that its inlined bundle still
# loads from Redocly's CDN, with no option to turn it off. The page gets the wordmark inline.
_WORDMARK = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="72" height="18" viewBox="0 0 72 18">'
    '<text x="0" y="14" font-family="sans-serif" font-size="14" font-weight="600" '
    'fill="#888">Redocly</text></svg>'
)
_WORDMARK_URI = "data:image/svg+xml;base64," + base64.b64encode(_WORDMARK.encode()).decode()
VENDOR_ASSETS = {
    "https://cdn.redoc.ly/redoc/logo-mini-full.svg": _WORDMARK_URI,
    "https://cdn.redoc.ly/redoc/logo-mini.svg": _WORDMARK_URI,
}


def _is_external(url: str) -> bool:
    value = url.strip().lower()
    return value.startswith(("http://", "https://", "//"))


class _SourceFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._raw: str | None = None  # "script" or "style" while inside one
        self._text: list[str] = []

    def _add(self, where: str, url: str) -> None:
        self.found.append(f"{where}: {url.strip()}")

    def _scan(self, where: str, text: str, patterns: Sequence[re.Pattern[str]]) -> None:
        for pattern in patterns:
            for match in pattern.finditer(text):
                self._add(where, match.group(1))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name in _LOADING_ATTRIBUTES:
                if name == "srcset":
                    urls = [part.split()[0] for part in value.split(",") if part.split()]
                else:
                    urls = [value]
                for url in urls:
                    if _is_external(url):
                        self._add(f"<{tag} {name}>", url)
        if tag in ("link", "base") and _is_external(values.get("href", "")):
            rels = set(values.get("rel", "").lower().split())
            if tag == "base" or not rels or not rels <= _NON_LOADING_RELS:
                rel = " ".join(sorted(rels))
                self._add(f"<{tag} rel={rel!r} href>" if rel else f"<{tag} href>", values["href"])
        if "style" in values:
            self._scan(f"<{tag} style>", values["style"], _CSS_PATTERNS)
        if tag in ("script", "style"):
            self._raw, self._text = tag, []

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._raw:
            text = "".join(self._text)
            patterns = _SCRIPT_PATTERNS if tag == "script" else _CSS_PATTERNS
            self._scan(f"inline <{tag}>", text, patterns)
            self._raw, self._text = None, []


def external_sources(html: str) -> list[str]:
    """Every script, style, font, image or frame source of ``html`` that is not in the page.

    Looks at loading attributes (``src``, ``srcset``, ``<link href>`` except purely
    navigational relations, ``<base href>``), ``url(...)`` and ``@import`` in styles, and
    ES module imports and injected CSS in inline scripts. Links a reader clicks (``<a href>``)
    load nothing and are not reported. Each entry reads ``<where>: <url>``.
    """
    finder = _SourceFinder()
    finder.feed(html)
    finder.close()
    return list(dict.fromkeys(finder.found))


def inline_vendor_assets(page: Path) -> list[str]:
    """Replace the known CDN assets of Redoc's bundle with inline data; the URLs replaced."""
    html = page.read_text(encoding="utf-8")
    replaced = [url for url in VENDOR_ASSETS if url in html]
    for url in replaced:
        html = html.replace(url, VENDOR_ASSETS[url])
    if replaced:
        page.write_text(html, encoding="utf-8")
    return replaced


def check_self_contained(page: Path) -> None:
    found = external_sources(page.read_text(encoding="utf-8"))
    if found:
        listed = "\n".join(f"  {item}" for item in found)
        raise PipelineError(
            f"{page.name} is not self-contained; it would load from outside the page:\n{listed}"
        )
