"""The API's routers, one a module; ``rag_service.http.app`` includes them all."""

from rag_service.http.routes import ask, feedback, index, ops

ROUTERS = (ask.router, index.router, ops.router, feedback.router)

__all__ = ["ROUTERS"]
