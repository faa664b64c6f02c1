from enum import IntEnum


class ShareType(IntEnum):
    NONE = 0
    READ_WRITE = 1
    READ = 2

    def __str__(self) -> str:
        return str(self.value)
