"""Pipeline: runs the stages, report by report (cached, in parallel), then resolves them into one knowledge base.

``from graph.pipeline import build_kb`` keeps working: the names of
:mod:`graph.pipeline.build` (and ``write_outputs`` of :mod:`graph.pipeline.outputs`) load from here on first use.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_NAMES = {"build_kb": ".build", "read_reports": ".build", "resolve_results": ".build", "report_meta": ".build",
          "write_outputs": ".outputs"}


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return getattr(import_module(_NAMES[name], __name__), name)
    raise AttributeError(f"module 'graph.pipeline' has no attribute {name!r}")
