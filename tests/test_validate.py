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
