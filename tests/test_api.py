"""The Python API the README shows."""
from __future__ import annotations

import graph
from graph.resources import SOURCES_DIR


def test_public_api_names():
    kb = graph.build_kb([SOURCES_DIR])
    df = graph.facts_frame(kb)
    G = graph.to_networkx(kb)
    assert len(df) == len(kb.statements)
    assert G.number_of_edges() == sum(1 for s in kb.statements if s.object)
    assert "2019-05-24" in graph.to_markdown(graph.briefing(kb, "몽골 보건부"))
    assert set(graph.__all__) >= {"build_kb", "facts_frame", "to_networkx", "briefing"}
