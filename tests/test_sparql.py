"""Named queries on both stores, safe bindings, the query CLI (hand-made KB and corpus)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from graph.export import rdf
from graph.query import sparql
from graph.errors import QueryError
from graph.query.store import OxigraphStore, RdflibStore, open_store, project_variables
from test_rdf import HOSPITALS, sample_kb

HOSTILE = [
    '"', "'", '"} UNION { ?s ?p ?o } #', "} } #", "{", "#", "영등포구\" . ?x ?y ?z . #",
    "영등포구\n", "a\\b", '""" ) } SELECT * WHERE { ?s ?p ?o } #', "<http://x>", "?name", "$name",
    "'; DROP ALL; '", "\u0000", "영등포구'",
]


@pytest.fixture(scope="module")
def stores() -> tuple[RdflibStore, OxigraphStore]:
    kb = sample_kb()
    return RdflibStore.from_kb(kb), OxigraphStore.from_kb(kb)


def _both(stores, name: str, given: dict[str, str] | None = None):
    a = sparql.run(stores[0], name, given)
    b = sparql.run(stores[1], name, given)
    assert a == b, f"{name} {given}: stores differ\n{a}\n{b}"
    return a


def _rows(names: list[str], rows) -> list[dict]:
    return [dict(zip(names, r)) for r in rows]


def test_library_has_the_named_queries() -> None:
    lib = sparql.library()
    for name in ("sister-cities", "agreements", "designated-hospitals", "events-by-year", "funding",
                 "organisation", "entity", "timeline"):
        assert name in lib and lib[name].description, name
    assert lib["sister-cities"].param("as_of").default == "2021-12-31"
    assert lib["events-by-year"].param("year").type == "xsd:gYear"


@pytest.mark.parametrize("name", sorted(sparql.library()))
def test_every_named_query_same_on_both_stores(stores, name: str) -> None:
    names, rows = _both(stores, name)
    assert names and not set(names) & {p.name for p in sparql.library()[name].params}


@pytest.mark.parametrize("name,given", [
    ("sister-cities", {"as_of": "2020-06-01"}), ("sister-cities", {"as_of": "2019"}),
    ("sister-cities", {"district": "우리구"}), ("agreements", {"name": "몽골 보건부"}),
    ("designated-hospitals", {"zone": "스마트메디컬특구"}), ("events-by-year", {"year": "2020"}),
    ("funding", {"year": "2021"}), ("funding", {"name": "여의도 금융중심지 육성"}),
    ("organisation", {"year": "2020"}), ("entity", {"name": "황포구"}), ("timeline", {"name": "district/울릉군"}),
])
def test_named_queries_with_bindings_same_on_both_stores(stores, name: str, given: dict) -> None:
    _both(stores, name, given)


def test_sister_cities_as_of(stores) -> None:
    def cities(as_of: str) -> dict[str, str]:
        names, rows = _both(stores, "sister-cities", {"as_of": as_of})
        return {r["city"]: r["kind"] for r in _rows(names, rows)}

    early, late = cities("2020-06-01"), cities("2021-12-31")
    assert early == {"고성군": "sister", "광주광역시 남구": "friendship", "황포구": "friendship"}
    assert late == {"고성군": "sister", "광주광역시 남구": "sister", "황포구": "friendship", "울릉군": "sister"}
    assert cities("2018-01-01") == {}


def test_designated_hospitals(stores) -> None:
    names, rows = _both(stores, "designated-hospitals")
    got = _rows(names, rows)
    assert sorted(r["hospital"] for r in got) == sorted(HOSPITALS)
    assert {r["since"] for r in got} == {"2019-12-16", "2020-08"}
    assert all(r["role"] == "특화사업자" and r["designated_into"] == "스마트메디컬특구" for r in got)


def test_agreements_and_funding(stores) -> None:
    names, rows = _both(stores, "agreements")
    assert _rows(names, rows)[0]["date"] == "2019-05-24"
    assert _rows(names, rows)[0]["partner"] == "몽골 보건부"
    names, rows = _both(stores, "funding", {"year": "2021"})
    amounts = {(r["relation"], r["funder"]): r["amount"] for r in _rows(names, rows)}
    assert amounts == {("funded_by", "서울특별시"): 100_000_000, ("budget", None): 150_000_000}


def test_timeline_is_ordered(stores) -> None:
    names, rows = _both(stores, "timeline", {"name": "영등포구"})
    dates = [r["date"] for r in _rows(names, rows)]
    assert dates == sorted(dates) and len(dates) == 8


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("name,param", [("entity", "name"), ("timeline", "name"), ("agreements", "name"),
                                        ("sister-cities", "district"), ("funding", "name")])
