"""``POST /feedback``: an agent's verdict on an answer, stored with its secrets masked."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, HTTPException, status

from rag_service.http.deps import PrincipalDep, ServicesDep
from rag_service.http.feedback import FeedbackIn, make_record
from rag_service.security import for_role, mask_secret_words, prepare

logger = logging.getLogger(__name__)

router = APIRouter(tags=["page"])


@router.post("/feedback", status_code=status.HTTP_201_CREATED)
def post_feedback(
    feedback: FeedbackIn, caller: PrincipalDep, services: ServicesDep
) -> dict[str, Any]:
    """Store one agent verdict ("resolveu" / "nao_resolveu", with its reasons) on an answer;
    the answer echoes what was stored so that the page shows the verdict sent.

    The file is read by people growing the gold set: secret values (passwords) are masked in it
    whatever the caller's role, like in the audit log (the provider's secrets, or every
    provider's when the feedback names none the index knows).
    """
    record = make_record(feedback)
    record["key_id"] = caller.key_id
    engine = services.store.engine
    if engine is not None:
        view = engine.indexes.get(feedback.provider or "")
        if view is not None:
            record = for_role(record, prepare(view.secrets), sees_secrets=False)
            record.pop("redacted", None)
        else:
            record = mask_secret_words(record, engine.every_secret)
    try:
        services.feedback.append(record)
    except OSError as exc:
        logger.error("feedback not stored in %s: %s", services.feedback.path, exc)
        raise HTTPException(
            status_code=503, detail="feedback could not be stored (storage unavailable)"
        ) from exc
    logger.info("feedback %s stored: %s", record["id"], record["verdict"])
    return {
        "id": record["id"],
        "stored": True,
        "verdict": record["verdict"],
        "reasons": record["reasons"],
    }
