"""Bad input over real HTTP: lone surrogates, 1 MB and 10 MB bodies, NFC vs NFD questions.

The service runs in a thread (uvicorn on 127.0.0.1, free port) so that oversized bodies go
through a real socket; after every bad request the same server must still answer a good one.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from bench.processes import free_port, wait_ready
from rag_service.http.app import create_app
from rag_service.settings import MAX_BODY_BYTES, Settings
from tests.factories import LASERNET, VELOCINET, HashEmbedder, build_index

pytestmark = pytest.mark.integration

JSON = {"content-type": "application/json"}
GOOD = {"question": "qual a porta de acesso", "provider": "lasernet"}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("bad-input")
    index_dir = folder / "index"
    build_index(index_dir, [LASERNET, VELOCINET], HashEmbedder())
    settings = Settings(index_dir=index_dir, feedback_path=folder / "feedback.jsonl", rate_limit=0)
    app = create_app(settings, embedder=HashEmbedder())
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, 30, alive=thread.is_alive)
        yield url
    finally:
        server.should_exit = True
        thread.join(15)


def _healthy(base: str) -> None:
    """The server still answers: health, and a real question with its answer."""
    assert httpx.get(f"{base}/health", timeout=10).status_code == 200
    ask = httpx.post(f"{base}/ask", json=GOOD, timeout=10)
    assert ask.status_code == 200 and ask.json()["status"] == "answered", ask.text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'{"question": "\\ud800", "provider": "lasernet"}', 422),
        (b'{"question": "\\udc00\\ud800", "provider": "lasernet"}', 422),
        (b'{"question": "porta \\ud800de acesso", "provider": "lasernet"}', 200),
        (b'{"question": "qual a porta de acesso", "provider": "\\udfff"}', 422),
        (b'{"question": "qual a porta de acesso", "provider": "lasernet\\ud800"}', 200),
        (b'{"\\ud800": "x", "question": "qual a porta de acesso", "provider": "lasernet"}', 200),
    ],
)
def test_lone_surrogates_are_4xx_or_dropped_never_5xx(base: str, raw: bytes, expected: int) -> None:
    response = httpx.post(f"{base}/ask", content=raw, headers=JSON, timeout=10)
    assert response.status_code == expected, response.text
    response.json()  # valid JSON back, whatever came in
    if expected == 200:
        assert "\ud800" not in response.json()["question"]
    _healthy(base)


def test_lone_surrogate_in_search_query(base: str) -> None:
    response = httpx.get(f"{base}/search?q=porta%ED%A0%80&provider=lasernet", timeout=10)
    assert response.status_code in (200, 422), response.text
    _healthy(base)


@pytest.mark.parametrize("megabytes", [1, 10])
def test_huge_bodies_are_413_by_header_and_by_stream(base: str, megabytes: int) -> None:
    size = megabytes * 1024 * 1024
    body = b'{"question": "' + b"a" * size + b'", "provider": "lasernet"}'
    declared = httpx.post(f"{base}/ask", content=body, headers=JSON, timeout=30)
    assert declared.status_code == 413, declared.text
    assert str(MAX_BODY_BYTES) in declared.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams in
        for start in range(0, len(body), 64 * 1024):
            yield body[start : start + 64 * 1024]

    try:
        streamed = httpx.post(f"{base}/ask", content=chunks(), headers=JSON, timeout=30)
        assert streamed.status_code == 413, streamed.text
    except httpx.WriteError:
        pass  # the server answered 413 and closed before the client finished sending: fine
    _healthy(base)


QUESTIONS = [
    "qual a senha padrão do roteador W5-1200G",
    "mudança de endereço é cobrada?",
    "podemos fazer o desbloqueio de confiança?",
    "com quantos dias ocorre o bloqueio por inadimplência?",
    "qual o horário de atendimento",
    "cliente quer saber o preço do plano de 100 mega",
    "qual o endereço da empresa?",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_nfc_and_nfd_forms_give_the_same_answer(base: str, question: str) -> None:
    nfc = unicodedata.normalize("NFC", question)
    nfd = unicodedata.normalize("NFD", question)
    assert nfc != nfd, "the question must hold a composed character to test anything"
    answers = []
    for form in (nfc, nfd):
        response = httpx.post(
            f"{base}/ask", json={"question": form, "provider": "lasernet"}, timeout=10
        )
        assert response.status_code == 200, response.text
        body = response.json()
        answers.append(
            (body["status"], body["answer"], body["value"], body["rule"], body["question"])
        )
        ids = [p["id"] for p in body["passages"]]
        answers[-1] += (tuple(ids),)
    assert answers[0] == answers[1]
    assert answers[0][0] == "answered"


def test_unknown_path_and_method_are_4xx(base: str) -> None:
    assert httpx.get(f"{base}/ask", timeout=10).status_code == 405
    assert httpx.post(f"{base}/nope", json=GOOD, timeout=10).status_code == 404
    _healthy(base)
