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

The sub-packages follow the data flow: ``read`` → ``parse`` → ``extract`` →
``model`` (records, schema, resolution) → ``export`` and ``query`` → ``serve``;
``pipeline`` runs the stages and ``cli`` is the command line (docs/ARCHITECTURE.md).
The flat module names of earlier releases (``graph.brief``, ``graph.rdf`` …)
still import, as aliases of the modules that replaced them.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from importlib import import_module
from types import ModuleType
from typing import Any

__version__ = "0.1.0"

#: Public API: name → module that defines it.
_API = {
    "build_kb": "pipeline.build",
    "write_outputs": "pipeline.outputs",
    "facts_frame": "export.facts",
    "to_networkx": "export.network",
    "briefing": "query.brief",
    "to_markdown": "query.brief",
    "load_kb": "query.persist",
}

#: Module names of the flat layout → the modules that replaced them.
MOVED = {
    "sources": "read.sources", "textnorm": "read.textnorm",
    "parse": "parse.parser", "document": "parse.document", "dates": "parse.dates", "money": "parse.money",
    "model": "model.statements", "schema": "model.schema", "resolve": "model.resolve",
    "rdf": "export.rdf", "facts": "export.facts", "network": "export.network",
    "network_files": "export.network_files", "coverage": "export.coverage", "validate": "export.validate",
    "parallel": "pipeline.parallel", "cache": "pipeline.cache",
    "store": "query.store", "sparql": "query.sparql", "brief": "query.brief", "analysis": "query.analysis",
    "persist": "query.persist", "server": "serve.server", "gsp": "serve.gsp",
}


class _MovedModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports ``graph.<old name>`` as the module that replaced it (the same module object)."""

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        prefix, _, leaf = fullname.rpartition(".")
        if prefix != __name__ or leaf not in MOVED:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return import_module(f"{__name__}.{MOVED[spec.name.rpartition('.')[2]]}")

    def exec_module(self, module: ModuleType) -> None:
        """The module ran when it was imported under its own name."""


if not any(isinstance(f, _MovedModules) for f in sys.meta_path):
    sys.meta_path.append(_MovedModules())

__all__ = sorted(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")
