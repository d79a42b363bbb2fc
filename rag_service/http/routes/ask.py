"""``POST /ask`` and ``GET /search``: answers and passages, within the request limits."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request

from rag_service.http.deps import (
    EngineDep,
    LimitsDep,
    PrincipalDep,
    ProviderQuery,
    ServicesDep,
    TopKQuery,
)
from rag_service.http.limits import LIMIT_RESPONSES, caller_of
from rag_service.http.responses import deliver
from rag_service.http.schemas import AskRequest, AskResponse, SearchResponse, clean_question
from rag_service.settings import MAX_QUESTION_CHARS

router = APIRouter(tags=["qa"])


@router.post("/ask", response_model=AskResponse, responses=LIMIT_RESPONSES)
async def ask(
    caller: PrincipalDep,
    request: AskRequest,
    engine: EngineDep,
    limits: LimitsDep,
    services: ServicesDep,
    http: Request,
) -> dict[str, Any]:
    """Answer an agent's question from the provider's sheet.

    With ``"reveal": false`` (the page's answer-as-you-type previews) an answer that would
    disclose a secret comes back with it masked and ``"withheld": true``, audited as not
    disclosed: the agent asks again with Enter (``reveal`` true, the default) to see it.
    """
    answer = await limits.run(
        caller_of(http), engine.ask, request.question, request.provider, request.top_k
    )
    secrets = engine.indexes[answer.provider].secrets
    body = answer.to_dict()
    return deliver(http, services, caller, secrets, body, engine.every_secret, request.reveal)


@router.get("/search", response_model=SearchResponse, responses=LIMIT_RESPONSES)
async def search(
    caller: PrincipalDep,
    engine: EngineDep,
    limits: LimitsDep,
    services: ServicesDep,
    http: Request,
    q: Annotated[str, Query(max_length=MAX_QUESTION_CHARS)],
    provider: ProviderQuery = None,
    top_k: TopKQuery = 3,
) -> dict[str, Any]:
    """The passages that best match a question (no answer)."""
    try:
        question = clean_question(q)
    except ValueError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None
    found = await limits.run(caller_of(http), engine.search, question, provider, top_k)
    secrets = engine.indexes[found.provider].secrets
    return deliver(http, services, caller, secrets, found.to_dict(), engine.every_secret)
