"""Request and response bodies of the HTTP API."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rag_service.answering import MAX_TOP_K, read_question
from rag_service.settings import MAX_QUESTION_CHARS


def clean_question(text: str) -> str:
    """The question as it is read: control characters removed; blank or too long is an error."""
    if len(text) > MAX_QUESTION_CHARS:
        raise ValueError(f"question is longer than {MAX_QUESTION_CHARS} characters ({len(text)})")
    cleaned = read_question(text)
    if not cleaned:
        raise ValueError("question is empty: type what the customer asks")
    return cleaned


class AskRequest(BaseModel):
    """``POST /ask`` body."""

    model_config = ConfigDict(extra="ignore")

    question: str = Field(description="What the agent types, as typed.")
    provider: str | None = Field(
        default=None, description="Provider id; may be omitted while the index holds one."
    )
    top_k: int = Field(
        default=3, ge=1, le=MAX_TOP_K, strict=True, description="Passages to return."
    )
    reveal: bool = Field(
        default=True,
        strict=True,
        description="false for a preview (answer-as-you-type): an answer that would disclose "
        "a secret comes back with it masked and withheld: true, audited as not disclosed.",
    )

    @field_validator("question")
    @classmethod
    def _question(cls, value: str) -> str:
        return clean_question(value)

    @field_validator("provider")
    @classmethod
    def _provider(cls, value: str | None) -> str | None:
        if value is None:
            return None
        cleaned = read_question(value)
        return cleaned or None


# What the numbers of ``lines`` count (ingest.records): lines of a text sheet, or a DOCX's
# paragraphs and table rows; the page shows "linha 12" or "parágrafo 12".
Span = Annotated[
    Literal["line", "paragraph"],
    Field(description='What "lines" counts: "line", or "paragraph" (a DOCX sheet).'),
]


class Passage(BaseModel):
    """A unit of the sheet as retrieved."""

    id: str
    section: str
    question: str | None
    text: str
    score: float
    lines: tuple[int, int]
    span: Span = "line"


class FactOut(BaseModel):
    """A typed value of the sheet with the lines it came from."""

    id: str
    provider: str
    kind: str
    subject: str
    value: str
    unit_id: str
    lines: tuple[int, int]
    attrs: dict[str, Any]
    caveats: list[str]
    secret: bool = Field(default=False, description="A value only some roles may read.")
    span: Span = "line"


class GapOut(BaseModel):
    """Why a not_found answer is not found."""

    kind: Literal["blank", "absent", "entity", "value"] = Field(
        description="blank: the sheet asks the question and leaves it unanswered; absent: the "
        "sheet has nothing on it; entity: no such model or speed (see suggestions); value: the "
        "sheet names what was asked but not the value asked for (a fee without its amount)."
    )
    question: str | None = Field(
        default=None,
        description="blank: the question, as written; value: what the sheet says instead.",
    )
    lines: tuple[int, int] | None = Field(default=None, description="Its lines in the sheet.")
    mention: str | None = Field(
        default=None,
        description="With entity: the question's words that named it (replace them with a "
        "suggestion to ask again).",
    )
    span: Span = "line"


class AskResponse(BaseModel):
    """``POST /ask`` answer: the sheet's text or a rule's answer built from facts."""

    question: str
    provider: str
    status: Literal["answered", "not_found"]
    answer: str | None
    source: Literal["rule", "retrieval"] | None
    rule: str | None
    facts: list[FactOut]
    caveats: list[str]
    confidence: float = Field(ge=0.0, le=1.0)
    value: str | None
    suggestions: list[str] = Field(
        default_factory=list,
        description="The sheet's entities the question may have meant (models, speeds): "
        "ask again with one of them.",
    )
    gap: GapOut | None = Field(default=None, description="With not_found: why.")
    passages: list[Passage]
    index_version: str
    took_ms: float
    redacted: bool = Field(
        default=False, description="True when secret values were masked for the caller's role."
    )
    withheld: bool = Field(
        default=False,
        description="True when secret values were masked because the request said reveal: "
        "false; ask again with reveal: true to see them.",
    )


class SearchResponse(BaseModel):
    """``GET /search`` answer: passages only."""

    question: str
    provider: str
    passages: list[Passage]
    index_version: str
    took_ms: float
    redacted: bool = Field(
        default=False, description="True when secret values were masked for the caller's role."
    )


class FactsResponse(BaseModel):
    """``GET /facts`` answer."""

    provider: str
    kind: str | None
    facts: list[FactOut]
    index_version: str
    redacted: bool = Field(
        default=False, description="True when secret values were masked for the caller's role."
    )


class ProviderOut(BaseModel):
    id: str
    name: str


CREATED_AT = "When the version in service was published (ISO 8601, UTC), from its manifest."


class ProvidersResponse(BaseModel):
    providers: list[ProviderOut]
    index_version: str
    index_created_at: str | None = Field(default=None, description=CREATED_AT)


class ObjectStoreState(BaseModel):
    """A replica's view of the object store it follows."""

    url: str
    current: str | None = Field(description="The version the store's CURRENT named last.")
    in_sync: bool = Field(description="The replica serves the store's current version.")
    error: str | None = Field(description="Why the last look at the store failed, if it did.")


