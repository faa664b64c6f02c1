from enum import IntEnum


class ShareType(IntEnum):
    NONE = 0
    READ_WRITE = 1
    READ = 2

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def from_value(cls, value: int) -> "ShareType":
        """The member with this value, as `ShareType(value)` but a dict lookup (decoding is faster)."""
        try:
            return _MEMBERS[value]
        except KeyError:
            raise ValueError(f"{value!r} is not a valid ShareType") from None

    @classmethod
    def coerce(cls, value: "ShareType | int", parameter: str) -> "ShareType":
        """A member or its plain value (read from a config file or a command line) as the member.

        Raises ValueError naming the parameter and the allowed values, before any request is sent.
        """
        try:
            return _MEMBERS[value]
        except (KeyError, TypeError):
            allowed = ", ".join(repr(member.value) for member in cls)
            raise ValueError(f"{parameter}: {value!r} is not one of {allowed}") from None


_MEMBERS: dict[int, ShareType] = {member.value: member for member in ShareType}
