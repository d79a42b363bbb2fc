"""Answering questions from an index version: rules on facts, hybrid retrieval, hot reload.

No fastapi here: the HTTP layer turns these records into responses.
"""

from rag_service.answering.engine import Engine, RankingOptions, read_question
from rag_service.answering.provider_index import ProviderIndex
from rag_service.answering.records import (
    MAX_TOP_K,
    MODES,
    Answer,
    Gap,
    Mode,
    Passage,
    ProviderError,
    ProviderRequiredError,
    QuestionError,
    SearchResult,
    UnknownProviderError,
    Verdict,
)
from rag_service.answering.store import EngineStore, engine_builder

__all__ = [
    "MAX_TOP_K",
    "MODES",
    "Answer",
    "Engine",
    "EngineStore",
    "Gap",
    "Mode",
    "Passage",
    "ProviderError",
    "ProviderIndex",
    "ProviderRequiredError",
    "QuestionError",
    "RankingOptions",
    "SearchResult",
    "UnknownProviderError",
    "Verdict",
    "engine_builder",
    "read_question",
]
