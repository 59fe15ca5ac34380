"""The review page (``ydkg review --format html``): candidates to tick, and the judgement file they make.

One self-contained HTML file that works offline (no server, no network): a table of the ranked
candidates (:mod:`graph.query.candidates`), each with a box to tick; the reviewer's name, the date
and a reason; and a button that writes the ticked candidates' judgements as TOML, shown for editing
and saved as a file through a ``Blob`` download, to put under ``data/review/``. Every string from
the documents is escaped in the HTML (``html.escape``) and reaches the script only as JSON inside
``<script type="application/json">`` (:func:`viz.payload.script_json`); the script builds text with
``textContent`` and ``value`` only.
"""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from typing import Any

from .payload import script_json

_SCRIPT = r"""
(function () {
  'use strict';
  var cands = JSON.parse(document.getElementById('candidates').textContent);
  function tomlStr(s) {
    return JSON.stringify(String(s)).replace(/\x7f/g, '\\u007f');
  }
  function tomlValue(v) {
    if (Array.isArray(v)) return '[' + v.map(tomlValue).join(', ') + ']';
    if (typeof v === 'number') return String(v);
    return tomlStr(v);
  }
  function entry(c, who, when, why) {
    var s = c.suggest, lines = ['[[judgement]]', 'kind = ' + tomlStr(s.kind), 'who = ' + tomlStr(who),
      'when = ' + when, 'why = ' + tomlStr(why || c.why)];
    Object.keys(s).sort().forEach(function (k) {
      if (k === 'kind') return;
      var line = k + ' = ' + tomlValue(s[k]);
      if (s[k] === '') line += '  # fill in';
      lines.push(line);
    });
    lines.push('# ' + c.kind + ': ' + String(c.what).replace(/[\x00-\x1f\x7f\u2028\u2029]+/g, ' '));
    return lines.join('\n');
  }
  function make() {
    var who = document.getElementById('who').value.trim() || '?';
    var when = document.getElementById('when').value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(when)) when = document.getElementById('when').defaultValue;
    var why = document.getElementById('why').value.trim();
    var out = [];
    document.querySelectorAll('input.pick:checked').forEach(function (box) {
      out.push(entry(cands[Number(box.dataset.i)], who, when, why));
    });
    var text = out.length ? '# ydkg review: judgements\n\n' + out.join('\n\n') + '\n' : '';
    document.getElementById('toml').value = text;
    document.getElementById('count').textContent = String(out.length);
    return text;
  }
  document.getElementById('make').addEventListener('click', make);
  document.getElementById('save').addEventListener('click', function () {
    var text = document.getElementById('toml').value || make();
    if (!text) return;
    var name = document.getElementById('file').value.trim().replace(/[^\w.-]+/g, '-') || 'review.toml';
    if (!/\.toml$/.test(name)) name += '.toml';
    var url = URL.createObjectURL(new Blob([text], { type: 'application/toml' }));
    var a = document.createElement('a');
    a.href = url; a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
  document.getElementById('filter').addEventListener('change', function (ev) {
    var kind = ev.target.value;
    document.querySelectorAll('tr.cand').forEach(function (tr) {
      tr.hidden = !!kind && tr.dataset.kind !== kind;
    });
  });
})();
"""

_STYLE = """
body{font-family:sans-serif;margin:1.5em;line-height:1.4}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}
td.q{color:#555;font-size:12px;max-width:30em;word-break:break-all}.kind{font-size:12px;color:#4a148c}
fieldset{margin:1em 0}label{margin-right:1em}textarea{width:100%;height:16em;font-family:monospace}
"""


def _row(i: int, c: Any) -> str:
    """One candidate as a table row; every string escaped."""
    e = html.escape
    where = f"{c.source}:{c.line}" if c.source else ""
    return (f'<tr class="cand" data-kind="{e(c.kind)}"><td><input type="checkbox" class="pick" data-i="{i}" '
            f'aria-label="pick {i + 1}"></td><td>{i + 1}</td><td>{c.score:.2f}</td>'
            f'<td class="kind">{e(c.kind)}</td><td>{e(c.what)}</td><td>{e(c.why)}</td>'
            f'<td>{e(where)}</td><td class="q">{e(c.quote)}</td><td>{e(str(c.suggest.get("kind", "")))}</td></tr>')


def review_page(cands: Iterable[Any], title: str = "ydkg review", today: str | None = None) -> str:
    """The review page of ``cands`` (ranked :class:`graph.query.candidates.Candidate` s)."""
    cands = list(cands)
    e = html.escape
    today = today or dt.date.today().isoformat()
    kinds = sorted({c.kind for c in cands})
    data = [{"kind": c.kind, "what": c.what, "why": c.why, "suggest": c.suggest} for c in cands]
    options = "".join(f'<option value="{e(k)}">{e(k)}</option>' for k in kinds)
    rows = "\n".join(_row(i, c) for i, c in enumerate(cands))
    return f"""<!DOCTYPE html>
<html lang="ko"><head><meta charset="utf-8"><title>{e(title)}</title><style>{_STYLE}</style></head><body>
<h1>{e(title)}</h1>
<p>검토가 필요한 후보 {len(cands)}건, 점수 순. 맞는 것을 고르고 <b>TOML 만들기</b>를 누른 뒤 파일로 저장해
<code>data/review/</code>에 두면 다음 빌드부터 적용됩니다. (Tick candidates, make the TOML, save it under data/review/.)</p>
<fieldset><legend>판단 (judgement)</legend>
<label>검토자 who <input id="who" required></label>
<label>날짜 when <input id="when" type="date" value="{e(today)}"></label>
<label>이유 why <input id="why" size="40" placeholder="(비우면 후보의 설명)"></label>
<label>파일 file <input id="file" value="review.toml"></label>
<label>종류 kind <select id="filter"><option value="">(모두 all)</option>{options}</select></label>
</fieldset>
<table><thead><tr><th></th><th>#</th><th>점수</th><th>종류</th><th>무엇</th><th>왜</th><th>출처</th><th>원문</th><th>제안</th></tr></thead>
<tbody>
{rows}
</tbody></table>
<p><button id="make" type="button">TOML 만들기</button> <button id="save" type="button">저장 (download)</button>
 고른 후보 <span id="count">0</span>건</p>
<textarea id="toml" spellcheck="false" aria-label="judgement TOML"></textarea>
<script type="application/json" id="candidates">{script_json(data)}</script>
<script>{_SCRIPT}</script>
</body></html>
"""
