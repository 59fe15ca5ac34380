"""``ydkg brief``, ``ydkg path``, ``ydkg neighbors`` and ``ydkg stats``: cited lookups on the graph.

Each command builds the knowledge base in memory from the embedded corpus
(or ``--sources``) — half a second — and prints Korean text by default,
unless a fresh build folder (``--data``, default ``out/``) holds it: ``brief``
then reads its briefing index (``brief.sqlite``), the others its ``kb.pickle``.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import typer

from ..errors import YdkgError
from .common import printable, source_paths, unfinished_build

_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

SourcesOpt = typer.Option(None, "--sources", help="Report files or folders (repeatable; default: the embedded corpus).")
LangOpt = typer.Option("ko", "--lang", help="ko or en (headings and relation labels).")
DEFAULT_DATA = Path("out")
DataOpt = typer.Option(None, "--data", help="A build folder whose kb.pickle to use when fresh (default: out/, "
                       "if built from the same sources).")


def _check(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise YdkgError(f"{option} {value!r}: choose {', '.join(allowed)}")
    return value


def _expect(sources: list[Path] | None, data: Path | None) -> tuple[Path, list[Path] | None]:
    """The build folder to read and the sources it must have been built from (None: any).

    An explicit --data is used whatever it was built from; the default out/ only
    when it was built from the same sources (the embedded corpus, or --sources).
    """
    expect = source_paths(sources) if (data is None or sources) else None
    return (data if data is not None else DEFAULT_DATA), expect


def _load(sources: list[Path] | None, data: Path | None = None):
    """The knowledge base and its graph: from ``data``'s ``kb.pickle`` when fresh, else built."""
    from ..export.network import to_networkx
    from ..query.persist import load_kb
    from ..pipeline.build import build_kb

    folder, expect = _expect(sources, data)
    pending = unfinished_build(folder) if data is not None and not sources else None
    kb = None if pending else load_kb(folder, expect, coverage=False)
    if kb is None:
        kb = build_kb(*pending) if pending else build_kb(source_paths(sources))
    return kb, to_networkx(kb)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(printable(text))
        return
    from ..atomic import atomic_write

    atomic_write(output, text)
    print(f"ydkg: wrote {output}", file=sys.stderr)


def _cite(d: dict[str, Any]) -> str:
    return f"[{d.get('source')}:{d.get('line')}]"


def _checked_load(fmt: str, formats: tuple[str, ...], lang: str, sources: list[Path] | None, data: Path):
    """Check --format and --lang, then load (kb, graph)."""
    _check(fmt, formats, "--format")
    _check(lang, ("ko", "en"), "--lang")
    return _load(sources, data)


def hop_line(G, hop: dict[str, Any], lang: str = "ko") -> str:
    """One hop of a path as text: ``A —지정→ B (2018, 특화사업자) [file:line]``."""
    from ..query.brief import fmt_date, node_label, rel_label

    s, o = node_label(G, hop["subject"], lang), node_label(G, hop["object"], lang)
    extra = ", ".join(x for x in (fmt_date(hop.get("date"), hop.get("end")), hop.get("role") or "") if x)
    extra = f" ({extra})" if extra else ""
    return f"{s} —{rel_label(hop['relation'], lang)}→ {o}{extra} {_cite(hop)}"


def register(app: typer.Typer) -> None:
    """Add ``brief``, ``path``, ``neighbors`` and ``stats`` to the CLI."""
    app.command("brief")(brief_cmd)
    app.command("path")(path_cmd)
    app.command("neighbors")(neighbors_cmd)
    app.command("stats")(stats_cmd)


