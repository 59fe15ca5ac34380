"""``ydkg brief``, ``ydkg path``, ``ydkg neighbors`` and ``ydkg stats``: cited lookups on the graph.

Each command builds the knowledge base in memory from the embedded corpus
(or ``--sources``) — half a second — and prints Korean text by default,
unless a fresh build folder (``--data``, default ``out/``) holds it: ``brief``
then reads its briefing index (``brief.sqlite``), the others its ``kb.pickle``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import typer

from ..errors import YdkgError
from .common import (DataOpt, HiddenOutputOpt, HiddenSourcesOpt, SourcesArg, check_format, emit, format_opt,
                     out_file_opt, pick, source_paths, unfinished_build)

_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

LangOpt = typer.Option("ko", "--lang", metavar="LANG", help="ko or en (headings and relation labels).")
DEFAULT_DATA = Path("out")


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


def _cite(d: dict[str, Any]) -> str:
    return f"[{d.get('source')}:{d.get('line')}]"


def _checked_load(fmt: str, formats: tuple[str, ...], lang: str, sources: list[Path] | None, data: Path):
    """Check --format and --lang, then load (kb, graph)."""
    check_format(fmt, formats)
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
    app.command("brief", short_help="A dated, cited briefing · 출처가 달린 브리핑")(brief_cmd)
    app.command("path", short_help="How two entities connect · 두 주체를 잇는 경로")(path_cmd)
    app.command("neighbors", short_help="An entity's neighbours · 주변 주체")(neighbors_cmd)
    app.command("stats", short_help="Counts and central actors · 통계와 중심 주체")(stats_cmd)


def is_source(word: str) -> bool:
    """A word of a lookup that names sources: ``-``, or an existing folder or report file."""
    if word == "-":
        return True
    from ..read.sources import EXTENSIONS

    p = Path(word)
    return p.is_dir() or (p.is_file() and p.suffix.lower() in EXTENSIONS)


def split_sources(words: list[str]) -> tuple[list[str], list[Path]]:
    """The name words and the trailing sources of ``NAME... [SOURCES...]``: the trailing words
    that name files or folders (or ``-``); the first word is always a name."""
    k = len(words)
    while k > 1 and is_source(words[k - 1]):
        k -= 1
    return words[:k], [Path(w) for w in words[k:]]


def _sources(positional: list[Path], old: list[Path] | None) -> list[Path] | None:
    """Positional sources, else the hidden ``--sources`` ones; None for the embedded corpus."""
    return list(positional) or (list(old) if old else None)


BRIEF_FORMATS = ("md", "json", "html")
LOOKUP_FORMATS = ("text", "json")


def brief_cmd(
    words: list[str] = typer.Argument(..., metavar="NAME", show_default=False,
                                      help="An entity (label, alias or id) or a topic such as 몽골, words may be "
                                           "unquoted; trailing words that name report files or folders (or -) are "
                                           "the SOURCES (default: the embedded corpus)."),
    as_of: str = typer.Option(None, "--as-of", metavar="DATE", help="Only what had started by this date (YYYY[-MM[-DD]])."),
    since: int = typer.Option(None, "--since", metavar="YEAR", help="Only what runs in or after this year."),
    fmt: str = format_opt("md", BRIEF_FORMATS),
    lang: str = LangOpt,
    output: Path = out_file_opt("Write the briefing here"),
    output_old: Path = HiddenOutputOpt,
    page: bool = typer.Option(False, "--page", help="With -o: also write the entity's network page (radius 2) beside it and link it."),
    sources_old: list[Path] = HiddenSourcesOpt,
    data: Path = DataOpt,
) -> None:
    """A dated, cited briefing on NAME: who, relations, timeline (done/planned), money, partners.

    이름에 대한 브리핑: 누구인지, 관계, 연표(완료·계획), 예산, 협력기관 — 모두 출처와 함께.
    """
    from ..query.brief import briefing, briefing_from, render
    from ..query.persist import open_brief_index

    names, positional = split_sources(words)
    sources = _sources(positional, sources_old)
    name = " ".join(names)
    fmt = check_format(fmt, BRIEF_FORMATS)
    _check(lang, ("ko", "en"), "--lang")
    output = pick(output, output_old)
    if as_of is not None and not _ISO.match(as_of):
        raise YdkgError(f"--as-of {as_of!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
    if page and (output is None or str(output) == "-"):
        raise YdkgError("--page needs -o FILE: the network page is written beside the briefing")
    # The build's briefing index answers without loading the knowledge base; --page needs the graph.
    index = None if page else open_brief_index(*_expect(sources, data))
    if index is not None:
        try:
            b = briefing_from(index, name, as_of=as_of, since=since, lang=lang)
        finally:
            index.close()
        emit(render(b, fmt), output)
        return
    kb, G = _load(sources, data)
    b = briefing(kb, name, as_of=as_of, since=since, lang=lang, G=G)
    if page and b["entity"]:
        from viz.page import write_page

        net = output.with_name(output.stem + ".network.html")
        write_page(G, net, title=f"{b['entity']['label']} 관계망", focus=b["entity"]["id"], radius=2)
        from urllib.parse import quote

        b["page"] = f"{net.name}#focus={quote(b['entity']['id'], safe='')}&depth=2"  # the view, as a link
    emit(render(b, fmt), output)


def path_cmd(
    a: str = typer.Argument(..., metavar="A", show_default=False, help="From this entity."),
    b: str = typer.Argument(..., metavar="B", show_default=False, help="To this entity."),
    sources: list[Path] = SourcesArg,
    fmt: str = format_opt("text", LOOKUP_FORMATS),
    lang: str = LangOpt,
    output: Path = out_file_opt("Write the path here"),
    sources_old: list[Path] = HiddenSourcesOpt,
    data: Path = DataOpt,
) -> None:
    """How A and B connect: the shortest chain, each hop with its relation, date and citation.

    A와 B를 잇는 가장 짧은 경로: 단계마다 관계, 날짜, 출처. 경로가 없으면 종료 코드 1.
    """
    from ..query.analysis import shortest_path
    from ..query.brief import node_label, resolve_entity

    _, G = _checked_load(fmt, LOOKUP_FORMATS, lang, _sources(sources or [], sources_old), data)
    hops = shortest_path(G, a, b)
    if fmt == "json":
        emit(json.dumps(hops, ensure_ascii=False, indent=1) + "\n", output)
        return
    if not hops:
        emit(node_label(G, resolve_entity(G, a), lang) + "\n", output)
        return
    head = "경로" if lang == "ko" else "Path"
    unit = "단계" if lang == "ko" else "hops"
    lines = [f"{head}: {node_label(G, hops[0]['from'], lang)} → {node_label(G, hops[-1]['to'], lang)} "
             f"({len(hops)} {unit})"]
    lines += [f"{i}. {hop_line(G, hop, lang)}" for i, hop in enumerate(hops, 1)]
    emit("\n".join(lines) + "\n", output)


def neighbors_cmd(
    name: str = typer.Argument(..., metavar="NAME", show_default=False, help="The entity at the centre."),
    sources: list[Path] = SourcesArg,
    radius: int = typer.Option(1, "--radius", min=0, metavar="N", help="Hops (edges in either direction)."),
    year: int = typer.Option(None, "--year", metavar="YEAR", help="Only statements touching this year."),
    fmt: str = format_opt("text", LOOKUP_FORMATS),
    lang: str = LangOpt,
    output: Path = out_file_opt("Write the list here"),
    sources_old: list[Path] = HiddenSourcesOpt,
    data: Path = DataOpt,
) -> None:
    """The entities within --radius hops of NAME, each with the cited statement that reaches it.

    NAME에서 --radius 단계 안의 주체들과, 그 주체에 닿는 진술(출처 포함).
    """
    from ..query.analysis import neighbors
    from ..query.brief import node_label, type_label

    _, G = _checked_load(fmt, LOOKUP_FORMATS, lang, _sources(sources or [], sources_old), data)
    found = neighbors(G, name, radius, year)
    if fmt == "json":
        emit(json.dumps(found, ensure_ascii=False, indent=1, default=str) + "\n", output)
        return
    center = next(iter(found))
    title = "이웃" if lang == "ko" else "Neighbours"
    scope = f", {year}" if year is not None else ""
    lines = [f"{title}: {node_label(G, center, lang)} (r={radius}{scope}, {len(found) - 1})"]
    for n, info in found.items():
        if info["hops"]:
            t = type_label(str(G.nodes[n].get("type")), lang)
            lines.append(f"{info['hops']} {node_label(G, n, lang)} ({t}): {hop_line(G, info['edge'], lang)}")
    emit("\n".join(lines) + "\n", output)


def stats_cmd(
    sources: list[Path] = SourcesArg,
    fmt: str = format_opt("text", LOOKUP_FORMATS),
    top: int = typer.Option(10, "--top", min=1, metavar="N", help="How many central actors to list."),
    output: Path = out_file_opt("Write the counts here"),
    sources_old: list[Path] = HiddenSourcesOpt,
    data: Path = DataOpt,
) -> None:
    """Counts by entity type, relation, year and status; the most central actors.

    유형·관계·연도·상태별 개수와 중심성 상위 주체.
    """
    from ..query.analysis import stats

    fmt = check_format(fmt, LOOKUP_FORMATS)
    kb, _ = _load(_sources(sources or [], sources_old), data)
    s = stats(kb, top=top)
    if fmt == "json":
        emit(json.dumps(s, ensure_ascii=False, indent=1) + "\n", output)
        return
    emit("\n".join(_stats_lines(s)) + "\n", output)


def _stats_lines(s: dict[str, Any]) -> list[str]:
    """The counts of :func:`graph.query.analysis.stats` as Korean text."""
    from ..query.brief import rel_label, type_label

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
    return out
