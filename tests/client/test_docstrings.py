"""What an editor's help shows: every argument described from the spec, and readable reprs."""

import re

import pytest
from onlyoffice_crm_client.api.invoices import get_invoices
from onlyoffice_crm_client.models import InvoiceListEnvelope
from onlyoffice_crm_client.types import UNSET


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def documented_arguments(function) -> dict[str, str]:
    """`name (type): text` entries of the Args section, continuation lines joined."""
    section = function.__doc__.split("Args:")[1].split("Raises:")[0]
    entries = re.split(r"\n\s{8}(?=\w+ \()", "\n" + section.rstrip())
    found = {}
    for entry in filter(str.strip, entries):
        name, rest = entry.strip().split(" (", 1)
        found[name] = words(rest.split("): ", 1)[1]) if "): " in rest else ""
    return found


def python_name(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


@pytest.mark.parametrize(
    "function",
    [get_invoices.sync, get_invoices.sync_detailed, get_invoices.asyncio,
     get_invoices.asyncio_detailed],
)  # fmt: skip
def test_every_parameter_has_its_description_from_the_spec(client_spec, function):
    document = client_spec.document
    operation = document["paths"]["/api/2.0/crm/invoice/filter"]["get"]
    documented = documented_arguments(function)
    assert len(documented) == len(operation["parameters"])
    for reference in operation["parameters"]:
        parameter = document["components"]["parameters"][reference["$ref"].rsplit("/", 1)[1]]
        text = documented[python_name(parameter["name"])]
        assert text.startswith(words(parameter["description"])), parameter["name"]
        schema = parameter["schema"]
        if "$ref" in schema:  # the referenced schema's own words follow
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
            assert text.endswith(words(schema["description"])), parameter["name"]


def test_the_paging_rule_is_in_the_help_of_start_index():
    assert "`startIndex + count`" in documented_arguments(get_invoices.sync)["start_index"]
    assert "23:59" in documented_arguments(get_invoices.sync)["issue_date_to"]


def test_unset_prints_readably():
    assert repr(UNSET) == "UNSET"
    shown = repr(InvoiceListEnvelope(status=0, status_code=200, response=[]))
    assert "count=UNSET" in shown and "object at 0x" not in shown