def brief_cmd(
    name: list[str] = typer.Argument(..., help="An entity (label, alias or id) or a topic such as 몽골; words may be unquoted."),
    as_of: str = typer.Option(None, "--as-of", help="Only what had started by this date (YYYY[-MM[-DD]])."),
    since: int = typer.Option(None, "--since", help="Only what runs in or after this year."),
    fmt: str = typer.Option("md", "--format", help="md, json or html."),
    lang: str = LangOpt,
    output: Path = typer.Option(None, "--output", "-o", help="Write here instead of standard output."),
    page: bool = typer.Option(False, "--page", help="With -o: also write the entity's network page (radius 2) beside it and link it."),
    sources: list[Path] = SourcesOpt,
    data: Path = DataOpt,
) -> None:
    """A dated, cited briefing on NAME: who, relations, timeline (done/planned), money, partners."""
    from ..query.brief import briefing, briefing_from, render
    from ..query.persist import open_brief_index

    _check(fmt, ("md", "json", "html"), "--format")
    _check(lang, ("ko", "en"), "--lang")
    if as_of is not None and not _ISO.match(as_of):
        raise YdkgError(f"--as-of {as_of!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    if page and output is None:
        raise YdkgError("--page needs -o FILE: the network page is written beside the briefing")
    # The build's briefing index answers without loading the knowledge base; --page needs the graph.
    index = None if page else open_brief_index(*_expect(sources, data))
    if index is not None:
        try:
            b = briefing_from(index, " ".join(name), as_of=as_of, since=since, lang=lang)
        finally:
            index.close()
        _emit(render(b, fmt), output)
        return
    kb, G = _load(sources, data)
    b = briefing(kb, " ".join(name), as_of=as_of, since=since, lang=lang, G=G)
    if page and b["entity"]:
        from viz.page import write_page

        net = output.with_name(output.stem + ".network.html")
        write_page(G, net, title=f"{b['entity']['label']} 관계망", focus=b["entity"]["id"], radius=2)
        b["page"] = net.name
    _emit(render(b, fmt), output)


def path_cmd(
    a: str = typer.Argument(..., help="From this entity."),
    b: str = typer.Argument(..., help="To this entity."),
    fmt: str = typer.Option("text", "--format", help="text or json."),
    lang: str = LangOpt,
    sources: list[Path] = SourcesOpt,
    data: Path = DataOpt,
) -> None:
    """How A and B connect: the shortest chain, each hop with its relation, date and citation."""
    from ..query.analysis import shortest_path
    from ..query.brief import node_label, resolve_entity

    _, G = _checked_load(fmt, ("text", "json"), lang, sources, data)
    hops = shortest_path(G, a, b)
    if fmt == "json":
        _emit(json.dumps(hops, ensure_ascii=False, indent=1) + "\n", None)
        return
    if not hops:
        print(printable(node_label(G, resolve_entity(G, a), lang)))
        return
    head = "경로" if lang == "ko" else "Path"
    unit = "단계" if lang == "ko" else "hops"
    print(printable(f"{head}: {node_label(G, hops[0]['from'], lang)} → {node_label(G, hops[-1]['to'], lang)} "
                    f"({len(hops)} {unit})"))
    for i, hop in enumerate(hops, 1):
        print(printable(f"{i}. {hop_line(G, hop, lang)}"))


def neighbors_cmd(
    name: str = typer.Argument(..., help="The entity at the centre."),
    radius: int = typer.Option(1, "--radius", min=0, help="Hops (edges in either direction)."),
    year: int = typer.Option(None, "--year", help="Only statements touching this year."),
    fmt: str = typer.Option("text", "--format", help="text or json."),
    lang: str = LangOpt,
    sources: list[Path] = SourcesOpt,
    data: Path = DataOpt,
) -> None:
    """The entities within --radius hops of NAME, each with the cited statement that reaches it."""
    from ..query.analysis import neighbors
    from ..query.brief import node_label, type_label

    _, G = _checked_load(fmt, ("text", "json"), lang, sources, data)
    found = neighbors(G, name, radius, year)
    if fmt == "json":
        _emit(json.dumps(found, ensure_ascii=False, indent=1, default=str) + "\n", None)
        return
    center = next(iter(found))
    title = "이웃" if lang == "ko" else "Neighbours"
    scope = f", {year}" if year is not None else ""
    print(printable(f"{title}: {node_label(G, center, lang)} (r={radius}{scope}, {len(found) - 1})"))
    for n, info in found.items():
        if info["hops"] == 0:
            continue
        t = type_label(str(G.nodes[n].get("type")), lang)
        print(printable(f"{info['hops']} {node_label(G, n, lang)} ({t}): {hop_line(G, info['edge'], lang)}"))


def stats_cmd(
    fmt: str = typer.Option("text", "--format", help="text or json."),
    top: int = typer.Option(10, "--top", min=1, help="How many central actors to list."),
    sources: list[Path] = SourcesOpt,
    data: Path = DataOpt,
) -> None:
    """Counts by entity type, relation, year and status; the most central actors."""
    from ..query.analysis import stats
    from ..query.brief import rel_label, type_label

    _check(fmt, ("text", "json"), "--format")
    kb, _ = _load(sources, data)
    s = stats(kb, top=top)
    if fmt == "json":
        _emit(json.dumps(s, ensure_ascii=False, indent=1) + "\n", None)
        return
    out = [f"보고서 {s['reports']}건, 개체 {s['nodes']}개, 진술 {s['statements']}건", "", "유형별:"]
    out += [f"  {type_label(k)} ({k}): {v}" for k, v in s["by_type"].items()]
    out += ["", "관계별:"] + [f"  {rel_label(k)} ({k}): {v}" for k, v in s["by_relation"].items()]
    out += ["", "연도별:"] + [f"  {'미상' if k == 'unknown' else k}: {v}" for k, v in s["by_year"].items()]
    out += ["", "상태별:"] + [f"  {'실적' if k == 'done' else '계획'}: {v}" for k, v in s["by_status"].items()]
    out += ["", "연결 중심성 상위 주체 (degree):"]
    out += [f"  {i}. {r['label']} ({type_label(r['type'])}) {r['score']:.3f}, 연결 {r['degree']}"
            for i, r in enumerate(s["top_degree"], 1)]
    out += ["", f"매개 중심성 상위 주체 (betweenness, 표본 k={s['betweenness_k']}):"]
    out += [f"  {i}. {r['label']} ({type_label(r['type'])}) {r['score']:.3f}"
            for i, r in enumerate(s["top_betweenness"], 1)]
    print(printable("\n".join(out)))