def test_hostile_bindings_return_no_rows(stores, value: str, name: str, param: str) -> None:
    names, rows = _both(stores, name, {param: value})
    assert rows == []


def test_name_with_quotes_braces_hash_returns_the_right_rows(stores) -> None:
    names, rows = _both(stores, "entity", {"name": 'A"회사{}#'})
    got = _rows(names, rows)
    assert {r["entity"] for r in got} == {'A"회사{}#'}
    assert [r["other"] for r in got if r["direction"] == "in"] == ["영등포구"]


@pytest.mark.parametrize("name,param,same,none", [
    ("entity", "name", ["황포구", "Huangpu", "상해시 황포구", "district/황포구"], ["없는 이름", "district/없음"]),
    ("timeline", "name", ["영등포구", "Yeongdeungpo-gu", "우리구", "district/영등포구"], ["없는 이름"]),
    ("sister-cities", "district", ["영등포구", "Yeongdeungpo-gu", "우리구", "district/영등포구"],
     ["yeongdeungpo-gu", "없는 이름"]),
    ("agreements", "name", ["몽골 보건부", "Ministry of Health of Mongolia", "agency/몽골-보건부"], ["몽골", "없는 이름"]),
    ("designated-hospitals", "zone", ["스마트메디컬특구", "Smart Medical Special Zone", "zone/smart-medical"],
     ["스마트메디컬", "없는 이름"]),
])
def test_every_stored_name_form_finds_the_entity(stores, name: str, param: str, same: list, none: list) -> None:
    """A name is looked up by each of its ydk:name forms (label, English label, alias, id), exactly."""
    first = _both(stores, name, {param: same[0]})
    assert first[1], (name, same[0])
    for value in same[1:]:
        assert _both(stores, name, {param: value}) == first, (name, value)
    for value in none:
        assert _both(stores, name, {param: value})[1] == [], (name, value)


def test_a_name_stored_twice_counts_once() -> None:
    """An entity whose English label or alias repeats its Korean label matches once (no duplicate rows)."""
    from dataclasses import replace

    kb = sample_kb()
    for eid in ("program/yeouido-finance", "agency/몽골-보건부", "zone/smart-medical"):
        ent = kb.entities[eid]
        kb.entities[eid] = replace(ent, label_en=ent.label, aliases=(*ent.aliases, ent.label.upper() + " "))
    both = RdflibStore.from_kb(kb), OxigraphStore.from_kb(kb)
    for query, param, value in [("funding", "name", "여의도 금융중심지 육성"), ("agreements", "name", "몽골 보건부"),
                                ("designated-hospitals", "zone", "스마트메디컬특구")]:
        named = _both(both, query, {param: value})
        everything = _both(both, query)
        assert named[1] and named == everything, query  # the sample has one program, partner and zone


def test_bad_bindings_are_user_errors(stores) -> None:
    with pytest.raises(QueryError, match="no parameter"):
        sparql.run(stores[0], "entity", {"nam": "x"})
    for bad in ("2021 } UNION {", "21", "2021-05", "\u0662\u0660\u0662\u0661"):  # the last: Arabic-Indic digits
        with pytest.raises(QueryError, match="not a year"):
            sparql.run(stores[0], "events-by-year", {"year": bad})
    with pytest.raises(QueryError, match="not an integer"):
        sparql.run(stores[0], "funding", {"year": "2021 } UNION {"})
    with pytest.raises(QueryError, match="not a date"):
        sparql.run(stores[1], "sister-cities", {"as_of": '2021"'})
    with pytest.raises(QueryError):
        sparql.parse_binds(["no-equals-sign"])
    with pytest.raises(QueryError):
        stores[1].query("SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(QueryError):
        stores[0].query("SELECT ?x WHERE { ?x ?y }")


def test_raw_query_with_bindings(stores) -> None:
    q = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
         "SELECT ?e WHERE { ?e skos:prefLabel ?l FILTER(STR(?l) = ?n) }")
    for st in stores:
        assert st.query(q, {"n": "울릉군"}) == (["e"], [("https://w3id.org/ydkg/id/district/울릉군",)])
        assert st.query(q, {"n": '"} UNION { ?e ?p ?o } #'}) == (["e"], [])


def test_project_variables_only_touches_structure() -> None:
    q = 'SELECT DISTINCT ?a (MIN(?d) AS ?m) WHERE { ?a ?b "SELECT { ?x" . { SELECT ?z WHERE { ?z ?y ?x } } } GROUP BY ?a'
    out, added = project_variables(q, ["as_of", "a"])
    assert added == {"as_of"}
    assert out.startswith("SELECT DISTINCT ?as_of ?a") and out.endswith("GROUP BY ?as_of ?a")
    assert '"SELECT { ?x"' in out and "{ SELECT ?z WHERE" in out


