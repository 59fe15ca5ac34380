"""Graphs that follow the NetworkX contract (docs/CONTRACTS.md), for tests and the benchmark.

``sample_graph`` is a small hand-made graph with Korean labels (울릉군's only
statement is dated 2021); ``synthetic_graph`` makes n nodes for the benchmark.
"""
from __future__ import annotations

import random

import networkx as nx

from graph.model import schema

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>window.__xss=1</script>"


def _node(G: nx.MultiDiGraph, id_: str, label: str, type_: str, *, en: str = "",
          aliases: tuple[str, ...] = (), attributes: dict[str, str] | None = None,
          in_gazetteer: bool = True) -> None:
    G.add_node(id_, label=label, label_en=en, type=type_, aliases=list(aliases),
               attributes=dict(attributes or {}), in_gazetteer=in_gazetteer)


def _edge(G: nx.MultiDiGraph, u: str, v: str, relation: str, date: str, quote: str, line: int, *,
          end: str = "", status: str = "done", amount: int | None = None, role: str = "",
          basis: str = "", fiscal_year: int | None = None, note: str = "",
          source: str = "2020_영등포구_주요업무보고.txt") -> None:
    precision = {4: "year", 7: "month", 10: "day"}.get(len(date), "unknown")
    G.graph["_n"] = key = G.graph.get("_n", 0) + 1
    G.add_edge(u, v, key=f"s{key:05d}", relation=relation, date=date, end=end, precision=precision,
               status=status, amount_krw=amount, role=role, basis=basis, fiscal_year=fiscal_year,
               note=note, source=source, line=line, quote=quote)


def sample_graph(*, xss: bool = False) -> nx.MultiDiGraph:
    """A small contract graph; with ``xss`` a label and quotes carry script payloads."""
    G = nx.MultiDiGraph()
    _node(G, "district/yeongdeungpo-gu", "영등포구", "District", en="Yeongdeungpo-gu",
          aliases=("영등포구청", "서울특별시 영등포구"), attributes={"country": "대한민국"})
    _node(G, "district/ulleung-gun", "울릉군", "District", en="Ulleung-gun",
          aliases=("경상북도 울릉군",), attributes={"province": "경상북도"})
    _node(G, "country/mongolia", "몽골", "Country", en="Mongolia")
    _node(G, "district/bayanzurkh", "바양주르흐구", "District", en="Bayanzürkh",
          aliases=("바양주르흐",), attributes={"country": "몽골"})
    _node(G, "hospital/kim-eye", "김안과병원", "Hospital", en="Kim's Eye Hospital", aliases=("김안과",))
    _node(G, "hospital/hallym-kangnam", "한림대학교 강남성심병원", "Hospital",
          aliases=("한림대강남성심병원", "강남성심병원"))
    _node(G, "hospital/saebom", "새봄의원", "Hospital", in_gazetteer=False)
    _node(G, "zone/medical", "영등포 의료관광특구", "Zone", aliases=("의료특구",))
    _node(G, "division/economy", "일자리경제과", "Division", en="Jobs and Economy Division")
    _node(G, "team/finance", "금융산업팀", "Team")
    _node(G, "program/yeouido-finance", "여의도 금융중심지 육성", "Program", aliases=("금융중심지 육성사업",))
    _node(G, "agency/seoul", "서울특별시", "Agency", en="Seoul Metropolitan Government", aliases=("서울시",))
    _node(G, "event/finance-forum", "여의도 금융포럼", "Event")
    _node(G, "ordinance/medical", "영등포구 의료관광 지원 조례", "Ordinance")
    _node(G, "company/ybank", "(주)영등포핀테크", "Company")
    _node(G, "person/hong", "홍길동", "Person", attributes={"role": "대표"})

    yd = "district/yeongdeungpo-gu"
    _edge(G, yd, "district/ulleung-gun", "friendship_city", "2021-04-15",
          "○ 울릉군과 우호결연 협약 체결: '21. 4. 15.", 210, source="2021_영등포구_주요업무보고.txt")
    _edge(G, yd, "district/bayanzurkh", "agreement", "2018-09", "- 우호협력의향서 체결(2018. 9월)", 31,
          source="2019_영등포구_주요업무보고.txt")
    _edge(G, yd, "district/bayanzurkh", "sister_city", "2019-05-24", "- 자매결연 협약식: ’19. 5. 24.", 44,
          source="2019_영등포구_주요업무보고.txt")
    _edge(G, yd, "district/bayanzurkh", "participated", "2019-05-23",
          "- 대표단 방문: `19. 5. 23. ~ 26.", 45, end="2019-05-26", source="2019_영등포구_주요업무보고.txt")
    _edge(G, "district/bayanzurkh", "country/mongolia", "located_in", "", "몽골 울란바토르시 바양주르흐구", 30)
    _edge(G, "hospital/kim-eye", "zone/medical", "designated", "2019-03", "- 특화사업자 지정: 김안과병원 등 5개소", 88,
          role="특화사업자", source="2019_영등포구_주요업무보고.txt")
    _edge(G, "hospital/hallym-kangnam", "zone/medical", "designated", "2018-11",
          "- 협력기관 지정: 한림대강남성심병원", 90, role="협력기관", source="2018_영등포구_주요업무보고.txt")
    _edge(G, "hospital/saebom", "zone/medical", "designated", "2020", "- 새봄의원 협력기관 추가 지정", 91,
          role="협력기관", status="planned")
    _edge(G, "zone/medical", yd, "located_in", "", "영등포 의료관광특구(영등포동 일대)", 86)
    _edge(G, "team/finance", "division/economy", "part_of", "2020", "금융산업팀 (일자리경제과)", 12)
    _edge(G, "team/finance", "program/yeouido-finance", "runs", "2020", "1. 여의도 금융중심지 육성", 120)
    _edge(G, "program/yeouido-finance", "agency/seoul", "funded_by", "2020",
          "- 사업비: 50,000천원(시비 50,000)", 122, amount=50_000_000, basis="budget", fiscal_year=2020)
    _edge(G, "program/yeouido-finance", "event/finance-forum", "activity", "2019-10-15",
          "- 여의도 금융포럼 개최: ’19. 10. 15.(화)", 125, source="2019_영등포구_주요업무보고.txt")
    _edge(G, yd, "event/finance-forum", "hosted", "2019-10-15", "여의도 금융포럼 주최", 126,
          source="2019_영등포구_주요업무보고.txt")
    _edge(G, yd, "ordinance/medical", "enacted", "2020-07-09", "「영등포구 의료관광 지원 조례」 제정·공포", 95)
    _edge(G, "company/ybank", "event/finance-forum", "participated", "2019-10-15", "(주)영등포핀테크 참가", 127,
          source="2019_영등포구_주요업무보고.txt")
    _edge(G, "person/hong", "company/ybank", "has_role", "2019", "(주)영등포핀테크 대표 홍길동", 128,
          role="대표", source="2019_영등포구_주요업무보고.txt")
    _edge(G, "company/ybank", "program/yeouido-finance", "supported", "2020-12",
          "- 장학금 기부: 10,000천원", 130, amount=10_000_000)
    if xss:
        _node(G, "company/xss", f"해킹(주){XSS_SCRIPT}", "Company", aliases=(XSS_IMG,),
              attributes={"note": XSS_IMG})
        _edge(G, "company/xss", "event/finance-forum", "participated", "2019-10-15",
              f"참가기업 {XSS_IMG} {XSS_SCRIPT} & \u2028끝", 131, note=XSS_SCRIPT,
              source=f"evil{XSS_IMG}.txt")
    return G


