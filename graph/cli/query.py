"""``ydkg query`` (named or ad-hoc SPARQL on the dataset) and ``ydkg validate`` (SHACL)."""
from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import typer

from ..errors import QueryError, ValidationError
from .common import printable, unfinished_build

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
    from ..query.persist import load_kb, open_persisted_store
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


def register(app: typer.Typer) -> None:
    """Add ``query`` and ``validate`` to the CLI."""

    @app.command("query")
    def query_cmd(
        query: str = typer.Argument(None, help="A named query (see --list), a .rq file, or a SPARQL string."),
        list_: bool = typer.Option(False, "--list", help="List the named queries and their parameters."),
        bind: list[str] = typer.Option(None, "--bind", "-b", help="name=value; passed as a binding, repeatable."),
        fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
        store: str = typer.Option("oxigraph", "--store",
                                  help="oxigraph (default; the persisted store when fresh) or rdflib."),
        data: Path = typer.Option(None, "--data", help="Folder with dataset.trig, or a dataset file (default: out/)."),
    ) -> None:
        """Run a named query, a .rq file or a SPARQL string; print a table, CSV or JSON."""
        from ..query import sparql

        if list_:
            sys.stdout.write(_list_queries())
            return
        if not query:
            raise QueryError("give a query name, a .rq file or SPARQL (or --list)")
        if fmt not in sparql.FORMATS:
            raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(sparql.FORMATS)}")
        named = sparql.resolve(query)
        given = sparql.parse_binds(bind)
        sparql.bindings_for(named, given)  # check names and values before loading anything
        st = open_dataset_store(store, data)
        names, rows = sparql.run(st, named, given)
        text = sparql.FORMATS[fmt](names, rows)
        sys.stdout.write(printable(text) if fmt == "table" or sys.stdout.isatty() else text)

    @app.command("validate")
    def validate_cmd(
        path: Path = typer.Argument(None, help="Folder with dataset.trig, or a dataset file (default: out/)."),
    ) -> None:
        """Check the dataset against the SHACL shapes (ontology/shapes.ttl)."""
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