# -------------------------------------------------------------------- CLI

@pytest.fixture(scope="module")
def cli_app() -> typer.Typer:
    pytest.importorskip("graph.cli.build")  # graph.cli imports every command module
    from graph.cli.query import register

    app = typer.Typer()
    register(app)
    return app


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("out")
    rdf.write_dataset(sample_kb(), out)
    return out


def test_cli_list(cli_app) -> None:
    res = CliRunner().invoke(cli_app, ["query", "--list"])
    assert res.exit_code == 0
    assert "sister-cities" in res.output and "--bind as_of=" in res.output


@pytest.mark.parametrize("store", ["rdflib", "oxigraph"])
def test_cli_query_formats(cli_app, data_dir: Path, store: str) -> None:
    run = CliRunner().invoke
    res = run(cli_app, ["query", "sister-cities", "--bind", "as_of=2020-06-01", "--format", "json",
                        "--store", store, "--data", str(data_dir)])
    assert res.exit_code == 0, res.output
    got = json.loads(res.stdout)
    assert {r["city"]: r["kind"] for r in got}["광주광역시 남구"] == "friendship"
    res = run(cli_app, ["query", "designated-hospitals", "--format", "csv", "--store", store, "--data", str(data_dir)])
    assert res.exit_code == 0 and len(res.stdout.strip().splitlines()) == 12
    res = run(cli_app, ["query", "entity", "--bind", 'name="} UNION { ?s ?p ?o } #', "--store", store,
                        "--data", str(data_dir)])
    assert res.exit_code == 1 and "(0 rows)" in res.stdout  # nothing found: exit status 1


