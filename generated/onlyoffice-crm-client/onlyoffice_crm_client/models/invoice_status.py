from enum import IntEnum


class InvoiceStatus(IntEnum):
    DRAFT = 1
    SENT = 2
    REJECTED = 3
    PAID = 4
    ARCHIVED = 5

    def __str__(self) -> str:
        return str(self.value)
