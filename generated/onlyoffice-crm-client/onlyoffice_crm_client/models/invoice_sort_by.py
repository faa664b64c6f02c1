from enum import StrEnum


class InvoiceSortBy(StrEnum):
    CONTACT = "contact"
    DUEDATE = "dueDate"
    ID = "id"
    ISSUEDATE = "issueDate"
    NUMBER = "number"
    STATUS = "status"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> "InvoiceSortBy":
        """The member with this value, as `InvoiceSortBy(value)` but a dict lookup (decoding is faster)."""
        try:
            return _MEMBERS[value]
        except KeyError:
            raise ValueError(f"{value!r} is not a valid InvoiceSortBy") from None


_MEMBERS: dict[str, InvoiceSortBy] = {member.value: member for member in InvoiceSortBy}
