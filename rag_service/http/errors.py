"""How the engine's errors become HTTP errors: short bodies of bounded size."""

from __future__ import annotations

import json

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from rag_service.answering import (
    ProviderError,
    ProviderRequiredError,
    QuestionError,
    UnknownProviderError,
)
from rag_service.answering.records import MAX_LISTED_PROVIDERS


async def _provider_error(request: Request, exc: Exception) -> Response:
    """404 (unknown) or 422 (required): the first providers and how many there are."""
    known = sorted(exc.known) if isinstance(exc, ProviderError) else []
    status = 404 if isinstance(exc, UnknownProviderError) else 422
    return JSONResponse(
        status_code=status,
        content={
            "detail": str(exc),
            "known_providers": known[:MAX_LISTED_PROVIDERS],
            "known_count": len(known),
        },
    )


async def _question_error(request: Request, exc: Exception) -> Response:
    return JSONResponse(status_code=422, content={"detail": str(exc)})


async def _validation_error(request: Request, exc: Exception) -> Response:
    """FastAPI's 422 body, written as ASCII JSON: the echoed input may hold lone surrogates."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else [str(exc)]
    body = json.dumps({"detail": jsonable_encoder(errors)}, ensure_ascii=True)
    return Response(body, status_code=422, media_type="application/json")


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(UnknownProviderError, _provider_error)
    app.add_exception_handler(ProviderRequiredError, _provider_error)
    app.add_exception_handler(QuestionError, _question_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
