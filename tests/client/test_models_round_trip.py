"""The generated models read the wire form and give it back: from_dict, then to_dict."""

import copy
import datetime
import re

import pytest
from onlyoffice_crm_client.decoding import FieldError, enum_member
from onlyoffice_crm_client.models import (
    Contact,
    ErrorEnvelope,
    Invoice,
    InvoiceListEnvelope,
    InvoiceStatus,
    InvoiceTemplateType,
    ShareType,
)

from tests.spec.seed import camel_keys, seed_response_example

PORTAL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def normalise(value):
    """Dates as moments: to_dict writes isoformat() (six digits, +00:00) where the portal wrote
    seven digits or Z; Python keeps microseconds, so the seventh digit is truncated."""
    if isinstance(value, dict):
        return {k: normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v) for v in value]
    if isinstance(value, str) and PORTAL_DATE.match(value):
        moment = datetime.datetime.fromisoformat(value)
        return moment.replace(microsecond=moment.microsecond), moment.utcoffset()
    return value


def round_trip(cls, data):
    original = copy.deepcopy(data)
    parsed = cls.from_dict(data)
    assert data == original, "from_dict changed its input"
    return parsed, parsed.to_dict()


def json_examples(spec, schema_name):
    for name, example in spec.document["components"]["examples"].items():
        value = example["value"]
        if (
            isinstance(value, dict)
            and spec.errors(value, {"$ref": f"#/components/schemas/{schema_name}"}) == []
        ):
            yield name, value


def test_every_envelope_example_round_trips(client_spec):
    found = list(json_examples(client_spec, "InvoiceListEnvelope"))
    assert len(found) >= 4
    for _, value in found:
        _, back = round_trip(InvoiceListEnvelope, value)
        assert normalise(back) == normalise(value)


def test_every_error_example_round_trips(client_spec):
    found = list(json_examples(client_spec, "ErrorEnvelope"))
    assert len(found) >= 3
    for _, value in found:
        parsed, back = round_trip(ErrorEnvelope, value)
        assert back == value
        assert parsed.error.message == value["error"]["message"]


def test_the_seed_in_wire_form_round_trips():
    invoices = camel_keys(seed_response_example()["response"])
    envelope = {"count": 1, "status": 0, "statusCode": 200, "response": invoices}
    parsed, back = round_trip(InvoiceListEnvelope, envelope)
    assert normalise(back) == normalise(envelope)
    assert parsed.response[0].contact.access_list[0].display_name == "Mike Zanyatski"


@pytest.fixture
def invoice(client_spec):
    first = client_spec.document["components"]["examples"]["InvoicePageFirst"]["value"]
    return copy.deepcopy(first["response"][0])


def test_nulls_and_absent_members(invoice):
    invoice["contact"] = invoice["consignee"] = invoice["entity"] = None
    del invoice["createBy"]["title"]
    parsed, back = round_trip(Invoice, invoice)
    assert parsed.contact is None and parsed.consignee is None and parsed.entity is None
    assert back["contact"] is None and "contact" in back
    assert "title" not in back["createBy"]
    assert back == {**invoice, **{k: back[k] for k in ("issueDate", "dueDate", "createOn")}}


def test_a_contact_without_access_list(invoice):
    contact = invoice["consignee"]
    assert "accessList" not in contact
    parsed, back = round_trip(Contact, contact)
    assert back == contact
    assert parsed.currency is None


@pytest.mark.parametrize(
    ("wire", "offset"),
    [
        ("2020-12-14T22:13:41.5378233+03:00", datetime.timedelta(hours=3)),
        ("2020-12-14T22:13:41.5378233-05:00", datetime.timedelta(hours=-5)),
        ("2020-12-14T22:13:41.5378233Z", datetime.timedelta(0)),
        ("2020-12-14T22:13:41.0000000+03:00", datetime.timedelta(hours=3)),
    ],
)
def test_seven_digit_dates_with_offsets(invoice, wire, offset):
    invoice["issueDate"] = wire
    parsed, back = round_trip(Invoice, invoice)
    assert parsed.issue_date.utcoffset() == offset
    assert parsed.issue_date.microsecond == (537823 if ".5378233" in wire else 0)
    assert (parsed.issue_date.hour, parsed.issue_date.second) == (22, 41)
    assert normalise(back["issueDate"]) == normalise(wire)


def test_values_a_newer_portal_adds_still_parse(invoice):
    invoice["status"] = {"id": 6, "title": "Partially paid"}
    invoice["templateType"] = 2
    invoice["contact"]["shareType"] = 3
    parsed, back = round_trip(Invoice, invoice)
    assert parsed.status.id == 6 and not isinstance(parsed.status.id, InvoiceStatus)
    assert parsed.template_type == 2 and not isinstance(parsed.template_type, InvoiceTemplateType)
    assert parsed.contact.share_type == 3 and not isinstance(parsed.contact.share_type, ShareType)
    assert normalise(back) == normalise(invoice)


def test_known_values_become_enum_members(invoice):
    parsed, _ = round_trip(Invoice, invoice)
    assert parsed.status.id is InvoiceStatus.SENT
    assert parsed.template_type is InvoiceTemplateType.EUR
    assert parsed.contact.share_type is ShareType.NONE


def test_members_a_newer_portal_adds_are_kept(invoice):
    invoice["paymentLink"] = "https://pay.example/1234"
    parsed, back = round_trip(Invoice, invoice)
    assert parsed.additional_properties == {"paymentLink": "https://pay.example/1234"}
    assert back["paymentLink"] == "https://pay.example/1234"


def test_a_missing_required_member_is_an_error_naming_it(invoice):
    del invoice["number"]
    with pytest.raises(FieldError) as raised:
        Invoice.from_dict(invoice)
    assert raised.value.where() == "number"
    assert isinstance(raised.value.__cause__, KeyError)


def test_enum_lookup_by_value_matches_the_enum_call():
    for member in [*InvoiceStatus, *InvoiceTemplateType, *ShareType]:
        assert enum_member(type(member), member.value) is type(member)(member.value)
    with pytest.raises(ValueError, match="9 is not a valid InvoiceStatus"):
        enum_member(InvoiceStatus, 9)
