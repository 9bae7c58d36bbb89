"""`md(text).text` is the HTML marimo 0.25.2's `mo.md(text).text` gives (marimo in its own venv,
`marimo_env.py`), byte for byte for what notebooks write; a code block in a highlighted language
has the same text, without marimo's colour spans. Formatting an `md` into a string still gives
its markdown, as in marimo."""

from __future__ import annotations

import html
import json
import re
import subprocess

import pytest

import lichen
from marimo_env import marimo_python

CASES = [
    "# Title",
    "## A *fancy* title!",
    "### Ünïcode: and `code`",
    "Hello **world** and `code`",
    "one\ntwo\n\nthree",
    "- a\n- b",
    "1. a\n2. b\n3. c",
    "- a\n    - nested\n- b",
    "Heading\n\n- item one\n- item two\n\nAfter.",
    "> quoted **text**",
    "[link](https://example.com) and <https://example.com/x>",
    "![alt text](img.png)",
    "| a | b |\n|---|---|\n| 1 | 2 |\n| *x* | `y` |",
    "```\nx = 1\n```",
    "    indented code\n    more",
    "---",
    "Title\n=====",
    "Sub\n---",
    "a < b & c > d",
    "*em* and _em_ and snake_case_name and **strong _nested_**",
    "~~gone~~",
    "<div>raw</div>",
    "line  \nbreak",
    r"an \*escaped\* star",
]


@pytest.fixture(scope="module")
def marimo_html() -> list[str]:
    script = ("import json, sys\nimport marimo as mo\n"
              "print(json.dumps([mo.md(c).text for c in json.load(sys.stdin)]))")
    done = subprocess.run([str(marimo_python()), "-c", script], input=json.dumps(CASES + [
        "```python\nx = [1, 2]\n```"]), capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)


@pytest.mark.parametrize("index", range(len(CASES)))
def test_md_text_is_the_html_marimo_gives(marimo_html, index):
    assert lichen.md(CASES[index]).text == marimo_html[index]


def test_a_highlighted_code_block_has_marimo_s_text(marimo_html):
    ours = lichen.md("```python\nx = [1, 2]\n```").text
    assert 'class="language-python codehilite"' in ours
    untagged = [html.unescape(re.sub(r"<[^>]+>", "", t)) for t in (ours, marimo_html[-1])]
    assert untagged[0] == untagged[1] == "x = [1, 2]\n"


def test_formatting_an_md_gives_its_markdown():
    inner = lichen.md("- a\n- b")
    assert f"{inner}" == str(inner) == "- a\n- b"
    assert lichen.md(f"List:\n\n{inner}").text.count("<li>") == 2


def test_md_text_placed_in_html_is_drawn():
    page = lichen.Html(f"<div>{lichen.md('**bold**').text}</div>")
    assert "<strong>bold</strong>" in page.text


def test_an_element_in_md_stays_live_in_its_html():
    slider = lichen.ui.slider(1, 3)
    assert "<lichen-ui " in lichen.md(f"value: {slider}").text
