from enum import IntEnum


class InvoiceTemplateType(IntEnum):
    EUR = 0
    RUS = 1

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: int) -> "InvoiceTemplateType":
        """The member with this value, as `InvoiceTemplateType(value)` but a dict lookup (decoding is faster)."""
        try:
            return _MEMBERS[value]
        except KeyError:
            raise ValueError(f"{value!r} is not a valid InvoiceTemplateType") from None


_MEMBERS: dict[int, InvoiceTemplateType] = {member.value: member for member in InvoiceTemplateType}
