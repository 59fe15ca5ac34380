"""The interactive network page: one self-contained, offline HTML file.

``viz.page.render_page`` / ``viz.page.write_page`` turn the NetworkX graph of
``graph.export.network.to_networkx`` (see docs/CONTRACTS.md) into a page with a
legend, search, type/relation filters, a year slider and a details panel;
``viz.focus`` cuts an entity's neighbourhood out as its own page.
"""
from __future__ import annotations

__all__ = ["render_page", "write_page"]


def __getattr__(name: str):  # lazy: importing viz must not load pyvis/jinja2
    if name in __all__:
        from . import page

        return getattr(page, name)
    raise AttributeError(name)
