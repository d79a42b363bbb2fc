"""The API's routers, one a module; ``rag_service.http.app`` includes them all."""

from rag_service.http.routes import admin, ask, feedback, index, ops

ROUTERS = (ask.router, index.router, ops.router, feedback.router, admin.router)

__all__ = ["ROUTERS"]
