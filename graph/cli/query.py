"""``ydkg query`` (named or ad-hoc SPARQL on the dataset) and ``ydkg validate`` (SHACL)."""
from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import typer

from ..errors import NothingFound, QueryError, ValidationError
from .common import check_format, emit, format_opt, out_file_opt, unfinished_build

DEFAULT_OUT = Path("out")


def _load_kb():
    """Build the embedded corpus in memory (when no dataset has been written yet)."""
    from ..pipeline.build import build_kb
    from ..resources import SOURCES_DIR

    return build_kb([SOURCES_DIR])


def open_dataset_store(store: str, data: Path | None):
    """A store loaded from ``data`` (a folder with ``dataset.trig`` or a dataset file).

    Without ``data``, ``out/`` is used. With ``--store oxigraph``, the folder's
    persisted ``store/`` is opened when it is fresh (no loading at all).
    Without a dataset, a fresh ``out/kb.pickle`` or else the embedded corpus
    built in memory is loaded.
    """
    from ..query.persist import STORE_DIR, load_kb, open_persisted_store, store_is_fresh
    from ..resources import SOURCES_DIR
    from ..query.store import open_store

    folder = DEFAULT_OUT if data is None else Path(data)
    pending = unfinished_build(folder) if folder.is_dir() else None
    if pending is not None:
        from ..pipeline.build import build_kb

        return open_store(store, kb=build_kb(*pending))
    if store == "oxigraph" and folder.is_dir():
        persisted = open_persisted_store(folder)
        if persisted is not None:
            return persisted
        if (folder / STORE_DIR).is_dir():  # say why this one is slow: the dataset is loaded instead
            why = ("is out of date (its sources, review files or ydkg changed since the build)"
                   if not store_is_fresh(folder) else "could not be opened")
            print(f"ydkg: {folder / STORE_DIR} {why}; loading the dataset in memory instead "
                  "(`ydkg build` makes a new one)", file=sys.stderr)
    if data is None:
        default = DEFAULT_OUT / "dataset.trig"
        if default.is_file():
            return open_store(store, default)
        kb = load_kb(DEFAULT_OUT, [SOURCES_DIR])
        if kb is None:
            print("ydkg: no out/dataset.trig; building the embedded corpus in memory", file=sys.stderr)
            kb = _load_kb()
        return open_store(store, kb=kb)
    path = Path(data)
    if path.is_dir():
        path = path / "dataset.trig"
    if not path.is_file():
        raise QueryError(f"{path}: no dataset here (run `ydkg build --out {data}` first)")
    return open_store(store, path)


def _list_queries() -> str:
    from ..query.sparql import library

    out: list[str] = []
    for name, q in library().items():
        out.append(name)
        out.extend(textwrap.wrap(q.description, 88, initial_indent="    ", subsequent_indent="    "))
        for p in q.params:
            default = '""' if p.default == "" else (p.default if p.default is not None else "(unbound)")
            out.append(f"    --bind {p.name}=…  {p.type}, default {default}" + (f": {p.help}" if p.help else ""))
    return "\n".join(out) + "\n"


QUERY_FORMATS = ("text", "csv", "json")


def register(app: typer.Typer) -> None:
    """Add ``query`` and ``validate`` to the CLI."""
    app.command("query", short_help="SPARQL: named, .rq or inline · SPARQL 질의")(query_cmd)
    app.command("validate", short_help="Check the SHACL shapes · SHACL 형상 검사")(validate_cmd)


def query_cmd(
    query: str = typer.Argument(None, metavar="QUERY", show_default=False,
                                help="A named query (see --list), a .rq file, or a SPARQL string."),
    list_: bool = typer.Option(False, "--list", help="List the named queries and their parameters."),
    bind: list[str] = typer.Option(None, "--bind", "-b", metavar="NAME=VALUE",
                                   help="A value for a parameter of the query, bound (never pasted); repeatable."),
    fmt: str = format_opt("text", QUERY_FORMATS),
    output: Path | None = out_file_opt("Write the answer here"),
    store: str = typer.Option("oxigraph", "--store", metavar="STORE",
                              help="oxigraph (default; the persisted store when fresh) or rdflib."),
    data: Path = typer.Option(None, "--data", metavar="DIR",
                              help="Folder with dataset.trig, or a dataset file (default: out/)."),
    limit: int = typer.Option(None, "--limit", min=0, metavar="N", help="At most N rows (one page of a long answer)."),
    offset: int = typer.Option(None, "--offset", min=0, metavar="K", help="Skip the first K rows (with --limit: the next page)."),
) -> None:
    """Run a named query, a .rq file or a SPARQL string; print a table, CSV or JSON.

    이름 붙은 질의, .rq 파일 또는 SPARQL 문자열을 실행합니다. 답이 없으면 종료 코드 1.
    """
    from ..query import sparql

    if list_:
        sys.stdout.write(_list_queries())
        return
    if not query:
        raise QueryError("give a query name, a .rq file or SPARQL (or --list)")
    fmt = check_format(fmt, QUERY_FORMATS, QueryError)
    named = sparql.resolve(query)
    given = sparql.parse_binds(bind)
    sparql.bindings_for(named, given)  # check names and values before loading anything
    st = open_dataset_store(store, data)
    names, rows = sparql.run(st, named, given, limit=limit, offset=offset)
    emit(sparql.FORMATS["table" if fmt == "text" else fmt](names, rows), output)
    if not rows:
        raise NothingFound("the query found no rows")


def validate_cmd(
    path: Path = typer.Argument(None, metavar="DATASET", show_default=False,
                                help="Folder with dataset.trig, or a dataset file (default: out/)."),
) -> None:
    """Check the dataset against the SHACL shapes (ontology/shapes.ttl).

    데이터셋을 SHACL 형상(ontology/shapes.ttl)으로 검사합니다.
    """
    from ..export.validate import validate

    if path is None:
        default = DEFAULT_OUT / "dataset.trig"
        if default.is_file():
            target: object = default
        else:
            print("ydkg: no out/dataset.trig; validating the embedded corpus built in memory",
                  file=sys.stderr)
            target = _load_kb()
    else:
        target = path
    conforms, report = validate(target)
    sys.stdout.write(report)
    if not conforms:
        raise ValidationError("the dataset does not conform to the shapes (see above)")
