"""Who is asking: a key's id and role, and what each role may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["agent", "viewer", "admin"]
ROLES: tuple[Role, ...] = ("agent", "viewer", "admin")
# Roles that may read credential values as the sheet has them.
SECRET_ROLES: frozenset[str] = frozenset({"agent", "admin"})
LOCAL = "local"


@dataclass(frozen=True)
class Principal:
    """The caller of a request: the id of its key (never the key) and its role."""

    key_id: str
    role: Role

    @property
    def sees_secrets(self) -> bool:
        return self.role in SECRET_ROLES


# Without keys configured, every caller is the local user: the service then listens on
# loopback only (``rag_service.security.exposure``).
LOCAL_PRINCIPAL = Principal(LOCAL, "admin")
