from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import calls, errors
from ...client import AuthenticatedClient, Client
from ...models.delete_invoices_request import DeleteInvoicesRequest
from ...models.error_envelope import ErrorEnvelope
from ...models.invoice_list_envelope import InvoiceListEnvelope
from ...types import Response

OPERATION = "delete_invoices"


def _get_kwargs(
    *,
    body: DeleteInvoicesRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/2.0/crm/invoice",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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
    body: DeleteInvoicesRequest,
) -> Response[ErrorEnvelope | InvoiceListEnvelope | str]:
    """Delete a batch of invoices

     Deletes the listed invoices with their lines, in one transaction, and returns the
    invoices it deleted.

    Ids that do not exist, and ids of invoices the user may not delete, are **skipped
    silently**: no `403` or `404`. An administrator may delete every invoice; another user
    exactly the invoices they created, **whatever the contact's privacy**: a user may delete
    an invoice of theirs that they cannot see in a list, because its contact has since
    become private to others. The status of an invoice does not matter. When nothing could
    be deleted the answer is `200` with an empty `response`.

    The deleted invoices in the answer are built after their lines were removed, so their
    `cost` is `0` (a quirk of the portal); contacts and deals the user may not read are
    `null` in them, as in a list. An id that is not an integer is a `400` before the
    payment and access checks; an empty or missing id list is a `400` after them.

    Args:
        body (DeleteInvoicesRequest): The body of `deleteInvoices`.

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
        body=body,
    )

    response = calls.send(client, OPERATION, kwargs)

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteInvoicesRequest,
) -> InvoiceListEnvelope:
    """Delete a batch of invoices

     Deletes the listed invoices with their lines, in one transaction, and returns the
    invoices it deleted.

    Ids that do not exist, and ids of invoices the user may not delete, are **skipped
    silently**: no `403` or `404`. An administrator may delete every invoice; another user
    exactly the invoices they created, **whatever the contact's privacy**: a user may delete
    an invoice of theirs that they cannot see in a list, because its contact has since
    become private to others. The status of an invoice does not matter. When nothing could
    be deleted the answer is `200` with an empty `response`.

    The deleted invoices in the answer are built after their lines were removed, so their
    `cost` is `0` (a quirk of the portal); contacts and deals the user may not read are
    `null` in them, as in a list. An id that is not an integer is a `400` before the
    payment and access checks; an empty or missing id list is a `400` after them.

    Args:
        body (DeleteInvoicesRequest): The body of `deleteInvoices`.

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
        body=body,
    )

    response = calls.send(client, OPERATION, kwargs)

    if not 200 <= response.status_code <= 299:
        raise errors.error_for_response(response, OPERATION)
    return cast(InvoiceListEnvelope, calls.parse(OPERATION, client, response, _parse_response, expects_json=True))


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteInvoicesRequest,
) -> Response[ErrorEnvelope | InvoiceListEnvelope | str]:
    """Delete a batch of invoices

     Deletes the listed invoices with their lines, in one transaction, and returns the
    invoices it deleted.

    Ids that do not exist, and ids of invoices the user may not delete, are **skipped
    silently**: no `403` or `404`. An administrator may delete every invoice; another user
    exactly the invoices they created, **whatever the contact's privacy**: a user may delete
    an invoice of theirs that they cannot see in a list, because its contact has since
    become private to others. The status of an invoice does not matter. When nothing could
    be deleted the answer is `200` with an empty `response`.

    The deleted invoices in the answer are built after their lines were removed, so their
    `cost` is `0` (a quirk of the portal); contacts and deals the user may not read are
    `null` in them, as in a list. An id that is not an integer is a `400` before the
    payment and access checks; an empty or missing id list is a `400` after them.

    Args:
        body (DeleteInvoicesRequest): The body of `deleteInvoices`.

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
        body=body,
    )

    response = await calls.asend(client, OPERATION, kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: DeleteInvoicesRequest,
) -> InvoiceListEnvelope:
    """Delete a batch of invoices

     Deletes the listed invoices with their lines, in one transaction, and returns the
    invoices it deleted.

    Ids that do not exist, and ids of invoices the user may not delete, are **skipped
    silently**: no `403` or `404`. An administrator may delete every invoice; another user
    exactly the invoices they created, **whatever the contact's privacy**: a user may delete
    an invoice of theirs that they cannot see in a list, because its contact has since
    become private to others. The status of an invoice does not matter. When nothing could
    be deleted the answer is `200` with an empty `response`.

    The deleted invoices in the answer are built after their lines were removed, so their
    `cost` is `0` (a quirk of the portal); contacts and deals the user may not read are
    `null` in them, as in a list. An id that is not an integer is a `400` before the
    payment and access checks; an empty or missing id list is a `400` after them.

    Args:
        body (DeleteInvoicesRequest): The body of `deleteInvoices`.

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
        body=body,
    )

    response = await calls.asend(client, OPERATION, kwargs)

    if not 200 <= response.status_code <= 299:
        raise errors.error_for_response(response, OPERATION)
    return cast(InvoiceListEnvelope, calls.parse(OPERATION, client, response, _parse_response, expects_json=True))
