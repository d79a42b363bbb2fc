"""``disclose(..., reveal=False)``: secrets withheld from previews, on plain data."""

from __future__ import annotations

from typing import Any

from rag_service.security import LOCAL_PRINCIPAL, MASK, WITHHELD_MASK, Principal, prepare
from rag_service.security.disclosure import disclose, would_disclose

VIEWER = Principal(key_id="v", role="viewer")


def _body(value: str = "Abc123@", secret: bool = True) -> dict[str, Any]:
    return {
        "question": "senha do x1",
        "provider": "p",
        "answer": f"X1 — login: admin — senha: {value}",
        "value": value,
        "facts": [
            {"id": "f1", "value": value, "secret": secret, "attrs": {"password": value}},
        ],
        "passages": [{"id": "u1", "text": f"X1 | admin | {value}"}],
        "status": "answered",
    }


def test_a_preview_masks_every_secret_and_says_withheld() -> None:
    body = _body()
    out, note = disclose(body, LOCAL_PRINCIPAL, prepare(("Abc123@",)), reveal=False)
    assert out["withheld"] is True and out["redacted"] is False
    assert out["value"] == WITHHELD_MASK
    assert out["answer"] == f"X1 — login: admin — senha: {WITHHELD_MASK}"
    assert out["passages"][0]["text"] == f"X1 | admin | {WITHHELD_MASK}"
    assert out["facts"][0]["value"] == WITHHELD_MASK
    assert out["facts"][0]["attrs"]["password"] == WITHHELD_MASK
    assert note["secret_disclosed"] is False and note["withheld"] is True
    assert body == _body()  # the input is not modified


def test_a_secret_fact_too_short_for_a_pattern_is_withheld_too() -> None:
    # "-" is not in the provider's secret values (too short), yet the fact is marked secret.
    body = _body(value="-")
    assert would_disclose(body, prepare(()))
    out, _ = disclose(body, LOCAL_PRINCIPAL, prepare(()), reveal=False)
    assert out["value"] == WITHHELD_MASK and out["facts"][0]["value"] == WITHHELD_MASK
    assert out["answer"].endswith("senha: -")  # no dash of the text is touched


def test_reveal_true_or_nothing_secret_changes_nothing() -> None:
    out, note = disclose(_body(), LOCAL_PRINCIPAL, prepare(("Abc123@",)))
    assert out["value"] == "Abc123@" and out["withheld"] is False
    assert note["secret_disclosed"] is True and note["withheld"] is False
    plain = _body(value="R$ 99,90", secret=False)
    out, note = disclose(plain, LOCAL_PRINCIPAL, prepare(("Abc123@",)), reveal=False)
    assert out == {**plain, "redacted": False, "withheld": False}
    assert note["withheld"] is False


def test_a_viewer_is_redacted_whatever_reveal_says() -> None:
    out, note = disclose(_body(), VIEWER, prepare(("Abc123@",)), reveal=False)
    assert out["redacted"] is True and out["withheld"] is False
    assert out["value"] == MASK
    assert note["secret_disclosed"] is False and note["withheld"] is False
