"""One graph for many districts: the units of two district offices that share a name stay two."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from graph.export import rdf
from graph.pipeline.build import build_kb
from graph.resources import SOURCES_DIR

REPORT = SOURCES_DIR / "001_12c0e7fe743c4ed0.txt"
ORG = "http://www.w3.org/ns/org#"


def _other_district(tmp_path: Path) -> Path:
    """The 2020 report as 마포구 would write it: the same divisions and teams, another district."""
    text = REPORT.read_text(encoding="utf-8").replace("영등포구", "마포구").replace("영등포", "마포")
    path = tmp_path / "mapo_2020.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_same_division_names_in_two_districts_stay_two_nodes(tmp_path: Path) -> None:
    kb = build_kb([SOURCES_DIR, _other_district(tmp_path)], year=2020)
    units = [e for e in kb.entities.values() if e.type in ("Division", "Team")]
    by_label: dict[str, set[str]] = {}
    for e in units:
        by_label.setdefault(e.label, set()).add(e.attribute("district"))
    shared = {label for label, districts in by_label.items() if districts == {"영등포구", "마포구"}}
    assert "비전협력과" in shared and any(label.endswith("팀") for label in shared)
    assert kb.entities["division/영등포구/비전협력과"].attribute("district") == "영등포구"
    assert kb.entities["division/마포구/비전협력과"].aliases == ("마포구 비전협력과",)
    # each district's teams are part of its own division only
    for st in kb.statements:
        if st.relation == "part_of" and st.subject.startswith("team/"):
            assert st.subject.split("/")[1] == st.object.split("/")[1], st


def test_units_belong_to_their_own_office_and_reports_to_their_division(tmp_path: Path) -> None:
    kb = build_kb([SOURCES_DIR, _other_district(tmp_path)], year=2020)
    ds = rdf.kb_to_dataset(kb)
    ds.default_union = True
    unit_of = URIRef(ORG + "unitOf")
    mapo = URIRef(rdf.entity_iri("division/마포구/비전협력과"))
    ydp = URIRef(rdf.entity_iri("division/영등포구/비전협력과"))
    assert set(ds.objects(mapo, unit_of)) == {URIRef(rdf.office_iri("마포구"))}
    assert set(ds.objects(ydp, unit_of)) == {URIRef(rdf.office_iri("영등포구"))}
    creator = URIRef(rdf.DCT + "creator")
    assert set(ds.objects(URIRef(rdf.report_iri("001_12c0e7fe743c4ed0")), creator)) == {ydp}
    assert set(ds.objects(URIRef(rdf.report_iri("mapo_2020")), creator)) <= {mapo}



def test_links_to_entities_and_to_wikidata() -> None:
    """A gazetteer country attribute is a link to the Country entity; a gazetteer Wikidata item is skos:exactMatch."""
    kb = build_kb([SOURCES_DIR])
    ds = rdf.kb_to_dataset(kb)
    ds.default_union = True
    chinese = [e for e in kb.entities.values() if e.attribute("country") == "중국"]
    assert chinese
    for ent in chinese:
        e = URIRef(rdf.entity_iri(ent.id))
        assert set(ds.objects(e, URIRef(rdf.YDK + "country"))) == {URIRef(rdf.entity_iri("country/cn"))}
        assert not list(ds.objects(e, URIRef(rdf.YDK + "attr_country")))
    exact = URIRef("http://www.w3.org/2004/02/skos/core#exactMatch")
    assert set(ds.objects(URIRef(rdf.entity_iri("country/cn")), exact)) == {URIRef("http://www.wikidata.org/entity/Q148")}


def test_designated_has_one_property_per_meaning() -> None:
    """Into a zone (a hospital as 특화사업자) and by an authority (the zone by the ministry) are two properties."""
    kb = build_kb([SOURCES_DIR])
    ds = rdf.kb_to_dataset(kb)
    ds.default_union = True
    into, by = URIRef(rdf.YDK + "designatedInto"), URIRef(rdf.YDK + "designatedBy")
    pairs = {(kb.entities[s.subject].type, kb.entities[s.object].type): (s.subject, s.object)
             for s in kb.statements if s.relation == "designated" and s.object}
    h, z = pairs[("Hospital", "Zone")]
    zone, agency = pairs[("Zone", "Agency")]
    assert (URIRef(rdf.entity_iri(h)), into, URIRef(rdf.entity_iri(z))) in ds
    assert (URIRef(rdf.entity_iri(zone)), by, URIRef(rdf.entity_iri(agency))) in ds
    assert not list(ds.triples((None, URIRef(rdf.YDK + "designated"), None)))  # only the two meanings


# ---------------------------------------------------------------------------- scoped year-wide queries

def _scoped(store_name: str, kb, query: str, **given: str) -> list[tuple]:
    from graph.query import sparql
    from graph.query.store import open_store

    return sparql.run(open_store(store_name, kb=kb), query, given)[1]


@pytest.mark.parametrize("store_name", ["oxigraph", "rdflib"])
def test_year_wide_queries_read_one_district_unless_told_otherwise(tmp_path: Path, store_name: str) -> None:
    """events-by-year and organisation answer for one district (영등포구 by default), for another when
    bound, and for every district with ``district='*'`` (UNDEF in the row): the union of the two."""
    kb = build_kb([SOURCES_DIR, _other_district(tmp_path)], year=2020)
    for query in ("events-by-year", "organisation"):
        ydp = _scoped(store_name, kb, query, year="2020")
        mapo = _scoped(store_name, kb, query, year="2020", district="마포구")
        every = _scoped(store_name, kb, query, year="2020", district="*")
        assert ydp and mapo, query
        sources = {row[-3] if query == "events-by-year" else row[3] for row in mapo}
        assert sources == {"mapo_2020.txt"}, (query, sources)
        assert "mapo_2020.txt" not in {row[-3] if query == "events-by-year" else row[3] for row in ydp}
        assert sorted(every, key=repr) == sorted(ydp + mapo, key=repr), query
        assert _scoped(store_name, kb, query, year="2020", district="강남구") == []


def test_events_by_year_reads_one_division_when_bound(tmp_path: Path) -> None:
    kb = build_kb([SOURCES_DIR], year=2020)
    every = _scoped("oxigraph", kb, "events-by-year", year="2020")
    divisions = {r.file: r.division for r in kb.reports}
    some = next(d for d in divisions.values() if d)
    one = _scoped("oxigraph", kb, "events-by-year", year="2020", division=some)
    assert one and len(one) < len(every)
    assert {divisions[row[6]] for row in one} == {some}


def test_pages_of_an_unscoped_answer_add_up_to_the_whole(tmp_path: Path) -> None:
    from graph.errors import QueryError
    from graph.query import sparql
    from graph.query.store import open_store

    st = open_store("oxigraph", kb=build_kb([SOURCES_DIR, _other_district(tmp_path)], year=2020))
    given = {"year": "2020", "district": "*"}
    whole = sparql.run(st, "events-by-year", given)[1]
    pages = [sparql.run(st, "events-by-year", given, limit=7, offset=k)[1] for k in range(0, len(whole) + 7, 7)]
    assert len(whole) > 14 and [row for page in pages for row in page] == whole
    assert "UNDEF" in sparql.bind(sparql.library()["events-by-year"], given)
    with pytest.raises(QueryError, match="its own LIMIT"):
        sparql.run(st, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", limit=2)


def _in_both(kb, relations: tuple[str, ...] | None, end: str, dated: bool = False) -> str:
    """The Korean name of an entity at the ``end`` (subject or object) of statements of ``relations``
    (any if None) in both 마포구's report and another one (the first such name in order)."""
    seen: dict[str, set[bool]] = {}
    for s in kb.statements:
        if (relations is None or s.relation in relations) and (s.when is not None or not dated):
            for eid in ((s.subject, s.object) if end == "either" else (getattr(s, end),)):
                if eid:
                    seen.setdefault(kb.entities[eid].label, set()).add(s.citation.source == "mapo_2020.txt")
    return min(name for name, where in seen.items() if where == {True, False})


