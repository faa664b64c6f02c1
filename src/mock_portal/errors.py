"""Errors the portal reports in its envelope, with the .NET messages and HRESULTs it would send."""

from __future__ import annotations

# HRESULTs of the .NET exception types behind each answer.
HRESULT_ARGUMENT = -2147024809  # System.ArgumentException (COR_E_ARGUMENT)
HRESULT_FORMAT = -2146233033  # System.FormatException
HRESULT_OVERFLOW = -2146233066  # System.OverflowException
HRESULT_SECURITY = -2146233078  # System.Security.SecurityException
HRESULT_INVALID_OPERATION = -2146233079  # System.InvalidOperationException
HRESULT_MISSING_METHOD = -2146233069  # System.MissingMethodException
HRESULT_GENERIC = -2146233088  # System.Exception (COR_E_EXCEPTION)
HRESULT_FAIL = -2147467259  # E_FAIL: the portal's payment and product filters

MSG_EXPECTED_RANGE = "Value does not fall within the expected range."
MSG_BAD_FORMAT = "Input string was not in a correct format."
MSG_INT32_OVERFLOW = "Value was either too large or too small for an Int32."


class ApiError(Exception):
    """An error answered with the error envelope."""

    def __init__(self, status: int, message: str, hresult: int = HRESULT_GENERIC) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.hresult = hresult


def bad_argument(message: str = MSG_EXPECTED_RANGE, hresult: int = HRESULT_ARGUMENT) -> ApiError:
    """400: what the portal answers for any ArgumentException."""
    return ApiError(400, message, hresult)


def bad_json(message: str) -> ApiError:
    """400 with the JSON parser's own message (a JsonReaderException: a plain Exception)."""
    return ApiError(400, message, HRESULT_GENERIC)


def bad_int() -> ApiError:
    return ApiError(400, MSG_BAD_FORMAT, HRESULT_FORMAT)


def int_overflow() -> ApiError:
    return ApiError(400, MSG_INT32_OVERFLOW, HRESULT_OVERFLOW)


def forbidden() -> ApiError:
    """403 from the product filter: CRM is not open to the user."""
    return ApiError(403, "Forbidden", HRESULT_FAIL)


def payment_required() -> ApiError:
    """402 from the payment filter: the portal is unpaid or not active."""
    return ApiError(402, "PaymentRequired", HRESULT_FAIL)


def not_found() -> ApiError:
    return ApiError(404, "Method not found", HRESULT_MISSING_METHOD)


def method_not_allowed() -> ApiError:
    return ApiError(405, "Method not allowed", HRESULT_INVALID_OPERATION)


def too_large(limit: int) -> ApiError:
    return ApiError(413, f"Request body too large (limit {limit} bytes)", HRESULT_GENERIC)
