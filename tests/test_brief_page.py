"""The briefing links to the entity's own network page (issue: focus views)."""
from __future__ import annotations

from graph.cli import main


def test_brief_page_link_and_unquoted_name(tmp_path, capsys):
    out = tmp_path / "mongolia.html"
    assert main(["brief", "몽골", "보건부", "--format", "html", "-o", str(out), "--page"]) == 0
    page = tmp_path / "mongolia.network.html"
    html = out.read_text(encoding="utf-8")
    assert '<a href="mongolia.network.html#focus=agency%2Fmongolia-moh&amp;depth=2">' in html and "2019-05-24" in html
    net = page.read_text(encoding="utf-8")
    assert "agency/mongolia-moh" in net  # focused on the entity
    assert '<script src="http' not in net and '<link rel="stylesheet" href="http' not in net  # self-contained


def test_page_needs_an_output_file(capsys):
    assert main(["brief", "몽골 보건부", "--page"]) == 2
    assert "--page needs -o" in capsys.readouterr().err
