"""Pipeline: runs the stages, report by report (cached, in parallel), then resolves them into one knowledge base.

``from graph.pipeline import build_kb`` keeps working: the names of
:mod:`graph.pipeline.build` load from here on first use.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_BUILD = ("build_kb", "write_outputs", "read_reports", "resolve_results", "report_meta")


def __getattr__(name: str) -> Any:
    if name in _BUILD:
        return getattr(import_module(".build", __name__), name)
    raise AttributeError(f"module 'graph.pipeline' has no attribute {name!r}")
