"""Speed and scale over HTTP against real processes on 127.0.0.1: ``python -m bench.NAME``."""

__all__: list[str] = []  # the subpackages and modules are the interface
