import datetime
from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import calls, errors
from ...client import AuthenticatedClient, Client
from ...decoding import coerce
from ...models.error_envelope import ErrorEnvelope
from ...models.invoice_entity_type import InvoiceEntityType
from ...models.invoice_list_envelope import InvoiceListEnvelope
from ...models.invoice_sort_by import InvoiceSortBy
from ...models.invoice_status import InvoiceStatus
from ...models.sort_order import SortOrder
from ...types import UNSET, Response, Unset

OPERATION = "get_invoices"


def _get_kwargs(
    *,
    status: InvoiceStatus | int | Unset = UNSET,
    issue_date_from: datetime.date | Unset = UNSET,
    issue_date_to: datetime.date | Unset = UNSET,
    due_date_from: datetime.date | Unset = UNSET,
    due_date_to: datetime.date | Unset = UNSET,
    entity_type: InvoiceEntityType | str | Unset = UNSET,
    entityid: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    count: int | Unset = UNSET,
    start_index: int | Unset = UNSET,
    sort_by: InvoiceSortBy | str | Unset = UNSET,
    sort_order: SortOrder | str | Unset = UNSET,
    filter_value: str | Unset = UNSET,
) -> dict[str, Any]:
    if not isinstance(status, Unset):
        status = coerce(InvoiceStatus, status, "status")
    if not isinstance(entity_type, Unset):
        entity_type = coerce(InvoiceEntityType, entity_type, "entity_type")
    if not isinstance(sort_by, Unset):
        sort_by = coerce(InvoiceSortBy, sort_by, "sort_by")
    if not isinstance(sort_order, Unset):
        sort_order = coerce(SortOrder, sort_order, "sort_order")

    params: dict[str, Any] = {}

    json_status: int | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_issue_date_from: str | Unset = UNSET
    if not isinstance(issue_date_from, Unset):
        json_issue_date_from = issue_date_from.isoformat()
    params["issueDateFrom"] = json_issue_date_from

    json_issue_date_to: str | Unset = UNSET
    if not isinstance(issue_date_to, Unset):
        json_issue_date_to = issue_date_to.isoformat()
    params["issueDateTo"] = json_issue_date_to

    json_due_date_from: str | Unset = UNSET
    if not isinstance(due_date_from, Unset):
        json_due_date_from = due_date_from.isoformat()
    params["dueDateFrom"] = json_due_date_from

    json_due_date_to: str | Unset = UNSET
    if not isinstance(due_date_to, Unset):
        json_due_date_to = due_date_to.isoformat()
    params["dueDateTo"] = json_due_date_to

    json_entity_type: str | Unset = UNSET
    if not isinstance(entity_type, Unset):
        json_entity_type = entity_type.value

    params["entityType"] = json_entity_type

    params["entityid"] = entityid

    params["currency"] = currency

    params["count"] = count

    params["startIndex"] = start_index

    json_sort_by: str | Unset = UNSET
    if not isinstance(sort_by, Unset):
        json_sort_by = sort_by.value

    params["sortBy"] = json_sort_by

    json_sort_order: str | Unset = UNSET
    if not isinstance(sort_order, Unset):
        json_sort_order = sort_order.value

    params["sortOrder"] = json_sort_order

    params["filterValue"] = filter_value

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/2.0/crm/invoice/filter",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorEnvelope | InvoiceListEnvelope | str | None:
    if client.raise_on_error_status and not 200 <= response.status_code <= 299:
        raise errors.error_for_response(response, OPERATION)
    if response.status_code == 200:
        response_200 = InvoiceListEnvelope.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorEnvelope.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = response.text
        return response_401

    if response.status_code == 402:
        response_402 = ErrorEnvelope.from_dict(response.json())

        return response_402

    if response.status_code == 403:
        response_403 = ErrorEnvelope.from_dict(response.json())

        return response_403

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorEnvelope | InvoiceListEnvelope | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=calls.parse(OPERATION, client, response, _parse_response, expects_json=True),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: InvoiceStatus | int | Unset = UNSET,
    issue_date_from: datetime.date | Unset = UNSET,
    issue_date_to: datetime.date | Unset = UNSET,
    due_date_from: datetime.date | Unset = UNSET,
    due_date_to: datetime.date | Unset = UNSET,
    entity_type: InvoiceEntityType | str | Unset = UNSET,
    entityid: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    count: int | Unset = UNSET,
    start_index: int | Unset = UNSET,
    sort_by: InvoiceSortBy | str | Unset = UNSET,
    sort_order: SortOrder | str | Unset = UNSET,
    filter_value: str | Unset = UNSET,
) -> Response[ErrorEnvelope | InvoiceListEnvelope | str]:
    """List invoices by filter

     Returns one page of the invoices that match every given filter, in the envelope. A filter
    that is left out does not filter.

    An administrator sees every invoice. Another user sees the invoices that have no contact
    and those whose contact they may read (the contact is shared, or the user is on its
    access list). Inside a listed invoice, `contact` and `consignee` are `null` when the user
    may not read that contact, and `entity` is `null` when the deal is private to others:
    `null` does not always mean "none".

    The portal converts every argument before it checks the portal's payment (`402`) and
    the user's access to CRM (`403`): an argument that does not convert (a bad date, status
    or integer) answers `400` first. The operation's own checks (an unknown `entityType`)
    come after them. An error answer repeats the `startIndex` the request sent.

    Page with `count` and `startIndex`; the next page starts at `startIndex + count` (not at
    `nextIndex`, which is one past it). The portal also reads the filters from a JSON request
    body on this GET; this document uses the query string, as real clients do.

    Args:
        status (InvoiceStatus | int | Unset): Only invoices in this status. One value: the portal
            reads only the first of repeated values. (The portal also accepts the status name or its
            English label; this document uses the number.) The status of an invoice: DRAFT = 1, SENT =
            2 (labelled "Billed"), REJECTED = 3,
            PAID = 4, ARCHIVED = 5 (labelled "Archive").
        issue_date_from (datetime.date | Unset): Only invoices issued on or after this day (in the
            portal's time zone). A day, as a filter bound. The first and the last day of the calendar
            (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        issue_date_to (datetime.date | Unset): Only invoices issued on or before this day: the
            portal widens the bound to 23:59 of the day (`issueDateTo + 1 day - 1 minute`, in the
            portal's time zone). A day, as a filter bound. The first and the last day of the calendar
            (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        due_date_from (datetime.date | Unset): Only invoices due on or after this day (in the
            portal's time zone). A day, as a filter bound. The first and the last day of the calendar
            (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        due_date_to (datetime.date | Unset): Only invoices due on or before this day: the portal
            widens the bound to 23:59 of the day (`dueDateTo + 1 day - 1 minute`, in the portal's time
            zone). A day, as a filter bound. The first and the last day of the calendar (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        entity_type (InvoiceEntityType | str | Unset): With `entityid`: what the invoice is linked
            to. `contact` means the invoice's contact is `entityid`; `opportunity` means the invoice
            belongs to that deal. `case` is accepted but **matches nothing**: the portal stores every
            invoice linked to a deal, never to a case. The portal compares the value
            case-insensitively and rejects any other value with `400`. What `entityid` names in a
            filter.
        entityid (int | Unset): With `entityType`: the id of the contact, deal or case. Quirk of
            the portal: an `entityid` other than 0 with no `entityType` (or a negative id), and no
            other filter, gives an empty list.
        currency (str | Unset): Only invoices in this currency, by its abbreviation (`EUR`,
            `USD`); case does not matter.
        count (int | Unset): The page size: at most this many invoices. Default and maximum 1000
            (a larger value is cut to 1000; a value that is not an integer, or is negative, is
            ignored). `0` is not "no limit" and not ignored: the portal answers **one** invoice,
            without `nextIndex` (every match when `sortBy` is no sort key the portal knows).
        start_index (int | Unset): How many matching invoices to skip: the next page starts at
            `startIndex + count`. A negative value counts as 0. At most 2147483647: the portal reads a
            64-bit value but its invoice query casts it to a 32-bit one, so a larger value wraps
            around (2147483648 answers the first page, with a negative `total`).
        sort_by (InvoiceSortBy | str | Unset): The sort key (default `number`), compared
            case-insensitively. `issueDate`, `dueDate` and `status` sort on that value alone, so the
            order of invoices that share it is not defined and may change between pages; `number` and
            `id` are unique. The portal parses this value as its sort enum (Number=0, IssueDate=1,
            Contact=2, DueDate=3, Status=4, Id=5), so it also takes those numbers (`2` is `contact`)
            and OR-s a comma list (`number,status` is 0|4, `status`); a number outside 0..5 sorts by
            number ascending and ignores `sortOrder`. Any other text makes the portal read every match
            and sort it in memory by the invoice property of that name, ignoring `startIndex`; for a
            user who is not an administrator it then answers an empty list as soon as one match is
            hidden from them. This document allows the six names only. A sort key of `getInvoices`:
            `contact` sorts by the contact's display name with invoices
            without contact last, then by number.
        sort_order (SortOrder | str | Unset): `descending`, or `ascending` (the default). Any
            other text sorts ascending. The sort direction.
        filter_value (str | Unset): Text search in the invoice number and description: every
            space-separated word must start the number or the description, or follow a space in them
            (`0105` does not find `INV-0105`, whose word starts after a `-`); words are AND-ed,
            case-insensitively. The text is cut at its first comma. The portal builds an SQL `LIKE`
            pattern from each word and escapes nothing: `%` matches any run of characters and `_` any
            one (`%` alone finds every invoice, `INV_0105` finds `INV-0105`); search for those
            characters only where that is what you mean. A portal with full-text search instead
            matches over the number, terms, description and purchase order number.

    Raises:
        errors.PortalError: For an answer other than 2xx, unless the client has raise_on_error_status=False:
            errors.BadRequest (400, with the portal's message and hresult), errors.Unauthorized (401),
            errors.PaymentRequired (402), errors.Forbidden (403), errors.UnexpectedStatus (any other).
            Always for an answer the contract does not allow (errors.MalformedAnswer: the field's
            path in errors.SchemaMismatch) and when the portal cannot be reached after the client's
            retries (errors.PortalUnreachable; errors.PortalTimeout past a timeout or the deadline).
        ValueError: For a plain value outside its enum, before anything is sent.

    Returns:
        Response[ErrorEnvelope | InvoiceListEnvelope | str]
    """

    kwargs = _get_kwargs(
        status=status,
        issue_date_from=issue_date_from,
        issue_date_to=issue_date_to,
        due_date_from=due_date_from,
        due_date_to=due_date_to,
        entity_type=entity_type,
        entityid=entityid,
        currency=currency,
        count=count,
        start_index=start_index,
        sort_by=sort_by,
        sort_order=sort_order,
        filter_value=filter_value,
    )

    response = calls.send(client, OPERATION, kwargs)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    status: InvoiceStatus | int | Unset = UNSET,
    issue_date_from: datetime.date | Unset = UNSET,
    issue_date_to: datetime.date | Unset = UNSET,
    due_date_from: datetime.date | Unset = UNSET,
    due_date_to: datetime.date | Unset = UNSET,
    entity_type: InvoiceEntityType | str | Unset = UNSET,
    entityid: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    count: int | Unset = UNSET,
    start_index: int | Unset = UNSET,
    sort_by: InvoiceSortBy | str | Unset = UNSET,
    sort_order: SortOrder | str | Unset = UNSET,
    filter_value: str | Unset = UNSET,
) -> InvoiceListEnvelope:
    """List invoices by filter

     Returns one page of the invoices that match every given filter, in the envelope. A filter
    that is left out does not filter.

    An administrator sees every invoice. Another user sees the invoices that have no contact
    and those whose contact they may read (the contact is shared, or the user is on its
    access list). Inside a listed invoice, `contact` and `consignee` are `null` when the user
    may not read that contact, and `entity` is `null` when the deal is private to others:
    `null` does not always mean "none".

    The portal converts every argument before it checks the portal's payment (`402`) and
    the user's access to CRM (`403`): an argument that does not convert (a bad date, status
    or integer) answers `400` first. The operation's own checks (an unknown `entityType`)
    come after them. An error answer repeats the `startIndex` the request sent.

    Page with `count` and `startIndex`; the next page starts at `startIndex + count` (not at
    `nextIndex`, which is one past it). The portal also reads the filters from a JSON request
    body on this GET; this document uses the query string, as real clients do.

    Args:
        status (InvoiceStatus | int | Unset): Only invoices in this status. One value: the portal
            reads only the first of repeated values. (The portal also accepts the status name or its
            English label; this document uses the number.) The status of an invoice: DRAFT = 1, SENT =
            2 (labelled "Billed"), REJECTED = 3,
            PAID = 4, ARCHIVED = 5 (labelled "Archive").
        issue_date_from (datetime.date | Unset): Only invoices issued on or after this day (in the
            portal's time zone). A day, as a filter bound. The first and the last day of the calendar
            (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        issue_date_to (datetime.date | Unset): Only invoices issued on or before this day: the
            portal widens the bound to 23:59 of the day (`issueDateTo + 1 day - 1 minute`, in the
            portal's time zone). A day, as a filter bound. The first and the last day of the calendar
            (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        due_date_from (datetime.date | Unset): Only invoices due on or after this day (in the
            portal's time zone). A day, as a filter bound. The first and the last day of the calendar
            (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        due_date_to (datetime.date | Unset): Only invoices due on or before this day: the portal
            widens the bound to 23:59 of the day (`dueDateTo + 1 day - 1 minute`, in the portal's time
            zone). A day, as a filter bound. The first and the last day of the calendar (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        entity_type (InvoiceEntityType | str | Unset): With `entityid`: what the invoice is linked
            to. `contact` means the invoice's contact is `entityid`; `opportunity` means the invoice
            belongs to that deal. `case` is accepted but **matches nothing**: the portal stores every
            invoice linked to a deal, never to a case. The portal compares the value
            case-insensitively and rejects any other value with `400`. What `entityid` names in a
            filter.
        entityid (int | Unset): With `entityType`: the id of the contact, deal or case. Quirk of
            the portal: an `entityid` other than 0 with no `entityType` (or a negative id), and no
            other filter, gives an empty list.
        currency (str | Unset): Only invoices in this currency, by its abbreviation (`EUR`,
            `USD`); case does not matter.
        count (int | Unset): The page size: at most this many invoices. Default and maximum 1000
            (a larger value is cut to 1000; a value that is not an integer, or is negative, is
            ignored). `0` is not "no limit" and not ignored: the portal answers **one** invoice,
            without `nextIndex` (every match when `sortBy` is no sort key the portal knows).
        start_index (int | Unset): How many matching invoices to skip: the next page starts at
            `startIndex + count`. A negative value counts as 0. At most 2147483647: the portal reads a
            64-bit value but its invoice query casts it to a 32-bit one, so a larger value wraps
            around (2147483648 answers the first page, with a negative `total`).
        sort_by (InvoiceSortBy | str | Unset): The sort key (default `number`), compared
            case-insensitively. `issueDate`, `dueDate` and `status` sort on that value alone, so the
            order of invoices that share it is not defined and may change between pages; `number` and
            `id` are unique. The portal parses this value as its sort enum (Number=0, IssueDate=1,
            Contact=2, DueDate=3, Status=4, Id=5), so it also takes those numbers (`2` is `contact`)
            and OR-s a comma list (`number,status` is 0|4, `status`); a number outside 0..5 sorts by
            number ascending and ignores `sortOrder`. Any other text makes the portal read every match
            and sort it in memory by the invoice property of that name, ignoring `startIndex`; for a
            user who is not an administrator it then answers an empty list as soon as one match is
            hidden from them. This document allows the six names only. A sort key of `getInvoices`:
            `contact` sorts by the contact's display name with invoices
            without contact last, then by number.
        sort_order (SortOrder | str | Unset): `descending`, or `ascending` (the default). Any
            other text sorts ascending. The sort direction.
        filter_value (str | Unset): Text search in the invoice number and description: every
            space-separated word must start the number or the description, or follow a space in them
            (`0105` does not find `INV-0105`, whose word starts after a `-`); words are AND-ed,
            case-insensitively. The text is cut at its first comma. The portal builds an SQL `LIKE`
            pattern from each word and escapes nothing: `%` matches any run of characters and `_` any
            one (`%` alone finds every invoice, `INV_0105` finds `INV-0105`); search for those
            characters only where that is what you mean. A portal with full-text search instead
            matches over the number, terms, description and purchase order number.

    Raises:
        errors.PortalError: For any answer other than 2xx: errors.BadRequest (400, with the portal's
            message and hresult), errors.Unauthorized (401), errors.PaymentRequired (402),
            errors.Forbidden (403), errors.UnexpectedStatus (any other). For an answer the contract
            does not allow (errors.MalformedAnswer: the field's path in errors.SchemaMismatch), and
            when the portal cannot be reached after the client's retries (errors.PortalUnreachable;
            errors.PortalTimeout past a timeout or the client's deadline).
        ValueError: For a plain value outside its enum, before anything is sent.

    Returns:
        InvoiceListEnvelope
    """

    kwargs = _get_kwargs(
        status=status,
        issue_date_from=issue_date_from,
        issue_date_to=issue_date_to,
        due_date_from=due_date_from,
        due_date_to=due_date_to,
        entity_type=entity_type,
        entityid=entityid,
        currency=currency,
        count=count,
        start_index=start_index,
        sort_by=sort_by,
        sort_order=sort_order,
        filter_value=filter_value,
    )

    response = calls.send(client, OPERATION, kwargs)

    if not 200 <= response.status_code <= 299:
        raise errors.error_for_response(response, OPERATION)
    return cast(InvoiceListEnvelope, calls.parse(OPERATION, client, response, _parse_response, expects_json=True))


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: InvoiceStatus | int | Unset = UNSET,
    issue_date_from: datetime.date | Unset = UNSET,
    issue_date_to: datetime.date | Unset = UNSET,
    due_date_from: datetime.date | Unset = UNSET,
    due_date_to: datetime.date | Unset = UNSET,
    entity_type: InvoiceEntityType | str | Unset = UNSET,
    entityid: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    count: int | Unset = UNSET,
    start_index: int | Unset = UNSET,
    sort_by: InvoiceSortBy | str | Unset = UNSET,
    sort_order: SortOrder | str | Unset = UNSET,
    filter_value: str | Unset = UNSET,
) -> Response[ErrorEnvelope | InvoiceListEnvelope | str]:
    """List invoices by filter

     Returns one page of the invoices that match every given filter, in the envelope. A filter
    that is left out does not filter.

    An administrator sees every invoice. Another user sees the invoices that have no contact
    and those whose contact they may read (the contact is shared, or the user is on its
    access list). Inside a listed invoice, `contact` and `consignee` are `null` when the user
    may not read that contact, and `entity` is `null` when the deal is private to others:
    `null` does not always mean "none".

    The portal converts every argument before it checks the portal's payment (`402`) and
    the user's access to CRM (`403`): an argument that does not convert (a bad date, status
    or integer) answers `400` first. The operation's own checks (an unknown `entityType`)
    come after them. An error answer repeats the `startIndex` the request sent.

    Page with `count` and `startIndex`; the next page starts at `startIndex + count` (not at
    `nextIndex`, which is one past it). The portal also reads the filters from a JSON request
    body on this GET; this document uses the query string, as real clients do.

    Args:
        status (InvoiceStatus | int | Unset): Only invoices in this status. One value: the portal
            reads only the first of repeated values. (The portal also accepts the status name or its
            English label; this document uses the number.) The status of an invoice: DRAFT = 1, SENT =
            2 (labelled "Billed"), REJECTED = 3,
            PAID = 4, ARCHIVED = 5 (labelled "Archive").
        issue_date_from (datetime.date | Unset): Only invoices issued on or after this day (in the
            portal's time zone). A day, as a filter bound. The first and the last day of the calendar
            (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        issue_date_to (datetime.date | Unset): Only invoices issued on or before this day: the
            portal widens the bound to 23:59 of the day (`issueDateTo + 1 day - 1 minute`, in the
            portal's time zone). A day, as a filter bound. The first and the last day of the calendar
            (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        due_date_from (datetime.date | Unset): Only invoices due on or after this day (in the
            portal's time zone). A day, as a filter bound. The first and the last day of the calendar
            (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        due_date_to (datetime.date | Unset): Only invoices due on or before this day: the portal
            widens the bound to 23:59 of the day (`dueDateTo + 1 day - 1 minute`, in the portal's time
            zone). A day, as a filter bound. The first and the last day of the calendar (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        entity_type (InvoiceEntityType | str | Unset): With `entityid`: what the invoice is linked
            to. `contact` means the invoice's contact is `entityid`; `opportunity` means the invoice
            belongs to that deal. `case` is accepted but **matches nothing**: the portal stores every
            invoice linked to a deal, never to a case. The portal compares the value
            case-insensitively and rejects any other value with `400`. What `entityid` names in a
            filter.
        entityid (int | Unset): With `entityType`: the id of the contact, deal or case. Quirk of
            the portal: an `entityid` other than 0 with no `entityType` (or a negative id), and no
            other filter, gives an empty list.
        currency (str | Unset): Only invoices in this currency, by its abbreviation (`EUR`,
            `USD`); case does not matter.
        count (int | Unset): The page size: at most this many invoices. Default and maximum 1000
            (a larger value is cut to 1000; a value that is not an integer, or is negative, is
            ignored). `0` is not "no limit" and not ignored: the portal answers **one** invoice,
            without `nextIndex` (every match when `sortBy` is no sort key the portal knows).
        start_index (int | Unset): How many matching invoices to skip: the next page starts at
            `startIndex + count`. A negative value counts as 0. At most 2147483647: the portal reads a
            64-bit value but its invoice query casts it to a 32-bit one, so a larger value wraps
            around (2147483648 answers the first page, with a negative `total`).
        sort_by (InvoiceSortBy | str | Unset): The sort key (default `number`), compared
            case-insensitively. `issueDate`, `dueDate` and `status` sort on that value alone, so the
            order of invoices that share it is not defined and may change between pages; `number` and
            `id` are unique. The portal parses this value as its sort enum (Number=0, IssueDate=1,
            Contact=2, DueDate=3, Status=4, Id=5), so it also takes those numbers (`2` is `contact`)
            and OR-s a comma list (`number,status` is 0|4, `status`); a number outside 0..5 sorts by
            number ascending and ignores `sortOrder`. Any other text makes the portal read every match
            and sort it in memory by the invoice property of that name, ignoring `startIndex`; for a
            user who is not an administrator it then answers an empty list as soon as one match is
            hidden from them. This document allows the six names only. A sort key of `getInvoices`:
            `contact` sorts by the contact's display name with invoices
            without contact last, then by number.
        sort_order (SortOrder | str | Unset): `descending`, or `ascending` (the default). Any
            other text sorts ascending. The sort direction.
        filter_value (str | Unset): Text search in the invoice number and description: every
            space-separated word must start the number or the description, or follow a space in them
            (`0105` does not find `INV-0105`, whose word starts after a `-`); words are AND-ed,
            case-insensitively. The text is cut at its first comma. The portal builds an SQL `LIKE`
            pattern from each word and escapes nothing: `%` matches any run of characters and `_` any
            one (`%` alone finds every invoice, `INV_0105` finds `INV-0105`); search for those
            characters only where that is what you mean. A portal with full-text search instead
            matches over the number, terms, description and purchase order number.

    Raises:
        errors.PortalError: For an answer other than 2xx, unless the client has raise_on_error_status=False:
            errors.BadRequest (400, with the portal's message and hresult), errors.Unauthorized (401),
            errors.PaymentRequired (402), errors.Forbidden (403), errors.UnexpectedStatus (any other).
            Always for an answer the contract does not allow (errors.MalformedAnswer: the field's
            path in errors.SchemaMismatch) and when the portal cannot be reached after the client's
            retries (errors.PortalUnreachable; errors.PortalTimeout past a timeout or the deadline).
        ValueError: For a plain value outside its enum, before anything is sent.

    Returns:
        Response[ErrorEnvelope | InvoiceListEnvelope | str]
    """

    kwargs = _get_kwargs(
        status=status,
        issue_date_from=issue_date_from,
        issue_date_to=issue_date_to,
        due_date_from=due_date_from,
        due_date_to=due_date_to,
        entity_type=entity_type,
        entityid=entityid,
        currency=currency,
        count=count,
        start_index=start_index,
        sort_by=sort_by,
        sort_order=sort_order,
        filter_value=filter_value,
    )

    response = await calls.asend(client, OPERATION, kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: InvoiceStatus | int | Unset = UNSET,
    issue_date_from: datetime.date | Unset = UNSET,
    issue_date_to: datetime.date | Unset = UNSET,
    due_date_from: datetime.date | Unset = UNSET,
    due_date_to: datetime.date | Unset = UNSET,
    entity_type: InvoiceEntityType | str | Unset = UNSET,
    entityid: int | Unset = UNSET,
    currency: str | Unset = UNSET,
    count: int | Unset = UNSET,
    start_index: int | Unset = UNSET,
    sort_by: InvoiceSortBy | str | Unset = UNSET,
    sort_order: SortOrder | str | Unset = UNSET,
    filter_value: str | Unset = UNSET,
) -> InvoiceListEnvelope:
    """List invoices by filter

     Returns one page of the invoices that match every given filter, in the envelope. A filter
    that is left out does not filter.

    An administrator sees every invoice. Another user sees the invoices that have no contact
    and those whose contact they may read (the contact is shared, or the user is on its
    access list). Inside a listed invoice, `contact` and `consignee` are `null` when the user
    may not read that contact, and `entity` is `null` when the deal is private to others:
    `null` does not always mean "none".

    The portal converts every argument before it checks the portal's payment (`402`) and
    the user's access to CRM (`403`): an argument that does not convert (a bad date, status
    or integer) answers `400` first. The operation's own checks (an unknown `entityType`)
    come after them. An error answer repeats the `startIndex` the request sent.

    Page with `count` and `startIndex`; the next page starts at `startIndex + count` (not at
    `nextIndex`, which is one past it). The portal also reads the filters from a JSON request
    body on this GET; this document uses the query string, as real clients do.

    Args:
        status (InvoiceStatus | int | Unset): Only invoices in this status. One value: the portal
            reads only the first of repeated values. (The portal also accepts the status name or its
            English label; this document uses the number.) The status of an invoice: DRAFT = 1, SENT =
            2 (labelled "Billed"), REJECTED = 3,
            PAID = 4, ARCHIVED = 5 (labelled "Archive").
        issue_date_from (datetime.date | Unset): Only invoices issued on or after this day (in the
            portal's time zone). A day, as a filter bound. The first and the last day of the calendar
            (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        issue_date_to (datetime.date | Unset): Only invoices issued on or before this day: the
            portal widens the bound to 23:59 of the day (`issueDateTo + 1 day - 1 minute`, in the
            portal's time zone). A day, as a filter bound. The first and the last day of the calendar
            (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        due_date_from (datetime.date | Unset): Only invoices due on or after this day (in the
            portal's time zone). A day, as a filter bound. The first and the last day of the calendar
            (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        due_date_to (datetime.date | Unset): Only invoices due on or before this day: the portal
            widens the bound to 23:59 of the day (`dueDateTo + 1 day - 1 minute`, in the portal's time
            zone). A day, as a filter bound. The first and the last day of the calendar (0001-01-01,
            9999-12-31) overflow once the portal converts them from its time zone, and are refused.
        entity_type (InvoiceEntityType | str | Unset): With `entityid`: what the invoice is linked
            to. `contact` means the invoice's contact is `entityid`; `opportunity` means the invoice
            belongs to that deal. `case` is accepted but **matches nothing**: the portal stores every
            invoice linked to a deal, never to a case. The portal compares the value
            case-insensitively and rejects any other value with `400`. What `entityid` names in a
            filter.
        entityid (int | Unset): With `entityType`: the id of the contact, deal or case. Quirk of
            the portal: an `entityid` other than 0 with no `entityType` (or a negative id), and no
            other filter, gives an empty list.
        currency (str | Unset): Only invoices in this currency, by its abbreviation (`EUR`,
            `USD`); case does not matter.
        count (int | Unset): The page size: at most this many invoices. Default and maximum 1000
            (a larger value is cut to 1000; a value that is not an integer, or is negative, is
            ignored). `0` is not "no limit" and not ignored: the portal answers **one** invoice,
            without `nextIndex` (every match when `sortBy` is no sort key the portal knows).
        start_index (int | Unset): How many matching invoices to skip: the next page starts at
            `startIndex + count`. A negative value counts as 0. At most 2147483647: the portal reads a
            64-bit value but its invoice query casts it to a 32-bit one, so a larger value wraps
            around (2147483648 answers the first page, with a negative `total`).
        sort_by (InvoiceSortBy | str | Unset): The sort key (default `number`), compared
            case-insensitively. `issueDate`, `dueDate` and `status` sort on that value alone, so the
            order of invoices that share it is not defined and may change between pages; `number` and
            `id` are unique. The portal parses this value as its sort enum (Number=0, IssueDate=1,
            Contact=2, DueDate=3, Status=4, Id=5), so it also takes those numbers (`2` is `contact`)
            and OR-s a comma list (`number,status` is 0|4, `status`); a number outside 0..5 sorts by
            number ascending and ignores `sortOrder`. Any other text makes the portal read every match
            and sort it in memory by the invoice property of that name, ignoring `startIndex`; for a
            user who is not an administrator it then answers an empty list as soon as one match is
            hidden from them. This document allows the six names only. A sort key of `getInvoices`:
            `contact` sorts by the contact's display name with invoices
            without contact last, then by number.
        sort_order (SortOrder | str | Unset): `descending`, or `ascending` (the default). Any
            other text sorts ascending. The sort direction.
        filter_value (str | Unset): Text search in the invoice number and description: every
            space-separated word must start the number or the description, or follow a space in them
            (`0105` does not find `INV-0105`, whose word starts after a `-`); words are AND-ed,
            case-insensitively. The text is cut at its first comma. The portal builds an SQL `LIKE`
            pattern from each word and escapes nothing: `%` matches any run of characters and `_` any
            one (`%` alone finds every invoice, `INV_0105` finds `INV-0105`); search for those
            characters only where that is what you mean. A portal with full-text search instead
            matches over the number, terms, description and purchase order number.

    Raises:
        errors.PortalError: For any answer other than 2xx: errors.BadRequest (400, with the portal's
            message and hresult), errors.Unauthorized (401), errors.PaymentRequired (402),
            errors.Forbidden (403), errors.UnexpectedStatus (any other). For an answer the contract
            does not allow (errors.MalformedAnswer: the field's path in errors.SchemaMismatch), and
            when the portal cannot be reached after the client's retries (errors.PortalUnreachable;
            errors.PortalTimeout past a timeout or the client's deadline).
        ValueError: For a plain value outside its enum, before anything is sent.

    Returns:
        InvoiceListEnvelope
    """

    kwargs = _get_kwargs(
        status=status,
        issue_date_from=issue_date_from,
        issue_date_to=issue_date_to,
        due_date_from=due_date_from,
        due_date_to=due_date_to,
        entity_type=entity_type,
        entityid=entityid,
        currency=currency,
        count=count,
        start_index=start_index,
        sort_by=sort_by,
        sort_order=sort_order,
        filter_value=filter_value,
    )

    response = await calls.asend(client, OPERATION, kwargs)

    if not 200 <= response.status_code <= 299:
        raise errors.error_for_response(response, OPERATION)
    return cast(InvoiceListEnvelope, calls.parse(OPERATION, client, response, _parse_response, expects_json=True))
