"""Who may read, edit and delete what: the portal's CRM security rules.

A contact's share type is None (0: private, only its access list and the administrator read
it), ReadWrite (1) or Read (2). A deal is private or not; a private deal is read by its access
list and the administrator. An invoice is listed to a user when it has no contact or its
contact is readable; it may be deleted by the administrator or its creator.
"""

from __future__ import annotations

from dataclasses import dataclass

from .reference import User

SHARE_NONE, SHARE_READ_WRITE, SHARE_READ = 0, 1, 2
SHARE_TYPES = (SHARE_NONE, SHARE_READ_WRITE, SHARE_READ)

# Contacts the user (parameter: user id) may not read.
HIDDEN_CONTACTS = (
    "SELECT c.id FROM contact c WHERE c.share_type = 0 AND NOT EXISTS "
    "(SELECT 1 FROM contact_access a WHERE a.contact_id = c.id AND a.user_id = ?)"
)
# An invoice a user who is not the administrator may see (parameter: user id).
VISIBLE = f"(i.contact_id IS NULL OR i.contact_id NOT IN ({HIDDEN_CONTACTS}))"


@dataclass(frozen=True)
class Rights:
    """A contact's or a deal's privacy: private or not, and the users on its access list."""

    private: bool
    members: frozenset[int]
    read_write: bool = False  # a contact shared ReadWrite

    def readable(self, user: User) -> bool:
        return user.is_admin or not self.private or user.id in self.members

    def editable(self, user: User) -> bool:
        """A contact's canEdit."""
        return user.is_admin or self.read_write or user.id in self.members


def contact_rights(share_type: int, members: frozenset[int]) -> Rights:
    return Rights(share_type == SHARE_NONE, members, share_type == SHARE_READ_WRITE)


def may_delete(user: User, create_by: int) -> bool:
    return user.is_admin or user.id == create_by


def may_edit_invoice(user: User, create_by: int, status: int) -> bool:
    return may_delete(user, create_by) and status == 1  # Draft only
