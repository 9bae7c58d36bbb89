"""Markdown text as HTML, for `md(...).text`: what marimo's `mo.md(...).text` gives, so notebooks
that place markdown inside their own HTML (`Html(f"<div>{md(s).text}</div>")`) show it drawn.

The renderer draws a markdown output itself; this is only for the HTML text of one. Standard
library only (the runtime runs in Pyodide). It covers what notebooks write: ATX and setext
headings (with marimo's `id` slugs), paragraphs (marimo's `<span class="paragraph">`), emphasis,
strong, strikethrough, code spans, fenced and indented code, block quotes, nested lists, pipe
tables, rules, links, images, autolinks, hard breaks and raw HTML, which passes through
(embedded UI elements too). Math (`$x$`, `$$x$$`) is left as written for the renderer to typeset.
The whole is wrapped as marimo wraps it.

Blocks first (a line-by-line pass that groups lines into blocks, nesting for quotes and list
items), then each block's inline text: code spans, raw tags and math are set aside as
placeholders before the rest is escaped and marked up, then put back.
"""

from __future__ import annotations

import html
import re
import unicodedata

WRAPPER = '<span class="markdown prose dark:prose-invert contents">{}</span>'

_FENCE = re.compile(r"^(`{3,}|~{3,})\s*([\w+#.-]*)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+) *$")
_BULLET = re.compile(r"^( {0,3})([-*+]|\d{1,9}[.)])( +|$)")
_TABLE_RULE = re.compile(r"^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$")
_HTML_BLOCK = re.compile(
    r"^ {0,3}<(/?)(div|p|table|thead|tbody|tr|td|th|ul|ol|li|pre|blockquote|h[1-6]|hr|section|"
    r"article|details|summary|figure|img|iframe|span|center|lichen-ui|marimo-[\w-]+|br|dl|style|"
    r"script|form|video|audio|svg|!--)\b", re.IGNORECASE)


def markdown_to_html(text: str) -> str:
    """The HTML of markdown `text` (already dedented), wrapped as marimo wraps it."""
    return WRAPPER.format(_blocks(text.split("\n")))


# -- blocks ---------------------------------------------------------------------------------------


def _blocks(lines: list[str]) -> str:
    out: list[str] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            out.append(f'<span class="paragraph">{_inline(chr(10).join(paragraph))}</span>')
            paragraph.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            end_paragraph()
            i += 1
            continue
        if paragraph and _SETEXT.match(line) and not _BULLET.match(line):
            level = 1 if stripped[0] == "=" else 2
            title = _inline(" ".join(p.strip() for p in paragraph))
            paragraph.clear()
            out.append(f'<h{level} id="{_slug(title)}">{title}</h{level}>')
            i += 1
            continue
        fence = _FENCE.match(stripped)
        if fence and len(line) - len(line.lstrip()) < 4:
            end_paragraph()
            i = _code_block(lines, i, fence, out)
            continue
        heading = _HEADING.match(stripped) if len(line) - len(line.lstrip()) < 4 else None
        if heading:
            end_paragraph()
            level, title = len(heading.group(1)), _inline(heading.group(2))
            out.append(f'<h{level} id="{_slug(title)}">{title}</h{level}>')
            i += 1
            continue
        if _RULE.match(line):
            end_paragraph()
            out.append("<hr />")
            i += 1
            continue
        if stripped.startswith(">"):
            end_paragraph()
            quoted = []
            while i < len(lines) and lines[i].strip().startswith(">"):
                quoted.append(re.sub(r"^\s*> ?", "", lines[i]))
                i += 1
            out.append(f"<blockquote>\n{_blocks(quoted)}\n</blockquote>")
            continue
        if _BULLET.match(line) and (not paragraph or not line.startswith(" ")):
            end_paragraph()
            i = _list(lines, i, out)
            continue
        if "|" in line and i + 1 < len(lines) and _TABLE_RULE.match(lines[i + 1]) \
                and "-" in lines[i + 1]:
            end_paragraph()
            i = _table(lines, i, out)
            continue
        if not paragraph and _HTML_BLOCK.match(line):
            while i < len(lines) and lines[i].strip():
                out.append(lines[i])
                i += 1
            continue
        if not paragraph and line.startswith("    "):
            code = []
            while i < len(lines) and (lines[i].startswith("    ") or not lines[i].strip()):
                code.append(lines[i][4:])
                i += 1
            while code and not code[-1].strip():
                code.pop()
            out.append(f"<pre><code>{html.escape(chr(10).join(code), quote=False)}\n"
                       "</code></pre>")
            continue
        paragraph.append(line)
        i += 1
    end_paragraph()
    return "\n".join(out)