def test_cli_query_file_and_errors(cli_app, data_dir: Path, tmp_path: Path) -> None:
    run = CliRunner().invoke
    f = tmp_path / "mine.rq"
    f.write_text("# param: n xsd:string 울릉군\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                 "SELECT ?l WHERE { ?e skos:prefLabel ?l FILTER(STR(?l) = ?n) }\n", encoding="utf-8")
    res = run(cli_app, ["query", str(f), "--data", str(data_dir), "--format", "csv"])
    assert res.exit_code == 0 and res.stdout.splitlines() == ["l", "울릉군"]
    for args in (["query", "no-such-query", "--data", str(data_dir)],
                 ["query", "entity", "--bind", "bogus=1", "--data", str(data_dir)],
                 ["query", "entity", "--format", "xml", "--data", str(data_dir)],
                 ["query", "entity", "--store", "neo4j", "--data", str(data_dir)],
                 ["query", "entity", "--data", str(tmp_path / "missing")]):
        res = run(cli_app, args)
        assert res.exit_code != 0 and isinstance(res.exception, QueryError), args


def test_open_store_by_name(data_dir: Path) -> None:
    for name in ("rdflib", "oxigraph"):
        st = open_store(name, data_dir / "dataset.nq")
        assert len(st) > 0
    with pytest.raises(QueryError):
        open_store("neo4j", data_dir)


def test_oxigraph_store_persisted(tmp_path: Path) -> None:
    st = OxigraphStore.from_kb(sample_kb(), tmp_path / "db")
    names, rows = sparql.run(st, "designated-hospitals")
    assert len(rows) == 11
    del st


# -------------------------------------------------------------------- real corpus

@pytest.fixture(scope="module")
def corpus_stores():
    pipeline = pytest.importorskip("graph.pipeline.build")
    kb = pipeline.build_kb([Path(__file__).resolve().parent.parent / "data" / "sources"])
    return RdflibStore.from_kb(kb), OxigraphStore.from_kb(kb)


def test_corpus_sister_cities_differ_by_date(corpus_stores) -> None:
    def cities(as_of: str) -> dict[str, str]:
        names, rows = _both(corpus_stores, "sister-cities", {"as_of": as_of})
        return {r["city"]: r["kind"] for r in _rows(names, rows)}

    early, late = cities("2020-06-01"), cities("2021-12-31")
    assert early != late
    ulleung = [c for c in late if "울릉" in c]
    assert ulleung and late[ulleung[0]] == "sister" and not any("울릉" in c for c in early)
    namgu_early = [k for c, k in early.items() if "남구" in c]
    namgu_late = [k for c, k in late.items() if "남구" in c]
    assert namgu_early == ["friendship"] and namgu_late == ["sister"]


def test_corpus_designated_hospitals(corpus_stores) -> None:
    names, rows = _both(corpus_stores, "designated-hospitals")
    got = _rows(names, rows)
    hospitals = {r["hospital"] for r in got}
    assert len(hospitals) == 11, sorted(hospitals)
    # the 특화사업자 tables date no designation: "since" is "" unless a line dates one
    assert all(r["since"] == "" or r["since"][:2] == "20" for r in got)


@pytest.mark.parametrize("name", sorted(sparql.library()))
def test_corpus_every_named_query_same_on_both_stores(corpus_stores, name: str) -> None:
    _both(corpus_stores, name)


def test_inlined_bindings_parse_for_every_named_query() -> None:
    """Ad-hoc queries over HTTP bind parameters with VALUES in each group; subquery groups take them in their WHERE."""
    import pyoxigraph as ox

    from graph.serve import gsp

    for name, query in sparql.library().items():
        text = gsp.inline_bindings(query.text, sparql.bindings_for(query, {}))
        ox.Store().query(text)  # raises SyntaxError if a VALUES landed before a sub-SELECT
    sub = gsp.inline_bindings("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?n } } }", {"n": "a"})
    assert sub == 'SELECT ?x WHERE { VALUES ?n { "a" }  { SELECT ?x WHERE { VALUES ?n { "a" }  ?x ?p ?n } } }'


@pytest.mark.parametrize("name", sorted(sparql.library()))
def test_each_named_query_as_it_is_gives_the_default_rows(corpus_stores, name: str) -> None:
    """The .rq file sent as it is (no bindings, no rewriting) answers what `ydkg query NAME` does, on both stores."""
    query = sparql.library()[name]
    expected = sparql.run(corpus_stores[1], name)
    for store in corpus_stores:
        if store.name == "rdflib" and name in ("entity", "timeline", "organisation"):
            continue  # minutes on rdflib over the corpus; the sample KB covers them
        assert store.query(query.text) == expected, (store.name, name)
    assert query.rows and [t for a, b in query.rows for t in query.text[a:b].split()] == list(query.defaults)


def test_bind_replaces_only_the_parameter_row() -> None:
    query = sparql.library()["sister-cities"]
    (start, end), = query.rows
    text = sparql.bind(query, {"as_of": "2019-06", "district": 'x" } ; DROP ALL ; #'})
    head, tail = query.text[:start], query.text[end:]
    assert text.startswith(head) and text.endswith(tail)
    row = text[len(head):len(text) - len(tail)]
    assert row == ' "2019-06"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> "x\\" } ; DROP ALL ; #" '
    assert sparql.bind(query, {}) == query.text.replace(query.text[start:end], " " + " ".join(query.defaults) + " ")


def test_parameters_in_two_rows_are_bound_in_their_rows() -> None:
    """A parameter may stand in a subquery's row (an index lookup there), the others at the top."""
    query = sparql.library()["funding"]
    assert [p.name for p in query.params] == ["name", "year", "district"] and query.widths == (1, 2)
    text = sparql.bind(query, {"name": "여의도 금융중심지 육성", "district": "*"})
    assert 'VALUES (?name) { ( "여의도 금융중심지 육성" ) }' in text
    assert "VALUES (?year ?district) { ( 0 UNDEF ) }" in text
    assert sparql.bind(query, {"name": ""}) == sparql.bind(query, {"name": "*"}) == query.text.replace(
        "{ (UNDEF) }", "{ ( UNDEF ) }").replace("{ (0 UNDEF) }", "{ ( 0 UNDEF ) }")


def test_rows_that_leave_out_or_reorder_parameters_are_refused(tmp_path) -> None:
    head = "# param: a xsd:string -- a\n# param: b xsd:string -- b\n"
    for body in ('SELECT ?s WHERE { VALUES (?b) { ("x") } VALUES (?a) { ("y") } ?s ?a ?b }',
                 'SELECT ?s WHERE { VALUES (?a) { ("y") } ?s ?p ?a }'):
        bad = tmp_path / "bad.rq"
        bad.write_text(head + body + "\n", encoding="utf-8")
        with pytest.raises(QueryError, match="need a top-level VALUES"):
            sparql.resolve(str(bad))


def test_a_row_that_does_not_name_the_parameters_is_refused(tmp_path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text('# param: name xsd:string -- a name\nSELECT ?s WHERE { VALUES (?nam) { ("x") } ?s ?p ?nam }\n',
                   encoding="utf-8")
    with pytest.raises(QueryError, match="need a top-level VALUES \\(\\?name\\)"):
        sparql.resolve(str(bad))


def test_every_named_query_holds_its_parameters_in_a_values_row() -> None:
    for name, query in sparql.library().items():
        assert query.rows or not query.params, name
