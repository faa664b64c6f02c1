from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..decoding import at_key, enum_member
from ..models.invoice_template_type import InvoiceTemplateType

T = TypeVar("T", bound="Invoice")

# The wire names this model reads; any other member of an answer is an additional property.
_KNOWN_KEYS = frozenset(
    (
        "status",
        "number",
        "issueDate",
        "templateType",
        "contact",
        "consignee",
        "entity",
        "dueDate",
        "language",
        "currency",
        "exchangeRate",
        "purchaseOrderNumber",
        "terms",
        "description",
        "fileID",
        "createOn",
        "createBy",
        "cost",
        "canEdit",
        "canDelete",
        "id",
    )
)


@_attrs_define
class Invoice:
    """An invoice, as the portal lists it.

    Attributes:
        status (InvoiceStatusInfo): The status of an invoice with its label.
        number (str): The invoice number, unique in the portal.
        issue_date (datetime.datetime): A moment as the portal writes it: seven fractional digits and the offset of the
            portal's
            time zone (`Z` at offset zero).
        template_type (int | InvoiceTemplateType): The print template; a newer portal may add values.
        contact (Contact | None): The contact (person or company) billed; null when there is none **or the user may
            not read it** (a contact private to others, on an invoice the user may delete).
        consignee (Contact | None): The contact the goods go to; null when there is none or the user may not read it.
        entity (InvoiceEntity | None): The deal (opportunity) the invoice belongs to; null when there is none or the
            deal is private to others.
        due_date (datetime.datetime): A moment as the portal writes it: seven fractional digits and the offset of the
            portal's
            time zone (`Z` at offset zero).
        language (str): The culture of the printed invoice, for example `en-US`; may be empty.
        currency (Currency): A currency the portal knows.
        exchange_rate (float): The exchange rate to the portal's base currency, with two decimals (stored as
            decimal(10,2)).
        purchase_order_number (str): The buyer's purchase order number; may be empty.
        terms (str): The payment terms; may be empty.
        description (str): Free text; may be empty.
        file_id (int): The id of the generated PDF file, or -1 when there is none.
        create_on (datetime.datetime): A moment as the portal writes it: seven fractional digits and the offset of the
            portal's
            time zone (`Z` at offset zero).
        create_by (Employee): A portal user (the creator of an invoice, or a member of an access list).
        cost (float): The total of the invoice lines with their taxes, rounded per line (0 in the answer of a delete).
        can_edit (bool): Whether the user may edit it (administrator or creator, and status Draft).
        can_delete (bool): Whether the user may delete it (administrator or creator).
        id (int): The invoice id.
    """

    status: InvoiceStatusInfo
    number: str
    issue_date: datetime.datetime
    template_type: int | InvoiceTemplateType
    contact: Contact | None
    consignee: Contact | None
    entity: InvoiceEntity | None
    due_date: datetime.datetime
    language: str
    currency: Currency
    exchange_rate: float
    purchase_order_number: str
    terms: str
    description: str
    file_id: int
    create_on: datetime.datetime
    create_by: Employee
    cost: float
    can_edit: bool
    can_delete: bool
    id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status.to_dict()

        number = self.number

        issue_date = self.issue_date.isoformat()

        template_type: int
        if isinstance(self.template_type, InvoiceTemplateType):
            template_type = self.template_type.value
        else:
            template_type = self.template_type

        contact: dict[str, Any] | None
        if isinstance(self.contact, Contact):
            contact = self.contact.to_dict()
        else:
            contact = self.contact

        consignee: dict[str, Any] | None
        if isinstance(self.consignee, Contact):
            consignee = self.consignee.to_dict()
        else:
            consignee = self.consignee

        entity: dict[str, Any] | None
        if isinstance(self.entity, InvoiceEntity):
            entity = self.entity.to_dict()
        else:
            entity = self.entity

        due_date = self.due_date.isoformat()

        language = self.language

        currency = self.currency.to_dict()

        exchange_rate = self.exchange_rate

        purchase_order_number = self.purchase_order_number

        terms = self.terms

        description = self.description

        file_id = self.file_id

        create_on = self.create_on.isoformat()

        create_by = self.create_by.to_dict()

        cost = self.cost

        can_edit = self.can_edit

        can_delete = self.can_delete

        id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "number": number,
                "issueDate": issue_date,
                "templateType": template_type,
                "contact": contact,
                "consignee": consignee,
                "entity": entity,
                "dueDate": due_date,
                "language": language,
                "currency": currency,
                "exchangeRate": exchange_rate,
                "purchaseOrderNumber": purchase_order_number,
                "terms": terms,
                "description": description,
                "fileID": file_id,
                "createOn": create_on,
                "createBy": create_by,
                "cost": cost,
                "canEdit": can_edit,
                "canDelete": can_delete,
                "id": id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        try:
            status = InvoiceStatusInfo.from_dict(src_dict["status"])

        except Exception as field_error_:
            raise at_key(field_error_, "status", src_dict)

        try:
            number = src_dict["number"]
        except Exception as field_error_:
            raise at_key(field_error_, "number", src_dict)

        try:
            issue_date = datetime.datetime.fromisoformat(src_dict["issueDate"])

        except Exception as field_error_:
            raise at_key(field_error_, "issueDate", src_dict)

        try:
            _template_type_data = src_dict["templateType"]
            template_type: int | InvoiceTemplateType
            try:
                if not isinstance(_template_type_data, int):
                    raise TypeError()
                template_type_type_0 = enum_member(InvoiceTemplateType, _template_type_data)

                template_type = template_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                template_type = cast(int | InvoiceTemplateType, _template_type_data)

        except Exception as field_error_:
            raise at_key(field_error_, "templateType", src_dict)

        try:
            _contact_data = src_dict["contact"]
            contact: Contact | None
            if _contact_data is None:
                contact = None
            else:
                if not isinstance(_contact_data, dict):
                    raise TypeError()
                contact_type_0 = Contact.from_dict(_contact_data)

                contact = contact_type_0

        except Exception as field_error_:
            raise at_key(field_error_, "contact", src_dict)

        try:
            _consignee_data = src_dict["consignee"]
            consignee: Contact | None
            if _consignee_data is None:
                consignee = None
            else:
                if not isinstance(_consignee_data, dict):
                    raise TypeError()
                consignee_type_0 = Contact.from_dict(_consignee_data)

                consignee = consignee_type_0

        except Exception as field_error_:
            raise at_key(field_error_, "consignee", src_dict)

        try:
            _entity_data = src_dict["entity"]
            entity: InvoiceEntity | None
            if _entity_data is None:
                entity = None
            else:
                if not isinstance(_entity_data, dict):
                    raise TypeError()
                entity_type_0 = InvoiceEntity.from_dict(_entity_data)

                entity = entity_type_0

        except Exception as field_error_:
            raise at_key(field_error_, "entity", src_dict)

        try:
            due_date = datetime.datetime.fromisoformat(src_dict["dueDate"])

        except Exception as field_error_:
            raise at_key(field_error_, "dueDate", src_dict)

        try:
            language = src_dict["language"]
        except Exception as field_error_:
            raise at_key(field_error_, "language", src_dict)

        try:
            currency = Currency.from_dict(src_dict["currency"])

        except Exception as field_error_:
            raise at_key(field_error_, "currency", src_dict)

        try:
            exchange_rate = src_dict["exchangeRate"]
        except Exception as field_error_:
            raise at_key(field_error_, "exchangeRate", src_dict)

        try:
            purchase_order_number = src_dict["purchaseOrderNumber"]
        except Exception as field_error_:
            raise at_key(field_error_, "purchaseOrderNumber", src_dict)

        try:
            terms = src_dict["terms"]
        except Exception as field_error_:
            raise at_key(field_error_, "terms", src_dict)

        try:
            description = src_dict["description"]
        except Exception as field_error_:
            raise at_key(field_error_, "description", src_dict)

        try:
            file_id = src_dict["fileID"]
        except Exception as field_error_:
            raise at_key(field_error_, "fileID", src_dict)

        try:
            create_on = datetime.datetime.fromisoformat(src_dict["createOn"])

        except Exception as field_error_:
            raise at_key(field_error_, "createOn", src_dict)

        try:
            create_by = Employee.from_dict(src_dict["createBy"])

        except Exception as field_error_:
            raise at_key(field_error_, "createBy", src_dict)

        try:
            cost = src_dict["cost"]
        except Exception as field_error_:
            raise at_key(field_error_, "cost", src_dict)

        try:
            can_edit = src_dict["canEdit"]
        except Exception as field_error_:
            raise at_key(field_error_, "canEdit", src_dict)

        try:
            can_delete = src_dict["canDelete"]
        except Exception as field_error_:
            raise at_key(field_error_, "canDelete", src_dict)

        try:
            id = src_dict["id"]
        except Exception as field_error_:
            raise at_key(field_error_, "id", src_dict)

        invoice = cls(
            status,
            number,
            issue_date,
            template_type,
            contact,
            consignee,
            entity,
            due_date,
            language,
            currency,
            exchange_rate,
            purchase_order_number,
            terms,
            description,
            file_id,
            create_on,
            create_by,
            cost,
            can_edit,
            can_delete,
            id,
        )

        if len(src_dict) != 21:
            invoice.additional_properties = dict(item for item in src_dict.items() if item[0] not in _KNOWN_KEYS)
        return invoice

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Imported after the class so that models referring to each other can import each other.
from ..models.contact import Contact  # noqa: E402
from ..models.currency import Currency  # noqa: E402
from ..models.employee import Employee  # noqa: E402
from ..models.invoice_entity import InvoiceEntity  # noqa: E402
from ..models.invoice_status_info import InvoiceStatusInfo  # noqa: E402