@pytest.mark.parametrize("store_name", ["oxigraph", "rdflib"])
def test_lookups_by_name_read_every_district_unless_given_one(tmp_path: Path, store_name: str) -> None:
    """A name's answer covers every district's reports by default (the name is the scope); with a district
    bound, that district's only: 마포구's rows come from its report, and the two districts' rows make up
    the whole."""
    from graph.query import sparql
    from graph.query.store import open_store

    kb = build_kb([SOURCES_DIR, _other_district(tmp_path)], year=2020)
    st = open_store(store_name, kb=kb)
    cases = {"entity": _in_both(kb, None, "either"), "timeline": _in_both(kb, None, "either", dated=True),
             "agreements": _in_both(kb, ("agreement",), "object"),
             "funding": _in_both(kb, ("funded_by", "budget"), "subject")}
    for query, name in cases.items():
        cols, every = sparql.run(st, query, {"name": name})
        at = cols.index("source")

        def cited(district: str) -> list[tuple]:  # the statements' rows (entity.rq adds attributes)
            return [row for row in sparql.run(st, query, {"name": name, "district": district})[1] if row[at]]

        mapo, ydp = cited("마포구"), cited("영등포구")
        assert {row[at] for row in mapo} == {"mapo_2020.txt"}, (query, name)
        assert ydp and "mapo_2020.txt" not in {row[at] for row in ydp}, (query, name)
        assert sorted((row for row in every if row[at]), key=repr) == sorted(mapo + ydp, key=repr), (query, name)
        assert sparql.run(st, query, {"name": name, "district": "*"})[1] == every
        assert cited("강남구") == []
