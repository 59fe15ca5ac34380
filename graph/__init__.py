"""ydkg: a knowledge graph of a Korean district office's actors, partners and programs.

Built from the work reports it gives its council (구의회 주요업무 보고). The
package holds every stage up to the graph and its queries; ``viz`` renders.

Typical use::

    import graph
    kb = graph.build_kb(["data/sources"])     # parse, extract, resolve
    frame = graph.facts_frame(kb)             # the facts table (pandas)
    G = graph.to_networkx(kb)                 # typed nodes, dated keyed edges
    print(graph.to_markdown(graph.briefing(kb, "몽골 보건부")))

The names above are loaded on first use, so ``import graph`` stays cheap.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

#: Public API: name → module that defines it.
_API = {
    "build_kb": "pipeline",
    "write_outputs": "pipeline",
    "facts_frame": "facts",
    "to_networkx": "network",
    "briefing": "brief",
    "to_markdown": "brief",
    "load_kb": "persist",
}

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