_TYPE_WEIGHTS = {"Program": 30, "Event": 18, "Activity": 14, "Agency": 8, "Company": 8, "District": 6,
                 "Team": 5, "Division": 2, "Hospital": 3, "CivicGroup": 3, "Person": 2, "Zone": 0.5,
                 "Ordinance": 1, "Place": 1, "Country": 0.5}


def synthetic_graph(n: int, *, seed: int = 1, edges_per_node: float = 1.6) -> nx.MultiDiGraph:
    """n contract nodes with about ``edges_per_node * n`` dated statements, hubs included."""
    rng = random.Random(seed)
    rels = list(schema.relations())
    types = [t for t in _TYPE_WEIGHTS if t in schema.classes()]
    weights = [_TYPE_WEIGHTS[t] for t in types]
    G = nx.MultiDiGraph()
    ids: list[str] = []
    for i in range(n):
        t = rng.choices(types, weights)[0]
        label = f"{schema.classes()[t].label_ko} {i:04d}"
        _node(G, f"{t.lower()}/{i}", label, t, aliases=(f"별칭{i}",))
        ids.append(f"{t.lower()}/{i}")
    targets = ids[:1]
    for i in range(1, n):  # a spanning tree with preferential attachment, then random extras
        v = rng.choice(targets)
        _synthetic_edge(G, rng, rels, ids[i], v)
        targets += [ids[i], v]
    for _ in range(int(n * (edges_per_node - 1))):
        _synthetic_edge(G, rng, rels, rng.choice(ids), rng.choice(targets))
    return G


def _synthetic_edge(G: nx.MultiDiGraph, rng: random.Random, rels: list[str], u: str, v: str) -> None:
    year = rng.choice([2018, 2019, 2020, 2021])
    r = rng.random()
    date = "" if r < 0.1 else str(year) if r < 0.3 else f"{year}-{rng.randint(1, 12):02d}"
    _edge(G, u, v, rng.choice(rels), date, f"{G.nodes[u]['label']} – {G.nodes[v]['label']}",
          rng.randint(1, 900), source=f"{year}_report.txt")
