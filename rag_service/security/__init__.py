"""Who may read what: API keys and roles, redaction of secrets, the audit trail.

No fastapi here (the HTTP layer's dependencies use these); the audit middleware is plain ASGI.
"""

from rag_service.security.audit import AuditLog, AuditMiddleware
from rag_service.security.disclosure import (
    KEY_MARK,
    SECRET_MARK,
    disclose,
    mask_secret_words,
    scrub,
)
from rag_service.security.exposure import (
    URL_KEY_DETAIL,
    exposure_problem,
    install_log_filter,
    is_loopback,
    url_key_params,
)
from rag_service.security.keyring import KeyEntry, KeyRing, KeysError, hash_key
from rag_service.security.redact import MASK, WITHHELD_MASK, Secrets, for_role, prepare
from rag_service.security.roles import LOCAL_PRINCIPAL, ROLES, Principal, Role

__all__ = [
    "KEY_MARK",
    "LOCAL_PRINCIPAL",
    "MASK",
    "ROLES",
    "SECRET_MARK",
    "URL_KEY_DETAIL",
    "WITHHELD_MASK",
    "AuditLog",
    "AuditMiddleware",
    "KeyEntry",
    "KeyRing",
    "KeysError",
    "Principal",
    "Role",
    "Secrets",
    "disclose",
    "exposure_problem",
    "for_role",
    "hash_key",
    "install_log_filter",
    "is_loopback",
    "mask_secret_words",
    "prepare",
    "scrub",
    "url_key_params",
]
