"""The vendor's seed example, rewritten to the wire form the portal really sends."""

import json
import re

from tests.spec.conftest import FIXTURES


def newtonsoft_camel_case(name: str) -> str:
    """The portal's property names: Newtonsoft's CamelCasePropertyNamesContractResolver.

    It lower-cases the leading run of capitals, but leaves the last capital of a run that is
    followed by a lower-case letter (`FileID` -> `fileID`, `IDNumber` -> `idNumber`).
    """
    chars = list(name)
    for i, char in enumerate(chars):
        if not char.isupper():
            break
        if i > 0 and i + 1 < len(chars) and chars[i + 1].islower():
            break
        chars[i] = char.lower()
    return "".join(chars)


def camel_keys(value):
    if isinstance(value, dict):
        return {newtonsoft_camel_case(k): camel_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel_keys(v) for v in value]
    return value


def seed_response_example() -> dict:
    text = (FIXTURES / "delete-invoices.txt").read_text(encoding="utf-8")
    block = re.search(r"Example Response\s*application/json\s*\n\s*(\{.*?\n\})\s*\n", text, re.S)
    assert block, "the seed's JSON example was not found"
    return json.loads(block.group(1))
