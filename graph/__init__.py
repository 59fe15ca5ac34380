"""ydkg: a knowledge graph of a Korean district office's actors, partners and programs.

Built from the work reports it gives its council (구의회 주요업무 보고). The
package holds every stage up to the graph and its queries; ``viz`` renders.

Typical use::

    import graph
    kb = graph.build_kb(["data/sources"])       # parse, extract, resolve
    frame = graph.facts_frame(kb)               # the facts table (pandas)
"""
from __future__ import annotations

__version__ = "0.1.0"
