from enum import IntEnum


class InvoiceStatus(IntEnum):
    DRAFT = 1
    SENT = 2
    REJECTED = 3
    PAID = 4
    ARCHIVED = 5

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: int) -> "InvoiceStatus":
        """The member with this value, as `InvoiceStatus(value)` but a dict lookup (decoding is faster)."""
        try:
            return _MEMBERS[value]
        except KeyError:
            raise ValueError(f"{value!r} is not a valid InvoiceStatus") from None

    @classmethod
    def coerce(cls, value: "InvoiceStatus | int", parameter: str) -> "InvoiceStatus":
        """A member or its plain value (read from a config file or a command line) as the member.

        Raises ValueError naming the parameter and the allowed values, before any request is sent.
        """
        try:
            return _MEMBERS[value]
        except (KeyError, TypeError):
            allowed = ", ".join(repr(member.value) for member in cls)
            raise ValueError(f"{parameter}: {value!r} is not one of {allowed}") from None


_MEMBERS: dict[int, InvoiceStatus] = {member.value: member for member in InvoiceStatus}