def _code_block(lines: list[str], i: int, fence: re.Match, out: list[str]) -> int:
    marker, language = fence.group(1), fence.group(2)
    indent = len(lines[i]) - len(lines[i].lstrip())
    body = []
    i += 1
    while i < len(lines) and not (lines[i].strip().startswith(marker)
                                  and not lines[i].strip().strip(marker[0])):
        body.append(lines[i][indent:] if lines[i][:indent].isspace() else lines[i].lstrip())
        i += 1
    code = html.escape("\n".join(body), quote=False)
    out.append(f'<div class="language-{language or "text"} codehilite"><pre><span></span>'
               f"<code>{code}\n</code></pre></div>")
    return i + 1


def _list(lines: list[str], i: int, out: list[str]) -> int:
    first = _BULLET.match(lines[i])
    ordered = first.group(2)[0].isdigit()
    base = len(first.group(1))
    items: list[list[str]] = []
    loose = False
    while i < len(lines):
        line = lines[i]
        bullet = _BULLET.match(line)
        if bullet and len(bullet.group(1)) <= base + 1 and bullet.group(2)[0].isdigit() == ordered:
            width = len(bullet.group(0)) if bullet.group(3) else len(bullet.group(0)) + 1
            items.append([line[width:]])
            i += 1
            continue
        if not line.strip():
            ahead = next((x for x in lines[i + 1:] if x.strip()), None)
            if ahead is None or len(ahead) - len(ahead.lstrip()) <= base and not (
                    _BULLET.match(ahead) and _BULLET.match(ahead).group(2)[0].isdigit() == ordered):
                break
            loose = loose or not _BULLET.match(ahead) or len(ahead) - len(ahead.lstrip()) <= base
            items[-1].append("")
            i += 1
            continue
        indent = len(line) - len(line.lstrip())
        starts_block = bullet or _HEADING.match(line.strip()) or _FENCE.match(line.strip())
        if indent <= base and starts_block:
            break
        items[-1].append(line[min(indent, base + 4):] if indent > base else line.strip())
        i += 1
    tag = "ol" if ordered else "ul"
    start = first.group(2)[:-1]
    opening = f'<ol start="{start}">' if ordered and start != "1" else f"<{tag}>"
    rendered = []
    for item in items:
        body = _blocks(item)
        if not loose and body.startswith('<span class="paragraph">'):
            # A tight item's paragraph is its text, a nested list right after it.
            text, _, rest = body[len('<span class="paragraph">'):].partition("</span>")
            body = text + (rest.lstrip("\n") + "\n" if rest.strip() else "")
        rendered.append(f"<li>{body}</li>")
    out.append(opening + "\n" + "\n".join(rendered) + f"\n</{tag}>")
    return i


def _cells(line: str) -> list[str]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    return [c.strip() for c in re.split(r"(?<!\\)\|", line)]


def _table(lines: list[str], i: int, out: list[str]) -> int:
    header = _cells(lines[i])
    aligns = []
    for rule in _cells(lines[i + 1]):
        left, right = rule.startswith(":"), rule.endswith(":")
        aligns.append("center" if left and right else "right" if right else
                      "left" if left else None)
    i += 2
    rows = []
    while i < len(lines) and "|" in lines[i] and lines[i].strip():
        rows.append(_cells(lines[i]))
        i += 1

    def row(cells: list[str], tag: str) -> str:
        parts = []
        for n in range(len(header)):
            align = aligns[n] if n < len(aligns) else None
            style = f' style="text-align: {align};"' if align else ""
            parts.append(f"<{tag}{style}>{_inline(cells[n]) if n < len(cells) else ''}</{tag}>")
        return "<tr>\n" + "\n".join(parts) + "\n</tr>"

    body = "\n".join(row(r, "td") for r in rows)
    out.append(f"<table>\n<thead>\n{row(header, 'th')}\n</thead>\n<tbody>\n{body}\n</tbody>\n"
               "</table>")
    return i