class ReadyResponse(BaseModel):
    index_version: str
    index_created_at: str | None = Field(default=None, description=CREATED_AT)
    providers: list[str] = Field(description="The first providers (GET /providers: all).")
    provider_count: int
    reload_error: str | None = Field(
        default=None, description="Why the last version seen was not loaded, if it was not."
    )
    object_store: ObjectStoreState | None = None


class HealthResponse(BaseModel):
    status: Literal["ok"] = "ok"


class FindingOut(BaseModel):
    """What a sheet leaves unanswered or unclear, where: ``path:line: kind: message``."""

    path: str
    line: int
    kind: str = Field(description="A stable English word, e.g. unanswered-question.")
    message: str = Field(description="What and where, in Portuguese; never a secret value.")
    provider: str


class SheetHealthResponse(BaseModel):
    """``GET /admin/health``: the lint findings ingest kept with the version in service."""

    index_version: str
    provider: str | None = Field(description="The provider asked for; null for all of them.")
    kept: bool = Field(
        description="False when the version was published before findings were kept "
        "(re-run python -m ingest to get them)."
    )
    count: int
    by_kind: dict[str, int]
    findings: list[FindingOut]


class ClosestUnitOut(BaseModel):
    """The unit of the sheet nearest to a topic (its question or first line, not its answer)."""

    id: str
    section: str
    text: str
    lines: tuple[int, int]
    blank: bool = Field(description="The sheet asks this question and leaves it unanswered.")


class GapGroupOut(BaseModel):
    """One topic agents asked about that the sheet did not answer."""

    provider: str
    topic: str = Field(description="The words most of its questions share.")
    count: int = Field(description="Questions asked (not_found answers and nao_resolveu).")
    agents: int = Field(description="Distinct API keys that asked.")
    not_found: int
    nao_resolveu: int
    examples: list[str] = Field(description="The most asked wordings, secrets scrubbed.")
    top_unit: str | None = Field(description="The unit the service ranked first most often.")
    closest: ClosestUnitOut | None = Field(description="The sheet's closest unit, if any.")
    last_asked: str | None


class GapsResponse(BaseModel):
    """``GET /admin/gaps``: the service's own audit trail and feedback, grouped."""

    index_version: str | None
    provider: str | None
    since: str | None
    asked: int = Field(description="Questions counted (before grouping).")
    groups: list[GapGroupOut]


class ErrorOut(BaseModel):
    """Every error body: ``detail`` (a message, or FastAPI's list of validation errors)."""

    detail: str | list[dict[str, Any]]
    known_providers: list[str] | None = Field(
        default=None,
        description="With an unknown or missing provider: the first providers there are.",
    )
    known_count: int | None = Field(
        default=None, description="With an unknown or missing provider: how many there are."
    )


# The error statuses any endpoint may answer, documented once for the whole API
# (``FastAPI(responses=ERROR_RESPONSES)``) so that clients and schema checks know their bodies.
# 429 and 504 come only from the limits of /ask and /search: documented there (LIMIT_RESPONSES).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Unreadable body, or a key sent in the URL."},
    401: {"model": ErrorOut, "description": "Missing or unknown API key."},
    403: {"model": ErrorOut, "description": "The key's role may not do this."},
    404: {"model": ErrorOut, "description": "Unknown provider."},
    413: {"model": ErrorOut, "description": "Request body too large."},
    422: {"model": ErrorOut, "description": "Invalid input, or a provider is required."},
    503: {"model": ErrorOut, "description": "No index loaded, or too many requests in flight."},
}

# Responses the key check may give, for the OpenAPI of the protected routes.
AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "a key was sent in the URL"},
    401: {"description": "missing or unknown API key"},
}
ADMIN_RESPONSES: dict[int | str, dict[str, Any]] = {
    **AUTH_RESPONSES,
    403: {"description": "the key's role may not do this"},
}
