"""The agents' search page: ``GET /`` and its static files (``routes``)."""

from rag_service.page.routes import router

__all__ = ["router"]
