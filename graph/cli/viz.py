"""``ydkg viz``: the interactive network page (whole graph or an entity's neighbourhood)."""
from __future__ import annotations

from pathlib import Path

import typer

from viz.overview import MAX_NODES, MAX_STATEMENTS

from ..errors import YdkgError
from .common import DataOpt, HiddenOutputOpt, SourcesArg, emit, pick

DEFAULT_TITLE = "구청 협력 네트워크"


def load_graph(sources: list[Path] | None, data: Path | None = None):
    """The NetworkX graph of ``data``'s fresh ``kb.pickle`` (see ``ydkg brief --data``), else of a build."""
    from .brief import _load

    return _load(sources, data)[1]


def split_list(value: str | None) -> list[str] | None:
    """``"A,B , C"`` → ``["A", "B", "C"]``; ``None``/empty → ``None`` (no filter)."""
    if not value:
        return None
    items = [v.strip() for v in value.split(",") if v.strip()]
    return items or None


def register(app: typer.Typer) -> None:
    """Add ``viz`` to the CLI."""
    app.command("viz", short_help="The offline network page · 관계망 페이지(오프라인 HTML)")(viz_cmd)


def viz_cmd(
    sources: list[Path] = SourcesArg,
    output: Path = typer.Option(None, "-o", metavar="FILE",
                                help="The HTML file to write (self-contained, offline; - for standard output)."),
    output_old: Path = HiddenOutputOpt,
    focus: str = typer.Option(None, "--focus", metavar="NAME", help="Only this entity's neighbourhood (label, alias or id)."),
    radius: int = typer.Option(1, "--radius", min=0, metavar="N", help="Hops around --focus (edges in either direction)."),
    year: int = typer.Option(None, "--year", metavar="YEAR", help="Open the page at this year (statements touching it)."),
    as_of: str = typer.Option(None, "--as-of", metavar="DATE", help="Open the page as of this date (YYYY[-MM[-DD]]): started by then."),
    types: str = typer.Option(None, "--types", metavar="CLASSES",
                              help="Entity classes shown at first, comma-separated (e.g. Hospital,Zone; Activity unfolds the activities)."),
    relations: str = typer.Option(None, "--relations", metavar="RELATIONS",
                                  help="Relations shown at first, comma-separated (e.g. designated)."),
    title: str = typer.Option(None, "--title", metavar="TEXT", help="Page title (default: derived from --focus)."),
    layout: str = typer.Option("auto", "--layout", metavar="LAYOUT", help="auto, physics (in-browser, bounded) or precomputed."),
    max_nodes: int = typer.Option(MAX_NODES, "--max-nodes", min=0, metavar="N",
                                  help="Past this many nodes (or --max-statements), draw the most connected only, "
                                       "and say so on the page; 0: no limit."),
    max_statements: int = typer.Option(MAX_STATEMENTS, "--max-statements", min=0, metavar="N",
                                       help="Statements the page may hold; 0: no limit."),
    data: Path = DataOpt,
) -> None:
    """Write the interactive network page: a map, focus, search, filters, a year slider, cited details.

    관계망 페이지: 지도, 초점 보기, 검색, 필터, 연도, 출처가 달린 상세. The filters and the year
    only set where the page's controls start; past --max-nodes or --max-statements the page
    holds the most connected part.
    """
    from viz.focus import resolve_name
    from viz.page import render_page

    output = pick(output, output_old)
    if output is None:
        raise YdkgError("give -o FILE for the page (- for standard output)")
    if layout not in ("auto", "physics", "precomputed"):
        raise YdkgError(f"--layout {layout!r}: choose auto, physics or precomputed")
    G = load_graph(sources) if data is None else load_graph(sources, data)
    if title is None:
        if focus:
            label = G.nodes[resolve_name(G, focus)].get("label") or focus
            title = f"{label} 주변 네트워크 (반경 {radius})"
        else:
            title = DEFAULT_TITLE
    html = render_page(G, title=title, focus=focus, radius=radius, year=year, as_of=as_of,
                       types=split_list(types), relations=split_list(relations), layout=layout,
                       max_nodes=max_nodes or None, max_statements=max_statements or None)
    emit(html, output)
