"""The RDF dataset: mapping, round trips, byte-identical outputs (hand-made KB and corpus)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.export import rdf
from graph.model.statements import Citation, Entity, KnowledgeBase, ReportMeta, Statement, When

R20 = "001_sample2020.txt"
R21 = "000_sample2021.txt"
HOSPITALS = [
    "김안과병원", "명지성모병원", "대림성모병원", "한림대강남성심병원", "성애병원", "영등포병원",
    "여의도성모병원", "한강수병원", "H+양지병원", "윌리스병원", "베스티안우송병원",
]


def _cite(src: str, line: int, quote: str) -> Citation:
    return Citation(src, line, quote)


def sample_kb() -> KnowledgeBase:
    """A small hand-made knowledge base shaped like the corpus (two reports)."""
    ents = [
        Entity("district/영등포구", "영등포구", "District", "Yeongdeungpo-gu", ("영등포", "우리구")),
        Entity("district/황포구", "황포구", "District", "Huangpu", ("상해시 황포구", "중국 상해시 황포구"),
               (("country", "중국"),)),
        Entity("district/광주-남구", "광주광역시 남구", "District", None, ("광주 남구",)),
        Entity("district/울릉군", "울릉군", "District", None, ("경북 울릉군",)),
        Entity("district/고성군", "고성군", "District", None, ("경남 고성군",)),
        Entity("agency/몽골-보건부", "몽골 보건부", "Agency", "Ministry of Health of Mongolia"),
        Entity("agency/서울특별시", "서울특별시", "Agency", "Seoul"),
        Entity("zone/smart-medical", "스마트메디컬특구", "Zone", "Smart Medical Special Zone"),
        Entity("program/yeouido-finance", "여의도 금융중심지 육성", "Program"),
        Entity("division/비전협력과", "비전협력과", "Division"),
        Entity("team/국제교류팀", "국제교류팀", "Team"),
        Entity("event/의료관광-설명회", "의료관광 설명회", "Event", in_gazetteer=False),
        Entity('company/quote"brace{}#', 'A"회사{}#', "Company", in_gazetteer=False),
    ]
    ents += [Entity(f"hospital/h{i:02d}", name, "Hospital") for i, name in enumerate(HOSPITALS)]
    y = "district/영등포구"
    sts = [
        Statement(y, "friendship_city", "district/황포구", _cite(R20, 75, "- 국외: 중국 상해시 황포구 ('19.2.18. 우호협력의향서 체결)"),
                  when=When("2019-02-18", precision="day", text="'19.2.18.")),
        Statement(y, "friendship_city", "district/광주-남구", _cite(R20, 74, "- 국내: 광주 남구 ('18.12.18. 우호협력의향서 체결)"),
                  when=When("2018-12-18", precision="day", text="'18.12.18.")),
        Statement(y, "sister_city", "district/광주-남구", _cite(R20, 95, "광주광역시 남구 자매결연 협정식 체결: 7월 초"),
                  status="planned", when=When("2020-07", precision="month", text="7월 초")),
        Statement(y, "sister_city", "district/고성군", _cite(R20, 71, "- 국내: 경남 고성군, 전남 영암군")),
        Statement(y, "sister_city", "district/광주-남구", _cite(R21, 100, "- 국내: 경남 고성군, 광주 남구")),
        Statement(y, "sister_city", "district/울릉군", _cite(R21, 115, "- 체결동의안 제232회 구의회 임시회 가결: 9월"),
                  when=When("2021-09", precision="month", text="9월")),
        Statement(y, "sister_city", "district/울릉군", _cite(R21, 126, "○ 울릉군 자매결연 협정식: 10월"),
                  status="planned", when=When("2021-10", precision="month", text="10월")),
        Statement(y, "agreement", "agency/몽골-보건부", _cite(R20, 140, "몽골 보건부 업무협약 체결: `19. 5. 24."),
                  when=When("2019-05-24", precision="day", text="`19. 5. 24."), role="의료관광 협력"),
        Statement("program/yeouido-finance", "funded_by", "agency/서울특별시",
                  _cite(R21, 200, "시비 100,000천원"), amount_krw=100_000_000, basis="budget", fiscal_year=2021),
        Statement("program/yeouido-finance", "budget", None, _cite(R21, 201, "총 150,000천원"),
                  amount_krw=150_000_000, basis="executed", fiscal_year=2021,
                  note='shares "do not" add up'),
        Statement("team/국제교류팀", "part_of", "division/비전협력과", _cite(R21, 3, "비전협력과 국제교류팀"),
                  when=When("2021", precision="year", text="2021")),
        Statement(y, "hosted", "event/의료관광-설명회", _cite(R21, 150, "의료관광 설명회 개최: 5. 12.~13."),
                  when=When("2021-05-12", "2021-05-13", "day", "5. 12.~13.")),
        Statement(y, "met_with", 'company/quote"brace{}#', _cite(R21, 160, 'A"회사{}# 면담\\ 8월'),
                  when=When("2021-08", precision="month", text="8월")),
    ]
    for i, _ in enumerate(HOSPITALS):
        day = "2019-12-16" if i < 8 else "2020-08"
        sts.append(Statement(f"hospital/h{i:02d}", "designated", "zone/smart-medical",
                             _cite(R20, 120 + i, f"{HOSPITALS[i]} 특화사업자 지정"),
                             when=When(day, precision="day" if len(day) == 10 else "month", text=day),
                             role="특화사업자"))
    reports = [
        ReportMeta(R21, 2021, 2022, "비전협력과", title="2021년 주요업무 보고", as_of="2021-09-30"),
        ReportMeta(R20, 2020, None, "비전협력과", title="2020년 주요업무 보고", as_of="2020-06",
                   council_session="제222회"),
    ]
    return KnowledgeBase(reports=reports, entities={e.id: e for e in ents}, statements=sts)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return sample_kb()


def test_quads_sorted_unique_no_blank_nodes(kb: KnowledgeBase) -> None:
    qs = list(rdf.quads(kb))
    assert qs == sorted(set(qs), key=rdf._quad_key)
    assert all(not str(t).startswith("_:") for q in qs for t in q if isinstance(t, str))


def test_iris_are_readable_and_safe() -> None:
    assert rdf.entity_iri("district/영등포구") == "https://w3id.org/ydkg/id/district/영등포구"
    assert rdf.entity_iri('a b"c{d}#e') == "https://w3id.org/ydkg/id/a%20b%22c%7Bd%7D%23e"
    assert rdf.line_iri("001_x", 5) == "https://w3id.org/ydkg/report/001_x/line/5"


def test_date_literals_keep_precision() -> None:
    assert rdf.date_literal("2019-05-24").datatype.endswith("#date")
    assert rdf.date_literal("2019-05").datatype.endswith("#gYearMonth")
    assert rdf.date_literal("2019").datatype.endswith("#gYear")


def test_statement_mapping(kb: KnowledgeBase) -> None:
    ds = rdf.kb_to_dataset(kb)
    st = next(s for s in kb.statements if s.relation == "agreement")
    node = URIRef(rdf.statement_iri(st))
    g = ds.graph(URIRef(rdf.report_iri("001_sample2020")))
    ydk = rdf.YDK
    assert (node, URIRef(ydk + "relation"), URIRef(ydk + "agreement")) in g
    assert g.value(node, URIRef(ydk + "date")) == Literal("2019-05-24", datatype=URIRef(rdf.XSD + "date"))
    # the truthy triple sits once in the entities graph, not in the report's
    truthy = (URIRef(rdf.entity_iri(st.subject)), URIRef(ydk + "agreement"), URIRef(rdf.entity_iri(st.object)))
    assert truthy not in g and truthy in ds.graph(URIRef(rdf.ENTITIES_GRAPH))
    src = g.value(node, URIRef(rdf.PROV + "wasDerivedFrom"))
    assert g.value(src, URIRef(ydk + "quote")) == Literal(st.citation.quote)
    assert g.value(src, URIRef(ydk + "line")) == Literal(140)


def test_money_only_statement(kb: KnowledgeBase) -> None:
    ds = rdf.kb_to_dataset(kb)
    st = next(s for s in kb.statements if s.object is None)
    node = URIRef(rdf.statement_iri(st))
    assert ds.value(node, URIRef(rdf.SCHEMA + "amount")) == Literal(150_000_000)
    assert ds.value(node, URIRef(rdf.YDK + "object")) is None


def test_entities_graph(kb: KnowledgeBase) -> None:
    ds = rdf.kb_to_dataset(kb)
    g = ds.graph(URIRef(rdf.ENTITIES_GRAPH))
    e = URIRef(rdf.entity_iri("district/영등포구"))
    labels = set(g.objects(e, URIRef(rdf.SKOS + "prefLabel")))
    assert labels == {Literal("영등포구", lang="ko"), Literal("Yeongdeungpo-gu", lang="en")}
    assert Literal("우리구", lang="ko") in set(g.objects(e, URIRef(rdf.SKOS + "altLabel")))
    report = URIRef(rdf.report_iri("000_sample2021"))
    assert g.value(report, URIRef(rdf.YDK + "planYear")) == Literal("2022", datatype=URIRef(rdf.XSD + "gYear"))
    assert g.value(report, URIRef(rdf.DCT + "creator")) == URIRef(rdf.entity_iri("division/비전협력과"))


def test_lookup_names(kb: KnowledgeBase) -> None:
    """Every name form of an entity is one plain ydk:name literal (the named queries' lookup key)."""
    ds = rdf.kb_to_dataset(kb)
    e = URIRef(rdf.entity_iri("district/영등포구"))
    names = set(ds.graph(URIRef(rdf.ENTITIES_GRAPH)).objects(e, URIRef(rdf.YDK + "name")))
    assert names == {Literal(n) for n in ("district/영등포구", "영등포구", "Yeongdeungpo-gu", "영등포", "우리구")}


def test_statement_year_rule() -> None:
    """ydk:year: the date's year, else the fiscal year, else (planned) the plan year, else the report year."""
    report = ReportMeta(R21, 2021, 2022)
    cite = _cite(R21, 1, "q")
    dated = Statement("a", "hosted", "b", cite, "planned", When("2019-05-24", precision="day"), fiscal_year=2020)
    assert report.year_of(dated) == 2019
    assert report.year_of(Statement("a", "budget", None, cite, fiscal_year=2020, amount_krw=1)) == 2020
    assert report.year_of(Statement("a", "hosted", "b", cite, "planned")) == 2022
    assert report.year_of(Statement("a", "hosted", "b", cite, "done")) == 2021
    assert ReportMeta(R20, 2020).year_of(Statement("a", "hosted", "b", cite, "planned")) == 2020
    kb = KnowledgeBase([report], {"a": Entity("a", "가", "Agency"), "b": Entity("b", "나", "Event")},
                       [Statement("a", "hosted", "b", cite, "planned")])
    ds = rdf.kb_to_dataset(kb)
    assert set(ds.objects(None, URIRef(rdf.YDK + "year"))) == {Literal("2022", datatype=URIRef(rdf.XSD + "gYear"))}


def test_year_index_terms_hand_made() -> None:
    """ydk:eventYear on a statement whose object is an Event, ydk:partOfYear on a part_of statement, each
    equal to its ydk:year; a statement of any other kind (or without a year) carries neither."""
    cite = _cite(R21, 1, "q")
    ents = {"a": Entity("a", "가", "Agency"), "e": Entity("e", "행사", "Event"), "t": Entity("t", "팀", "Team"),
            "d": Entity("d", "과", "Division"), "z": Entity("z", "특구", "Zone")}
    sts = [Statement("a", "hosted", "e", cite, "done", When("2019-05-24", precision="day")),
           Statement("t", "part_of", "d", _cite(R21, 2, "q2"), "done"),
           Statement("a", "designated", "z", _cite(R21, 3, "q3"), "done"),
           Statement("a", "hosted", "e", _cite("other.txt", 4, "q4"), "done")]  # no report metadata: no year
    ds = rdf.kb_to_dataset(KnowledgeBase([ReportMeta(R21, 2021)], ents, sts))
    y = rdf.YDK

    def values(st: Statement, prop: str) -> set[str]:
        return {str(o) for o in ds.objects(URIRef(rdf.statement_iri(st)), URIRef(y + prop))}

    assert [values(st, "eventYear") for st in sts] == [{"2019"}, set(), set(), set()]
    assert [values(st, "partOfYear") for st in sts] == [set(), {"2021"}, set(), set()]
    assert [values(st, "year") for st in sts] == [{"2019"}, {"2021"}, {"2021"}, set()]


def test_tie_index_terms_hand_made() -> None:
    """ydk:tieSubject and ydk:tieObject repeat the subject and object of a sister or friendship city
    statement, with or without a year; no other statement carries them."""
    ents = {"g": Entity("g", "영등포구", "District"), "c": Entity("c", "버나비시", "City"),
            "f": Entity("f", "단양군", "District")}
    sts = [Statement("g", "sister_city", "c", _cite(R21, 1, "q1"), "done"),
           Statement("f", "friendship_city", "g", _cite("other.txt", 2, "q2"), "done"),  # no year
           Statement("g", "visited", "c", _cite(R21, 3, "q3"), "done")]
    ds = rdf.kb_to_dataset(KnowledgeBase([ReportMeta(R21, 2021)], ents, sts))

    def values(st: Statement, prop: str) -> set[str]:
        return {str(o) for o in ds.objects(URIRef(rdf.statement_iri(st)), URIRef(rdf.YDK + prop))}

    assert [values(st, "tieSubject") for st in sts] == [{rdf.entity_iri("g")}, {rdf.entity_iri("f")}, set()]
    assert [values(st, "tieObject") for st in sts] == [{rdf.entity_iri("c")}, {rdf.entity_iri("g")}, set()]


def test_year_index_terms_on_the_corpus() -> None:
    """On the corpus: every statement with a year and an Event object (or relation part_of) carries the
    matching year index term with the same value, every sister or friendship city statement its
    subject and object again as tie index terms, and no other statement carries any."""
    from graph.pipeline.build import build_kb
    from graph.resources import SOURCES_DIR

    kb = build_kb([SOURCES_DIR])
    ds = rdf.kb_to_dataset(kb)
    y = rdf.YDK
    seen = {"eventYear": 0, "partOfYear": 0, "tieSubject": 0, "tieObject": 0}
    for st in kb.statements:
        s = URIRef(rdf.statement_iri(st))
        year = set(ds.objects(s, URIRef(y + "year")))
        obj = kb.entities.get(st.object) if st.object else None
        tie = st.relation in ("sister_city", "friendship_city")
        wants = {"eventYear": (obj is not None and obj.type == "Event", year),
                 "partOfYear": (st.relation == "part_of", year),
                 "tieSubject": (tie, set(ds.objects(s, URIRef(y + "subject")))),
                 "tieObject": (tie, set(ds.objects(s, URIRef(y + "object"))))}
        for prop, (want, same) in wants.items():
            got = set(ds.objects(s, URIRef(y + prop)))
            assert got == (same if want else set()), (prop, st)
            seen[prop] += bool(got)
    assert min(seen.values()) > 5, seen  # every term occurs on the corpus


def test_statement_carries_end_labels(kb: KnowledgeBase) -> None:
    """Each statement carries its subject's (and object's) Korean prefLabel, the same literal."""
    ds = rdf.kb_to_dataset(kb)
    y, ko = rdf.YDK, {}
    for e, label in ds.subject_objects(URIRef(rdf.SKOS + "prefLabel")):
        if label.language == "ko":
            ko[e] = label
    checked = 0
    for st in kb.statements:
        s = URIRef(rdf.statement_iri(st))
        assert list(ds.objects(s, URIRef(y + "subjectLabel"))) == [ko[URIRef(rdf.entity_iri(st.subject))]]
        objects = list(ds.objects(s, URIRef(y + "objectLabel")))
        assert objects == ([ko[URIRef(rdf.entity_iri(st.object))]] if st.object else [])
        checked += 1
    assert checked == len(kb.statements)
    assert {st.object is None for st in kb.statements} == {True, False}  # both shapes checked


def test_trig_round_trip_isomorphic(kb: KnowledgeBase, tmp_path: Path) -> None:
    rdf.write_dataset(kb, tmp_path)
    original = rdf.kb_to_dataset(kb)
    for name, fmt in (("dataset.trig", "trig"), ("dataset.nq", "nquads"), ("dataset.jsonld", "json-ld")):
        back = Dataset()
        back.parse(tmp_path / name, format=fmt)
        names = {str(g.identifier) for g in original.graphs()} - {"urn:x-rdflib:default"}
        for gname in names:
            assert isomorphic(original.graph(URIRef(gname)), back.graph(URIRef(gname))), (name, gname)
        assert sum(len(g) for g in back.graphs()) == sum(len(g) for g in original.graphs())
    union = Graph()
    for g in original.graphs():
        union += g
    ttl = Graph().parse(tmp_path / "dataset.ttl", format="turtle")
    assert isomorphic(ttl, union)


def test_oxigraph_store_has_same_quads(kb: KnowledgeBase, tmp_path: Path) -> None:
    import pyoxigraph as ox

    store = rdf.kb_to_store(kb)
    assert len(store) == len(list(rdf.quads(kb)))
    back = ox.Store()
    rdf.write_dataset(kb, tmp_path)
    back.bulk_load(path=str(tmp_path / "dataset.trig"), format=ox.RdfFormat.TRIG)
    assert set(back) == set(store)


def test_outputs_byte_identical(tmp_path: Path) -> None:
    a = rdf.write_dataset(sample_kb(), tmp_path / "a")
    kb2 = sample_kb()
    kb2.statements.reverse()
    kb2.entities = dict(reversed(kb2.entities.items()))
    b = rdf.write_dataset(kb2, tmp_path / "b")
    assert [p.name for p in a] == list(rdf.FILES)
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    json.loads((tmp_path / "a" / "dataset.jsonld").read_text(encoding="utf-8"))


def test_corpus_outputs_byte_identical_and_trig_isomorphic(tmp_path: Path) -> None:
    pipeline = pytest.importorskip("graph.pipeline.build")
    src = [Path(__file__).resolve().parent.parent / "data" / "sources"]
    kb = pipeline.build_kb(src)
    a = rdf.write_dataset(kb, tmp_path / "a")
    b = rdf.write_dataset(pipeline.build_kb(src), tmp_path / "b")
    for pa, pb in zip(a, b):
        assert pa.read_bytes() == pb.read_bytes(), pa.name
    original = rdf.kb_to_dataset(kb)
    back = Dataset()
    back.parse(tmp_path / "a" / "dataset.trig", format="trig")
    for g in original.graphs():
        if str(g.identifier).startswith("https://"):
            assert isomorphic(g, back.graph(g.identifier)), g.identifier


def _parsed(text: str, fmt: str) -> set:
    import pyoxigraph as ox

    return set(ox.parse(text, format=getattr(ox.RdfFormat, fmt)))


def test_render_graph_hand_made_terms_read_back_the_same_in_every_syntax() -> None:
    """One pass renders a graph as TriG, N-Quads and JSON-LD: each term form (an IRI, a class, a plain
    string with every character Turtle escapes, a Korean label, an integer, a date) reads back as
    the same quads in each, and Turtle is the TriG statements unindented."""
    g = rdf.IRI(rdf.REPORT + "r1")
    st, line = rdf.IRI(rdf.STATEMENT + "s1"), rdf.IRI(g + "/line/3")
    y = rdf.YDK
    triples = sorted({
        (st, rdf.IRI(rdf.RDF_TYPE), rdf.IRI(y + "Statement")),
        (st, rdf.IRI(y + "subject"), rdf.entity_iri("Hospital/예스병원")),
        (st, rdf.IRI(y + "subjectLabel"), rdf.Lit("예스병원", lang="ko")),
        (st, rdf.IRI(y + "note"), rdf.Lit('say "hi"\n\ttab \\ back')),
        (st, rdf.IRI(y + "date"), rdf.date_literal("2019-05-24")),
        (st, rdf.IRI(y + "year"), rdf.Lit("2019", rdf.XSD + "gYear")),
        (line, rdf.IRI(y + "line"), rdf.Lit("3", rdf.XSD + "integer")),
        (line, rdf.IRI(y + "quote"), rdf.Lit("협약 체결 (’19. 5.)")),
    })
    text = rdf.render_graph(g, triples, nq=True, jsonld=True)
    trig = rdf.prefix_header() + f"<{g}> {{\n{text.body}}}\n"
    jsonld = f'{{"@context": {rdf._jsonld_context()}, "@graph": [{text.jsonld}]}}'
    quads = _parsed(text.nq, "N_QUADS")
    assert len(quads) == len(triples)
    assert _parsed(trig, "TRIG") == quads
    assert _parsed(jsonld, "JSON_LD") == quads
    assert {(q.subject, q.predicate, q.object) for q in quads} == {
        (t.subject, t.predicate, t.object) for t in _parsed(rdf.prefix_header() + text.turtle(), "TURTLE")}
    assert text.own and "    <" + st in text.body and text.turtle().startswith("<" + line)
    assert '"ydk:quote": ["협약 체결 (’19. 5.)"]' in text.jsonld  # a plain string is a JSON string
    assert '"@type": ["ydk:Statement"]' in text.jsonld
    assert "ydk:line 3" in text.body  # an integer as Turtle writes it


def test_render_graph_renders_only_what_is_asked_and_knows_a_foreign_subject() -> None:
    g = rdf.IRI(rdf.REPORT + "r1")
    triples = [(rdf.entity_iri("City/a"), rdf.IRI(rdf.RDF_TYPE), rdf.IRI(rdf.YDK + "City"))]
    text = rdf.render_graph(g, triples, turtle=False, nq=True)
    assert text.body == "" and text.jsonld == "" and text.nq.endswith(f" <{g}> .\n")
    assert not rdf.render_graph(g, triples).own  # an entity's triple: Turtle writes it once for all graphs
