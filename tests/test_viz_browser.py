"""The network page in Debian's headless Chromium (playwright with the system browser).

Every request that is not the page's own file is aborted and recorded; the
page must make none, log no console error, draw the graph, and react to
search, filters and the year slider. Skipped without /usr/bin/chromium
unless CI=true, where a missing browser fails.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from viz.page import write_page
from viz.sample import XSS_IMG, XSS_SCRIPT, sample_graph

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
ULLEUNG = "district/ulleung-gun"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("viz")
    return {
        "sample": write_page(sample_graph(), d / "sample.html", title="영등포구 협력 네트워크"),
        "xss": write_page(sample_graph(xss=True), d / "xss.html", title=f"제목 {XSS_IMG}"),
        "fixed": write_page(sample_graph(), d / "fixed.html", title="고정 배치", layout="precomputed"),
    }


class Opened:
    """A page opened with the network blocked; records requests, console errors and dialogs."""

    def __init__(self, browser: Any, path: Path, fragment: str = "") -> None:
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        # bypass_csp: page requests reach the route (and are recorded) instead of being stopped by
        # the page's own CSP, and playwright may poll with its evaluated functions
        self.page = browser.new_page(viewport={"width": 1400, "height": 850}, bypass_csp=True)
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_function("window.__ydkgReady", timeout=15000)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visible(self) -> int:
        return int(self.page.get_attribute("#visible-count", "data-visible"))

    def hidden(self, node: str) -> bool:
        return bool(self.page.evaluate("id => window.ydkg.nodes.get(id).hidden", node))

    def slide_to(self, year: int | None) -> None:
        years = self.page.evaluate("JSON.parse(document.getElementById('ydkg-data').textContent).years")
        index = 0 if year is None else years.index(year) + 1
        self.page.eval_on_selector("#year-slider", "(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }",
                                   str(index))


@pytest.fixture()
def opened(browser: Any, pages: dict[str, Path]) -> Iterator[Any]:
    made: list[Opened] = []

    def open_(name: str) -> Opened:
        made.append(Opened(browser, pages[name]))
        return made[-1]

    yield open_
    for o in made:
        o.page.close()


def test_page_opens_offline_and_draws(opened: Any) -> None:
    o = opened("sample")
    assert o.page.locator("#mynetwork canvas").count() == 1
    assert o.visible() == 16 and o.page.get_attribute("#visible-count", "data-total") == "16"
    assert "보이는 노드 16 / 전체 16" in o.page.inner_text("#visible-count")
    assert o.page.evaluate("window.ydkg.network.getPositions().length === undefined")  # positions exist
    assert o.page.locator("#type-legend li").count() == 12
    assert o.page.locator("#relation-legend li").count() == 14
    ARTIFACTS.mkdir(exist_ok=True)
    o.page.fill("#search", "영등포구")
    o.page.wait_for_timeout(400)
    o.page.screenshot(path=str(ARTIFACTS / "viz_sample.png"))
    assert o.requests == [] and o.errors == [] and o.dialogs == []


def test_search_selects_and_focuses_the_node(opened: Any) -> None:
    o = opened("sample")
    o.page.fill("#search", "울릉군")
    o.page.wait_for_function("window.ydkg.selected === 'district/ulleung-gun'", timeout=3000)
    assert o.page.evaluate("window.ydkg.network.getSelectedNodes()") == [ULLEUNG]
    assert o.page.is_visible("#panel")
    panel = o.page.inner_text("#panel")
    assert "울릉군" in panel and "우호결연" in panel and "[2021_영등포구_주요업무보고.txt, 210]" in panel
    o.page.fill("#search", "강남 성심")  # an alias, typed with a space
    o.page.press("#search", "Enter")
    o.page.wait_for_function("window.ydkg.selected === 'hospital/hallym-kangnam'", timeout=3000)
    assert o.errors == []


def test_type_filter_changes_visible_nodes(opened: Any) -> None:
    o = opened("sample")
    before = o.visible()
    o.page.uncheck("#type-legend input[data-key=Hospital]")
    assert o.visible() == before - 3
    assert o.page.evaluate("window.ydkg.nodes.get('hospital/kim-eye').hidden")
    o.page.uncheck("#relation-legend input[data-key=friendship_city]")
    assert o.hidden(ULLEUNG)
    o.page.click("[data-all=types]")
    o.page.click("[data-all=relations]")
    assert o.visible() == before


def test_time_slider_shows_the_graph_as_it_stood(opened: Any) -> None:
    o = opened("sample")
    assert not o.hidden(ULLEUNG)
    counts = {}
    for year in (2018, 2019, 2020, 2021):
        o.slide_to(year)
        counts[year] = o.visible()
        assert o.hidden(ULLEUNG) is (year < 2021), year
        assert not o.hidden("country/mongolia")  # no dated statement: always shown
    assert o.page.inner_text("#year-label") == "2021년"
    assert len(set(counts.values())) > 1 and max(counts.values()) < 16
    o.page.check("input[name=mode][value=asof]")  # cumulative: started by the end of the year
    o.slide_to(2020)
    assert o.hidden(ULLEUNG) and o.page.inner_text("#year-label") == "2020년 말 기준"
    o.slide_to(2021)
    assert not o.hidden(ULLEUNG) and o.visible() == 16
    o.slide_to(None)
    assert o.visible() == 16 and o.page.inner_text("#year-label") == "전체 기간"
    o.page.click("#play")  # plays from the first year
    o.page.wait_for_function("document.getElementById('year-label').textContent === '2018년 말 기준'", timeout=3000)
    o.page.click("#play")
    assert o.errors == []


def test_clicking_an_edge_lists_its_merged_statements(opened: Any) -> None:
    o = opened("fixed")
    box = o.page.locator("#mynetwork").bounding_box()
    xy = o.page.evaluate("""() => {
        const n = window.ydkg.network, p = n.getPositions(['district/yeongdeungpo-gu', 'district/bayanzurkh']);
        const a = p['district/yeongdeungpo-gu'], b = p['district/bayanzurkh'];
        return n.canvasToDOM({x: a.x + (b.x - a.x) * 0.45, y: a.y + (b.y - a.y) * 0.45});
    }""")
    o.page.mouse.click(box["x"] + xy["x"], box["y"] + xy["y"])
    o.page.wait_for_selector("#panel:not([hidden])", timeout=3000)
    text = o.page.inner_text("#panel")
    assert "영등포구 → 바양주르흐구" in text and "진술 3건" in text
    assert "자매결연" in text and "2019-05-23 ~ 2019-05-26" in text and "협약" in text
    assert o.errors == [] and o.requests == []


def test_script_payloads_show_as_text_and_run_nothing(opened: Any) -> None:
    o = opened("xss")
    o.page.fill("#search", "해킹")
    o.page.wait_for_function("window.ydkg.selected === 'company/xss'", timeout=3000)
    panel = o.page.inner_text("#panel")
    assert XSS_IMG in panel and XSS_SCRIPT in panel  # shown as text: label, alias, quote, note
    o.page.click("#panel .stmt .other")  # to the forum, whose panel lists the same quote
    o.page.wait_for_timeout(300)
    assert XSS_IMG in o.page.inner_text("#panel")
    o.page.mouse.move(700, 400)
    o.page.wait_for_timeout(200)
    o.page.click("#view-table")  # the table shows the same strings as text
    assert XSS_IMG in o.page.inner_text("#stmt-table")
    assert o.page.evaluate("typeof window.__xss") == "undefined"
    assert o.page.locator("img").count() == 0
    assert o.page.evaluate("document.title").startswith("제목 <img")
    assert o.dialogs == [] and o.errors == [] and o.requests == []
    ARTIFACTS.mkdir(exist_ok=True)
    o.page.screenshot(path=str(ARTIFACTS / "viz_xss.png"))


@pytest.fixture(scope="module")
def corpus_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    try:
        from graph.export.network import to_networkx
        from graph.pipeline.build import build_kb
    except ModuleNotFoundError as exc:
        pytest.skip(f"pipeline not available: {exc}")
    from graph.resources import SOURCES_DIR

    G = to_networkx(build_kb([SOURCES_DIR]))
    return write_page(G, tmp_path_factory.mktemp("corpus") / "graph.html", title="ydkg: 구청 협력 네트워크")


def test_corpus_page_through_the_years(browser: Any, corpus_page: Path) -> None:
    o = Opened(browser, corpus_page)
    try:
        total = o.visible()
        assert total > 100 and o.page.locator("#mynetwork canvas").count() == 1
        o.slide_to(2020)
        assert o.hidden(ULLEUNG) and o.visible() < total
        o.slide_to(2021)
        assert not o.hidden(ULLEUNG)
        o.page.fill("#search", "울릉군")
        o.page.wait_for_function("window.ydkg.selected === 'district/ulleung-gun'", timeout=3000)
        assert "자매결연" in o.page.inner_text("#panel")
        ARTIFACTS.mkdir(exist_ok=True)
        o.page.screenshot(path=str(ARTIFACTS / "viz_corpus_2021.png"))
        assert o.requests == [] and o.errors == [] and o.dialogs == []
    finally:
        o.page.close()


# ------------------------------------------------------------------ the map, focus, URL state, exports
FOCUS = "zone/ydp-smart-medical"
_SHOWN_TYPES = "window.ydkg.shown().map(id => window.ydkg.nodes.get(id)).map(n => n && n.id)"


def _types_shown(o: Opened) -> dict[str, str]:
    return o.page.evaluate("""() => {
        const data = JSON.parse(document.getElementById('ydkg-data').textContent);
        const type = new Map(data.nodes.map(n => [n.id, n.type]));
        const out = {};
        window.ydkg.shown().forEach(id => { out[id] = type.get(id); });
        return out;
    }""")


def _label_overlaps(o: Opened) -> list[list[str]]:
    """Pairs of drawn labels (nodes with their label, labelled edges) whose boxes overlap."""
    return o.page.evaluate("""() => {
        const net = window.ydkg.network, boxes = [];
        window.ydkg.shown().forEach(id => boxes.push([id, net.getBoundingBox(id)]));
        window.ydkg.labelled().forEach(id => {
            const s = net.body.edges[id].labelModule.size;
            boxes.push([id, {left: s.left, right: s.left + s.width, top: s.top, bottom: s.top + s.height}]);
        });
        const out = [];
        for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i][1], b = boxes[j][1];
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
                out.push([boxes[i][0], boxes[j][0]]);
        }
        return out;
    }""")


def test_corpus_opens_as_a_map_without_activities(browser: Any, corpus_page: Path) -> None:
    o = Opened(browser, corpus_page)
    try:
        shown = _types_shown(o)
        assert 100 < o.visible() == len(shown) <= 250
        assert "Activity" not in shown.values() and "Program" in shown.values()
        assert o.page.evaluate("window.ydkg.nodes.get({filter: n => !n.hidden}).length") == len(shown)
        o.page.check("#show-folded")  # the reader turns the activities on
        assert "Activity" in _types_shown(o).values() and o.page.evaluate("location.hash") == "#activities=1"
        o.page.uncheck("#show-folded")
        o.page.fill("#search", "스마트메디컬특구 사업")  # a program lists its folded activities, dated and cited
        o.page.press("#search", "Enter")
        o.page.wait_for_selector("#panel:not([hidden])", timeout=3000)
        assert "추진사항 · Activities" in o.page.inner_text("#panel")
        ARTIFACTS.mkdir(exist_ok=True)
        o.page.press("#panel-title", "Escape")
        o.page.click("#focus-clear")
        o.page.screenshot(path=str(ARTIFACTS / "viz_corpus_map.png"))
        assert o.requests == [] and o.errors == [] and o.dialogs == []
    finally:
        o.page.close()


def test_focus_from_the_url_opens_a_labelled_uncluttered_neighbourhood(browser: Any, corpus_page: Path) -> None:
    o = Opened(browser, corpus_page, "#focus=" + FOCUS)
    try:
        shown = _types_shown(o)
        assert FOCUS in shown and 5 < len(shown) < 40 and "Activity" not in shown.values()
        assert o.page.is_visible("#focusbar") and "영등포 스마트메디컬특구" in o.page.inner_text("#focus-label")
        assert o.page.evaluate("window.ydkg.network.getSelectedNodes()") == [FOCUS]
        labels = o.page.evaluate("window.ydkg.labelled().map(id => window.ydkg.edges.get(id).label)")
        assert len(labels) >= 5 and all(lbl.startswith("지정") for lbl in labels)
        assert any("2017-12-14" in lbl for lbl in labels)
        nodes = o.page.evaluate("window.ydkg.shown().map(id => window.ydkg.nodes.get(id).label)")
        assert all(nodes) and "김안과병원" in nodes  # every node of the neighbourhood is labelled
        assert _label_overlaps(o) == []
        ARTIFACTS.mkdir(exist_ok=True)
        o.page.screenshot(path=str(ARTIFACTS / "viz_corpus_focus.png"))
        o.page.click("#focusbar [data-depth='2']")
        two = _types_shown(o)
        assert set(shown) < set(two) and _label_overlaps(o) == []
        assert o.page.evaluate("location.hash") == "#focus=zone%2Fydp-smart-medical&depth=2"
        # a link followed in the open page; a program with edges both ways to the same partners
        o.page.evaluate("location.hash = '#focus=' + encodeURIComponent('program/영등포구/스마트메디컬특구활성화')")
        o.page.wait_for_function("window.ydkg.state.focus === 'program/영등포구/스마트메디컬특구활성화'", timeout=3000)
        shown = _types_shown(o)
        assert 10 < len(shown) < 40 and "Activity" not in shown.values()
        assert _label_overlaps(o) == [] and len(o.page.evaluate("window.ydkg.labelled()")) >= 10
        assert o.page.evaluate("window.ydkg.network.getScale()") > 0.3  # readable, not flung apart
        assert "추진사항 · Activities" in o.page.inner_text("#panel")  # its activities, folded and cited
        # the hub: a ring of its most connected partners of every kind, the rest on request
        o.page.evaluate("location.hash = '#focus=district%2Fyeongdeungpo-gu'")
        o.page.wait_for_function("window.ydkg.state.focus === 'district/yeongdeungpo-gu'", timeout=3000)
        hub = _types_shown(o)
        assert len(hub) == 17 and len(set(hub.values())) >= 6 and _label_overlaps(o) == []
        assert o.page.evaluate("window.ydkg.network.getScale()") > 0.4
        more = o.page.inner_text("#focus-all")
        assert re.match(r"이웃 \d+개 더 보기", more), more
        o.page.click("#focus-all")
        assert len(_types_shown(o)) > 100 and o.page.evaluate("location.hash").endswith("&wide=1")
        assert o.requests == [] and o.errors == [] and o.dialogs == []
    finally:
        o.page.close()


def test_the_url_hash_reopens_the_same_view(browser: Any, corpus_page: Path) -> None:
    o = Opened(browser, corpus_page)
    try:
        o.slide_to(2021)
        o.page.uncheck("#type-legend input[data-key=Place]")
        o.page.fill("#search", "울릉군")
        o.page.wait_for_function("window.ydkg.selected === 'district/ulleung-gun'", timeout=3000)
        o.page.press("#search", "Escape")
        o.page.click("#focusbar [data-depth='2']")
        o.page.click("#view-table")
        link = o.page.evaluate("location.hash")
        assert link == "#focus=district%2Fulleung-gun&depth=2&year=2021&types=" + o.page.evaluate(
            "encodeURIComponent(Array.from(window.ydkg.state.types).sort().join(','))") + "&view=table"
        view = o.page.evaluate("[window.ydkg.shown(), document.getElementById('year-label').textContent]")
        rows = o.page.locator("#stmt-table tbody tr").count()
        again = Opened(browser, corpus_page, link)
        try:
            assert again.page.evaluate("location.hash") == link
            assert again.page.evaluate("[window.ydkg.shown(), document.getElementById('year-label').textContent]") == view
            assert again.page.is_visible("#table-wrap") and again.page.locator("#stmt-table tbody tr").count() == rows
            assert not again.page.is_checked("#type-legend input[data-key=Place]")
            again.page.press("body", "Escape")  # Escape: the panel closes, then the focus
            again.page.press("body", "Escape")
            assert again.page.evaluate("location.hash") == "#year=2021&types=" + o.page.evaluate(
                "encodeURIComponent(Array.from(window.ydkg.state.types).sort().join(','))") + "&view=table"
            assert again.errors == []
        finally:
            again.page.close()
        assert o.errors == [] and o.requests == []
    finally:
        o.page.close()


def test_exports_and_keyboard(browser: Any, corpus_page: Path, tmp_path: Path) -> None:
    import csv
    import io

    o = Opened(browser, corpus_page)
    try:
        o.page.focus("#search")
        o.page.keyboard.type("울릉")
        o.page.keyboard.press("ArrowDown")
        o.page.keyboard.press("ArrowUp")
        o.page.keyboard.press("Enter")  # the first result, and the panel takes the keyboard
        o.page.wait_for_function("window.ydkg.selected === 'district/ulleung-gun'", timeout=3000)
        assert o.page.evaluate("document.activeElement.id") == "panel-title"
        with o.page.expect_download() as got:
            o.page.click("#export-csv")
        text = Path(got.value.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.DictReader(io.StringIO(text)))
        visible = o.page.evaluate("window.ydkg.shown().length")
        assert visible == 2 and len(rows) == o.page.evaluate("Number(document.getElementById('visible-count').textContent.match(/진술 (\\d+)/)[1])")
        assert {r["relation"] for r in rows} >= {"sister_city"} and all(r["source"] and r["line"] and r["quote"] for r in rows)
        assert any(r["subject"] == "영등포구" and r["object"] == "울릉군" and "울릉군 자매결연 협정식" in r["quote"] for r in rows)
        with o.page.expect_download() as got:
            o.page.click("#export-png")
        png = Path(got.value.path()).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
        assert got.value.suggested_filename == "ydkg-district_ulleung-gun.png"
        o.page.click("#view-table")
        assert o.page.locator("#stmt-table tbody tr").count() == len(rows)
        assert o.errors == [] and o.requests == []
    finally:
        o.page.close()
