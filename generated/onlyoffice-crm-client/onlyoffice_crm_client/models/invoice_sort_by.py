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
