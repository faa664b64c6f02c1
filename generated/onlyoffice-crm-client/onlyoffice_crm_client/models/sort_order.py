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


_MEMBERS: dict[str, SortOrder] = {member.value: member for member in SortOrder}
