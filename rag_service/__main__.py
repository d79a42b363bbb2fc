"""``python -m rag_service --index-dir DIR [--port P] [--workers N]``: run the HTTP service."""

from __future__ import annotations

import argparse
import copy
import logging
import os
import sys
from pathlib import Path
from typing import Any

from rag_service.answering import MODES
from rag_service.settings import Settings, bound_threads


def parse_args(argv: list[str] | None, defaults: Settings) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m rag_service",
        description="Answer agents' questions from the current index version (reloads on publish).",
    )
    parser.add_argument("--index-dir", type=Path, default=defaults.index_dir)
    parser.add_argument("--host", default=defaults.host)
    parser.add_argument("--port", type=int, default=defaults.port)
    parser.add_argument("--mode", choices=MODES, default=defaults.mode)
    parser.add_argument("--log-level", default=defaults.log_level)
    parser.add_argument(
        "--workers",
        type=int,
        default=defaults.workers,
        help="server processes (default RAG_WORKERS or 1); each hot-reloads the index by itself",
    )
    return parser.parse_args(argv)


# What a worker process needs to build the same app: the settings the command line changed.
CLI_SETTINGS = ("index_dir", "host", "port", "mode", "log_level", "workers")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


# Libraries that log their internals at INFO/DEBUG; the service's own log says what matters.
_CHATTY_LIBRARIES = ("bm25s", "sentence_transformers", "transformers", "huggingface_hub")


def worker_log_config(level: str) -> dict[str, Any]:
    """uvicorn's logging plus the app's loggers, with the pid: spawned workers configure it."""
    import uvicorn.config

    log_config: dict[str, Any] = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    log_config["formatters"]["app"] = {
        "format": "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"
    }
    log_config["handlers"]["app"] = {
        "formatter": "app",
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
    }
    log_config["root"] = {"handlers": ["app"], "level": level.upper()}
    log_config.setdefault("loggers", {}).update(
        {name: {"level": "WARNING"} for name in _CHATTY_LIBRARIES}
    )
    return log_config


def access_refusal(settings: Settings) -> str | None:
    """Why the service must not start (unreadable keys, or no keys off loopback), else None."""
    from rag_service.security import KeyRing, KeysError, exposure_problem

    try:
        keyring = KeyRing(settings.keys_file, settings.api_keys)
    except KeysError as exc:
        return f"error: {exc}"
    problem = exposure_problem(settings.host, keyring)
    return f"error: {problem}" if problem else None


def main(argv: list[str] | None = None) -> int:
    """Run the service until interrupted; 0 on a clean stop."""
    defaults = Settings()
    args = parse_args(argv, defaults)
    if not 0 <= args.port <= 65535:
        raise SystemExit(f"--port must be in 0..65535, got {args.port}")
    if args.workers < 1:
        raise SystemExit(f"--workers must be >= 1, got {args.workers}")
    # Before torch and faiss are imported (here or in the workers, which inherit the
    # environment): N workers together use the CPUs once instead of N times over.
    bound_threads(args.workers)
    import uvicorn

    settings = defaults.model_copy(
        update={
            "index_dir": args.index_dir,
            "host": args.host,
            "port": args.port,
            "mode": args.mode,
            "log_level": args.log_level,
            "workers": args.workers,
        }
    )
    refusal = access_refusal(settings)
    if refusal:
        sys.stderr.write(refusal + "\n")
        return 2
    if settings.workers > 1:
        # Each worker imports the app and builds it from the environment, with its own
        # reload thread; the command line's choices travel there as RAG_ variables.
        for name in CLI_SETTINGS:
            os.environ[f"RAG_{name.upper()}"] = str(getattr(settings, name))
        uvicorn.run(
            "rag_service.http.app:create_app_from_env",
            factory=True,
            workers=settings.workers,
            host=settings.host,
            port=settings.port,
            log_level=args.log_level.lower(),
            log_config=worker_log_config(args.log_level),
        )
        return 0
    from rag_service.http import create_app

    logging.basicConfig(level=args.log_level.upper(), format=LOG_FORMAT)
    for name in _CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=args.log_level.lower(),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