def _slug(title_html: str) -> str:
    """A heading's id as marimo gives it: its text, lower case, words joined by hyphens."""
    text = html.unescape(re.sub(r"<[^>]+>", "", title_html))
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text).strip().lower()
    return re.sub(r"[-\s]+", "-", text)


# -- inline text ----------------------------------------------------------------------------------

_CODE_SPAN = re.compile(r"(`+)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_MATH_SPAN = re.compile(r"\$\$.+?\$\$|\\\(.+?\\\)|\\\[.+?\\\]"
                        r"|(?<![\\$\w])\$[^\s$](?:[^$\n]*?[^\s$\\])?\$(?![\w$])", re.DOTALL)
_RAW_TAG = re.compile(r"</?[A-Za-z][\w-]*(?:\s+[^<>]*?)?/?>|<!--.*?-->", re.DOTALL)
_AUTOLINK = re.compile(r"<((?:https?|mailto|ftp):[^\s<>]+)>")
_IMAGE = re.compile(r'!\[([^\]]*)\]\(\s*<?([^\s)>]+)>?(?:\s+"([^"]*)")?\s*\)')
_LINK = re.compile(r'\[((?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?([^\s)>]*)>?(?:\s+"([^"]*)")?\s*\)')
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~<>$])")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*])"
                       r"|(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?!\w)", re.DOTALL)
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~", re.DOTALL)
_SLOT = "\x00{}\x00"
_SLOT_BACK = re.compile("\x00(\\d+)\x00")


def _inline(text: str) -> str:
    kept: list[str] = []

    def keep(piece: str) -> str:
        kept.append(piece)
        return _SLOT.format(len(kept) - 1)

    text = _ESCAPED.sub(lambda m: keep(html.escape(m.group(1))), text)
    text = _CODE_SPAN.sub(lambda m: keep(f"<code>{html.escape(m.group(2).strip(), quote=False)}"
                                         "</code>"), text)
    text = _MATH_SPAN.sub(lambda m: keep(html.escape(m.group(0), quote=False)), text)
    text = _AUTOLINK.sub(lambda m: keep(_anchor(m.group(1), html.escape(m.group(1)))), text)
    text = _RAW_TAG.sub(lambda m: keep(m.group(0)), text)
    text = html.escape(text, quote=False)
    text = _IMAGE.sub(lambda m: keep(_image(m.group(1), m.group(2), m.group(3))), text)
    text = _LINK.sub(lambda m: keep(_anchor(m.group(2), m.group(1), m.group(3))), text)
    text = _STRONG.sub(r"<strong>\2</strong>", text)
    text = _EMPHASIS.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", text)
    text = _STRIKE.sub(r"<del>\1</del>", text)
    text = re.sub(r" {2,}\n|\\\n", "<br />\n", text)
    for _ in range(4):  # a kept piece may hold others (a link's text with code in it)
        text, found = _SLOT_BACK.subn(lambda m: kept[int(m.group(1))], text)
        if not found:
            break
    return text


def _anchor(url: str, label: str, title: str | None = None) -> str:
    titled = f' title="{html.escape(title)}"' if title else ""
    return (f'<a href="{html.escape(html.unescape(url))}" rel="noopener noreferrer" '
            f'target="_blank"{titled}>{label}</a>')


def _image(alt: str, src: str, title: str | None) -> str:
    titled = f' title="{html.escape(title)}"' if title else ""
    return f'<img alt="{html.escape(html.unescape(alt))}" src="{html.escape(src)}"{titled} />'
