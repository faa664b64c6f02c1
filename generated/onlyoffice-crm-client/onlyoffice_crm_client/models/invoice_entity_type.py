from enum import StrEnum


class InvoiceEntityType(StrEnum):
    CASE = "case"
    CONTACT = "contact"
    OPPORTUNITY = "opportunity"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> "InvoiceEntityType":
        """The member with this value, as `InvoiceEntityType(value)` but a dict lookup (decoding is faster)."""
        try:
            return _MEMBERS[value]
        except KeyError:
            raise ValueError(f"{value!r} is not a valid InvoiceEntityType") from None


_MEMBERS: dict[str, InvoiceEntityType] = {member.value: member for member in InvoiceEntityType}
