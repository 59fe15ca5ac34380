"""SHACL validation: the dataset conforms; broken graphs fail with a readable report."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from graph.export import rdf
from graph.errors import ValidationError
from graph.export.validate import validate
from test_rdf import sample_kb


def test_sample_conforms() -> None:
    conforms, report = validate(sample_kb())
    assert conforms, report
    assert report.startswith("conforms")


@pytest.mark.parametrize("name", rdf.FILES)
def test_written_files_conform(tmp_path: Path, name: str) -> None:
    rdf.write_dataset(sample_kb(), tmp_path)
    conforms, report = validate(tmp_path / name)
    assert conforms, report


def test_folder_means_its_trig(tmp_path: Path) -> None:
    rdf.write_dataset(sample_kb(), tmp_path)
    assert validate(tmp_path)[0]
    with pytest.raises(ValidationError):
        validate(tmp_path / "nowhere")


def test_statement_without_source_fails_readably() -> None:
    kb = sample_kb()
    ds = rdf.kb_to_dataset(kb)
    st = next(s for s in kb.statements if s.relation == "agreement")
    node = URIRef(rdf.statement_iri(st))
    for g in ds.graphs():
        g.remove((node, URIRef(rdf.PROV + "wasDerivedFrom"), None))
    conforms, report = validate(ds)
    assert not conforms
    assert f"statement:{st.id}" in report
    assert "prov:wasDerivedFrom" in report and "source line" in report
    assert report.count("\n- ") == 1  # one problem, one line


def test_source_line_without_quote_fails() -> None:
    kb = sample_kb()
    ds = rdf.kb_to_dataset(kb)
    line = URIRef(rdf.line_iri("001_sample2020", 140))
    for g in ds.graphs():
        g.remove((line, URIRef(rdf.YDK + "quote"), None))
    conforms, report = validate(ds)
    assert not conforms and "quote" in report and "report:001_sample2020/line/140" in report


def test_bad_values_fail() -> None:
    kb = sample_kb()
    kb.statements[0] = dataclasses.replace(kb.statements[0], relation="nonsense")
    kb.statements[1] = dataclasses.replace(kb.statements[1], amount_krw=-5, status="maybe")  # type: ignore[arg-type]
    kb.entities["district/울릉군"] = dataclasses.replace(kb.entities["district/울릉군"], type="Bogus")
    conforms, report = validate(kb)
    assert not conforms
    for words in ("ydk:relation", "schema:amount", "ydk:status", "id:district/울릉군"):
        assert words in report, words


def test_bad_date_and_missing_object_and_amount() -> None:
    kb = sample_kb()
    ds = rdf.kb_to_dataset(kb)
    st = kb.statements[0]
    node = URIRef(rdf.statement_iri(st))
    for g in ds.graphs():
        g.remove((node, URIRef(rdf.YDK + "date"), None))
        g.remove((node, URIRef(rdf.YDK + "object"), None))
    ds.graph(URIRef(rdf.report_iri("001_sample2020"))).add((node, URIRef(rdf.YDK + "date"), Literal("2019년 2월")))
    conforms, report = validate(ds)
    assert not conforms
    assert "object or an amount" in report and "ydk:date" in report


def test_money_only_statement_conforms() -> None:
    kb = sample_kb()
    assert any(s.object is None for s in kb.statements)
    assert validate(kb)[0]


def test_cli_validate(tmp_path: Path) -> None:
    pytest.importorskip("graph.cli.build")
    import typer
    from typer.testing import CliRunner

    from graph.cli.query import register

    app = typer.Typer()
    register(app)
    rdf.write_dataset(sample_kb(), tmp_path / "ok")
    res = CliRunner().invoke(app, ["validate", str(tmp_path / "ok")])
    assert res.exit_code == 0 and "conforms" in res.stdout
    bad = (tmp_path / "ok" / "dataset.nq").read_text(encoding="utf-8").splitlines()
    bad = [line for line in bad if "wasDerivedFrom" not in line]
    (tmp_path / "bad.nq").write_text("\n".join(bad) + "\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["validate", str(tmp_path / "bad.nq")])
    assert res.exit_code != 0 and isinstance(res.exception, ValidationError)
    assert "does not conform" in res.stdout and "prov:wasDerivedFrom" in res.stdout


def test_corpus_conforms() -> None:
    pipeline = pytest.importorskip("graph.pipeline.build")
    kb = pipeline.build_kb([Path(__file__).resolve().parent.parent / "data" / "sources"])
    conforms, report = validate(kb)
    assert conforms, report[:4000]


# ----------------------------------------------------------------- the standard way, and each kind of violation

YDK = rdf.YDK


def _broken(tmp_path: Path, extra: str) -> Path:
    """The sample dataset as Turtle with ``extra`` triples appended."""
    rdf.write_dataset(sample_kb(), tmp_path)
    path = tmp_path / "broken.ttl"
    path.write_text((tmp_path / "dataset.ttl").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def _entities() -> tuple[str, str]:
    kb = sample_kb()
    a, b = sorted(kb.entities)[:2]
    return rdf.entity_iri(a), rdf.entity_iri(b)


def _statement() -> str:
    return rdf.statement_iri(next(s for s in sample_kb().statements if s.relation == "agreement"))


@pytest.mark.parametrize("extra, message", [
    # an unknown predicate between two entities (the shapes are closed as the ontology is)
    (lambda a, b, s: f"<{a}> <{YDK}bribed> <{b}> .\n", "an entity's property must be declared"),
    # a foreign vocabulary term on an entity
    (lambda a, b, s: f'<{a}> <http://xmlns.com/foaf/0.1/nick> "x" .\n', "an entity's property must be declared"),
    # a statement whose relation is not one of the ontology's
    (lambda a, b, s: f"<{s}> <{YDK}relation> <{YDK}bribed> .\n", "exactly one relation"),
    # an entity with a second entity class
    (lambda a, b, s: f"<{a}> a <{YDK}Hospital> , <{YDK}Company> .\n", "exactly one type among the entity classes"),
    # a date of the wrong type
    (lambda a, b, s: f'<{s}> <{YDK}date> "yesterday" .\n', "date is one xsd:date"),
])
def test_each_kind_of_violation_is_reported_the_standard_way(tmp_path: Path, extra, message: str) -> None:
    a, b = _entities()
    conforms, report = validate(_broken(tmp_path, extra(a, b, _statement())))
    assert not conforms and message in report, report


def test_third_party_pyshacl_with_the_ontology_as_extra_graph(tmp_path: Path) -> None:
    """`pyshacl -s ontology/shapes.ttl -e ontology/ydkg.ttl dataset.ttl`, as a user would run it."""
    import subprocess
    import sys

    from graph.resources import ONTOLOGY_FILE, SHAPES_FILE

    rdf.write_dataset(sample_kb(), tmp_path)
    pyshacl = Path(sys.executable).parent / "pyshacl"
    run = [str(pyshacl), "-s", str(SHAPES_FILE), "-e", str(ONTOLOGY_FILE)]
    ok = subprocess.run(run + [str(tmp_path / "dataset.ttl")], capture_output=True, text=True)
    assert ok.returncode == 0 and "Conforms: True" in ok.stdout, ok.stdout[-2000:]
    a, b = _entities()
    bad = subprocess.run(run + [str(_broken(tmp_path, f"<{a}> <{YDK}bribed> <{b}> .\n"))], capture_output=True, text=True)
    assert bad.returncode == 1 and "Conforms: False" in bad.stdout and "bribed" in bad.stdout
