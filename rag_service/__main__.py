"""``python -m rag_service --index-dir DIR [--host H] [--port P]``: run the HTTP service."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from rag_service import config


def parse_args(argv: list[str] | None, defaults: config.Settings) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m rag_service",
        description="Answer agents' questions from the current index version (reloads on publish).",
    )
    parser.add_argument("--index-dir", type=Path, default=defaults.index_dir)
    parser.add_argument("--host", default=defaults.host)
    parser.add_argument("--port", type=int, default=defaults.port)
    parser.add_argument(
        "--mode", choices=["lexical", "dense", "hybrid", "full"], default=defaults.mode
    )
    parser.add_argument("--log-level", default=defaults.log_level)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the service until interrupted; 0 on a clean stop."""
    import uvicorn

    from rag_service.app import create_app

    defaults = config.Settings()
    args = parse_args(argv, defaults)
    if not 0 <= args.port <= 65535:
        raise SystemExit(f"--port must be in 0..65535, got {args.port}")
    settings = defaults.model_copy(
        update={
            "index_dir": args.index_dir,
            "host": args.host,
            "port": args.port,
            "mode": args.mode,
            "log_level": args.log_level,
        }
    )
    logging.basicConfig(
        level=args.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=args.log_level.lower(),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
