from enum import StrEnum


class SortOrder(StrEnum):
    ASCENDING = "ascending"
    DESCENDING = "descending"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: str) -> "SortOrder":
        """The member with this value, as `SortOrder(value)` but a dict lookup (decoding is faster)."""
        try:
            return _MEMBERS[value]
        except KeyError:
            raise ValueError(f"{value!r} is not a valid SortOrder") from None

    @classmethod
    def coerce(cls, value: "SortOrder | str", parameter: str) -> "SortOrder":
        """A member or its plain value (read from a config file or a command line) as the member.

        Raises ValueError naming the parameter and the allowed values, before any request is sent.
        """
        try:
            return _MEMBERS[value]
        except (KeyError, TypeError):
            allowed = ", ".join(repr(member.value) for member in cls)
            raise ValueError(f"{parameter}: {value!r} is not one of {allowed}") from None


_MEMBERS: dict[str, SortOrder] = {member.value: member for member in SortOrder}
