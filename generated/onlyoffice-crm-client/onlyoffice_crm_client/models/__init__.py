"""Contains all the data models used in inputs/outputs"""

from .api_error import ApiError
from .api_error_data import ApiErrorData
from .contact import Contact
from .currency import Currency
from .delete_invoices_request import DeleteInvoicesRequest
from .employee import Employee
from .error_envelope import ErrorEnvelope
from .invoice import Invoice
from .invoice_entity import InvoiceEntity
from .invoice_entity_type import InvoiceEntityType
from .invoice_list_envelope import InvoiceListEnvelope
from .invoice_sort_by import InvoiceSortBy
from .invoice_status import InvoiceStatus
from .invoice_status_info import InvoiceStatusInfo
from .invoice_template_type import InvoiceTemplateType
from .share_type import ShareType
from .sort_order import SortOrder

__all__ = (
    "ApiError",
    "ApiErrorData",
    "Contact",
    "Currency",
    "DeleteInvoicesRequest",
    "Employee",
    "ErrorEnvelope",
    "Invoice",
    "InvoiceEntity",
    "InvoiceEntityType",
    "InvoiceListEnvelope",
    "InvoiceSortBy",
    "InvoiceStatus",
    "InvoiceStatusInfo",
    "InvoiceTemplateType",
    "ShareType",
    "SortOrder",
)
