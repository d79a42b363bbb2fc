"""Speed and scale over HTTP against real processes on 127.0.0.1: ``python -m bench.NAME``."""
