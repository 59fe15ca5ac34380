"""The review page in headless chromium: tick candidates, make the TOML, download it, and the file
reads back as valid judgements that a build applies. Skipped without /usr/bin/chromium."""
from __future__ import annotations

from pathlib import Path

import pytest

from graph.model.judgements import load_judgements
from graph.pipeline.build import build_kb
from graph.query.candidates import Candidate, candidates
from graph.resources import SOURCES_DIR
from viz.review import review_page

pytestmark = pytest.mark.browser

def test_ticked_candidates_download_as_judgements_a_build_applies(browser, tmp_path: Path) -> None:
    kb = build_kb([SOURCES_DIR], review=[])
    ranked = candidates(kb)
    picks = [next(i for i, c in enumerate(ranked) if c.kind == k) for k in ("merged", "duplicate", "generic")]
    evil = Candidate("unlisted", 0.1, 'x"\\\x7f</script>', "w", suggest={"kind": "entity", "entity": "agency/x",
                                                                         "label": 'a"b\\c\n</script>'})
    path = tmp_path / "review.html"
    path.write_text(review_page([*ranked, evil], today="2026-12-01"), encoding="utf-8")
    page = browser.new_page(accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.fill("#who", '검토자 "갑"')
    page.fill("#why", "보고 확인")
    for i in [*picks, len(ranked)]:
        page.check(f'input.pick[data-i="{i}"]')
    page.click("#make")
    assert page.text_content("#count") == "4"
    with page.expect_download() as info:
        page.click("#save")
    saved = tmp_path / "saved.toml"
    info.value.save_as(saved)
    assert info.value.suggested_filename == "review.toml" and not errors
    got = load_judgements([saved])
    assert [j.kind for j in got] == ["keep_apart", "merge", "correct", "entity"]
    assert got[0].who == '검토자 "갑"' and got[0].when == "2026-12-01" and got[0].why == "보고 확인"
    assert got[3].get("label") == 'a"b\\c\n</script>'
    saved.write_text(saved.read_text(encoding="utf-8").rsplit("[[judgement]]", 1)[0], encoding="utf-8")
    reviewed = build_kb([SOURCES_DIR], review=[saved])
    assert [o.status for o in reviewed.outcomes] == ["applied"] * 3
