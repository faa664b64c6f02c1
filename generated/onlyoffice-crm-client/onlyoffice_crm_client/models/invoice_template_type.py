from enum import IntEnum


class InvoiceTemplateType(IntEnum):
    EUR = 0
    RUS = 1

    def __str__(self) -> str:
        return str(self.value)
