"""The explain report as one self-contained HTML file: inline CSS and script, no fonts,
images or scripts from anywhere, so it opens offline and can be mailed or attached to a bug.

The counts it shows carry `data-count` attributes and each block its `data-rule`, so that a
test (or a person with the browser's console) can check them against the record.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape

from scraper.report.explain import ExplainedBlock, Explanation

KEPT = "kept"
_CODE = re.compile(r"`([^`]+)`")

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
header, main { max-width: 60rem; margin: 0 auto; padding: 0.5rem 1.5rem; }
header h1 { font-size: 1.3rem; margin: 0.8rem 0 0.2rem; }
.where { color: #555; font-size: 0.85rem; word-break: break-all; }
.counts { margin: 0.6rem 0; font-weight: 600; }
.error { color: #a40000; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; font-size: 0.9rem; }
td, th { text-align: left; vertical-align: top; padding: 0.2rem 0.5rem;
  border-bottom: 1px solid #e3e3e3; }
th { color: #555; font-weight: 600; white-space: nowrap; }
td.source { color: #555; }
code { font-family: ui-monospace, monospace; font-size: 0.85em; background: #eee;
  padding: 0 0.2em; border-radius: 3px; }
#filters { position: sticky; top: 0; background: #fafafa; padding: 0.5rem 0; z-index: 1;
  border-bottom: 1px solid #ddd; }
#filters button { font: inherit; font-size: 0.8rem; margin: 0.15rem; padding: 0.15rem 0.5rem;
  border: 1px solid #bbb; border-radius: 1rem; background: #fff; cursor: pointer; }
#filters button.active { background: #1d1d1f; color: #fff; border-color: #1d1d1f; }
ol#blocks { list-style: none; padding: 0; }
li.block { margin: 0.35rem 0; padding: 0.35rem 0.6rem; border-left: 4px solid #2e7d32;
  background: #fff; }
li.block.removed { border-left-color: #c62828; background: #f1eded; color: #777; }
li.block.removed .text { text-decoration: line-through; text-decoration-color: #c6282880; }
li.block[hidden] { display: none; }
.label { font-size: 0.75rem; color: #555; margin-bottom: 0.15rem; }
.label .rule { font-family: ui-monospace, monospace; color: #c62828; cursor: pointer;
  text-decoration: underline dotted; }
.label .score, .label .kind, .label .xpath { font-family: ui-monospace, monospace; }
.label .xpath { color: #888; }
"""

_SCRIPT = """
(function () {
  var buttons = document.querySelectorAll('#filters button');
  var blocks = document.querySelectorAll('li.block');
  function show(rule) {
    blocks.forEach(function (block) {
      block.hidden = rule !== null && block.dataset.rule !== rule;
    });
    buttons.forEach(function (button) {
      var all = button.dataset.rule === undefined;
      button.classList.toggle('active', all ? rule === null : button.dataset.rule === rule);
    });
    document.getElementById('shown').textContent =
      document.querySelectorAll('li.block:not([hidden])').length;
  }
  buttons.forEach(function (button) {
    button.addEventListener('click', function () {
      show(button.dataset.rule === undefined ? null : button.dataset.rule);
    });
  });
  document.querySelectorAll('li.block .rule').forEach(function (label) {
    label.addEventListener('click', function () { show(label.textContent); });
  });
  show(null);
  document.body.dataset.ready = 'true';
})();
"""


def render_report(explanation: Explanation) -> str:
    article = explanation.article
    title = article.title or article.input or "page"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # nothing may load from anywhere: the report is one file, read offline
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        f"<title>scraper explain: {escape(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        _header(explanation),
        "<main>",
        _metadata(explanation),
        _filters(explanation),
        _blocks(explanation),
        "</main>",
        f"<script>{_SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(part for part in parts if part)


def _header(explanation: Explanation) -> str:
    article = explanation.article
    where = [f"input: {article.input}"] if article.input else []
    where += [f"url: {article.url}"] if article.url else []
    blocks = explanation.blocks
    removed = sum(1 for block in blocks if block.rule)
    unit = "blocks" if explanation.kind == "html" else "lines"
    lines = [
        "<header>",
        f"<h1>{escape(article.title or '(no title)')}</h1>",
        f'<div class="where">{escape(" · ".join(where))} · {explanation.kind} page</div>',
        '<div class="counts">'
        f'<span data-count="blocks">{len(blocks)}</span> {unit}: '
        f'<span data-count="kept">{len(blocks) - removed}</span> kept, '
        f'<span data-count="removed">{removed}</span> removed; '
        f'<span data-count="words">{article.word_count}</span> words in the body; '
        f'showing <span id="shown">{len(blocks)}</span></div>',
    ]
    if article.error:
        lines.append(
            f'<div class="error" data-error="{escape(article.error.kind)}">'
            f"{escape(article.error.kind)}: {escape(article.error.message)}</div>"
        )
    lines.append("</header>")
    return "\n".join(lines)


def _metadata(explanation: Explanation) -> str:
    rows = [
        f'<tr data-field="{escape(f.name)}"><th>{escape(f.name)}</th><td>{escape(f.value)}</td>'
        f'<td class="source">{_with_code(f.source)}</td></tr>'
        for f in explanation.fields
    ]
    site = explanation.site_rule or "none for this page's URL"
    rows.append(
        f'<tr data-field="site_rule"><th>site rule</th><td colspan="2">{escape(site)}</td></tr>'
    )
    return (
        "<h2>Metadata</h2><table><thead><tr><th>field</th><th>value</th>"
        "<th>where it came from</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


def _with_code(text: str) -> str:
    """Escaped, with `code` spans (the sources name tags and keys that way) as `<code>`."""
    return _CODE.sub(r"<code>\1</code>", escape(text, quote=False))


def _filters(explanation: Explanation) -> str:
    counts = Counter(block.rule or KEPT for block in explanation.blocks)
    total = len(explanation.blocks)
    buttons = [f'<button type="button" class="active">show all ({total})</button>']
    for rule, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        reason = explanation.reasons.get(rule, "") if rule != KEPT else "in the body"
        buttons.append(
            f'<button type="button" data-rule="{escape(rule)}" title="{escape(reason)}">'
            f"{escape(rule)} ({count})</button>"
        )
    return '<h2>Blocks in reading order</h2><nav id="filters">' + "".join(buttons) + "</nav>"


def _blocks(explanation: Explanation) -> str:
    items = [_block(block, explanation) for block in explanation.blocks]
    return '<ol id="blocks">' + "\n".join(items) + "</ol>"


def _block(block: ExplainedBlock, explanation: Explanation) -> str:
    label = [f'<span class="kind">#{block.index} {escape(block.kind)}</span>']
    if block.rule:
        reason = explanation.reasons.get(block.rule, "")
        label.append(f'<span class="rule" title="show only these">{escape(block.rule)}</span>')
        label.append(f'<span class="reason">{escape(reason)}</span>')
    if block.score is not None:
        label.append(f'<span class="score">model {block.score:.2f}</span>')
    if block.xpath:
        label.append(f'<span class="xpath">{escape(block.xpath)}</span>')
    state = "removed" if block.rule else KEPT
    return (
        f'<li class="block {state}" data-rule="{escape(block.rule or KEPT)}" '
        f'data-index="{block.index}"><div class="label">{" · ".join(label)}</div>'
        f'<div class="text">{escape(block.text)}</div></li>'
    )
