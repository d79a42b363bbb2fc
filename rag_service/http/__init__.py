"""The HTTP edge: the app factory, routes, request limits and the pydantic request/response
models. The only package that imports fastapi besides the page."""

from rag_service.http.app import create_app, create_app_from_env, make_services

__all__ = ["create_app", "create_app_from_env", "make_services"]
