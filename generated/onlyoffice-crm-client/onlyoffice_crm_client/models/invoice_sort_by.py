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

    @classmethod
    def coerce(cls, value: "InvoiceSortBy | str", parameter: str) -> "InvoiceSortBy":
        """A member or its plain value (read from a config file or a command line) as the member.

        Raises ValueError naming the parameter and the allowed values, before any request is sent.
        """
        try:
            return _MEMBERS[value]
        except (KeyError, TypeError):
            allowed = ", ".join(repr(member.value) for member in cls)
            raise ValueError(f"{parameter}: {value!r} is not one of {allowed}") from None


_MEMBERS: dict[str, InvoiceSortBy] = {member.value: member for member in InvoiceSortBy}
