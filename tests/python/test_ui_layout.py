"""Markdown with interpolated elements, Html, and layouts: their nodes and MIME bundles."""

from __future__ import annotations

import json

import pytest

import lichen
from lichen import ui
from lichen.runtime import display
from lichen.runtime.mime import mime_bundle


def output(value) -> dict:
    """The MIME bundle a cell ending in `value` outputs."""
    return mime_bundle(value, 1_000_000)


def node(value) -> dict:
    return json.loads(output(value)[display.MIME])["node"]


def test_plain_markdown_stays_plain_markdown():
    assert output(lichen.md("# Title\n\n*hi*")) == {"text/markdown": "# Title\n\n*hi*"}


def test_markdown_is_dedented():
    assert str(lichen.md("""
        # Title
          indented
        """)) == "# Title\n  indented"


def test_markdown_with_an_element_has_a_slot_for_it():
    s = ui.slider(1, 10, value=4)
    shown = lichen.md(f"Size: {s} (now {s.value})")
    n = node(shown)
    assert n == {"type": "markdown",
                 "text": 'Size: <lichen-slot data-index="0"></lichen-slot> (now 4)',
                 "slots": [s._lichen_node_()]}
    bundle = output(shown)
    assert bundle["text/plain"] == "Size: [slider: 4] (now 4)"
    assert bundle["text/markdown"] == "Size: [slider: 4] (now 4)"


def test_markdown_with_several_elements_and_layouts_keeps_their_order():
    a, b = ui.text(value="x"), ui.checkbox()
    n = node(lichen.md(f"{a} and {lichen.hstack([b, 'words'])}"))
    assert [slot["type"] for slot in n["slots"]] == ["element", "stack"]
    assert n["slots"][1]["children"][0]["id"] == b.id
    assert n["slots"][1]["children"][1] == {"type": "text", "text": "words"}


def test_markdown_in_markdown_is_inlined_and_its_elements_kept():
    s = ui.slider()
    inner = lichen.md(f"inner {s}")
    n = node(lichen.md(f"outer: {inner}"))
    assert n["text"].startswith("outer: inner <lichen-slot") and n["slots"][0]["id"] == s.id


def test_the_slot_tag_survives_quotes_and_angle_brackets_in_labels():
    s = ui.text(label='say "<b>hi</b>" & bye', value="</lichen-ui>")
    n = node(lichen.md(f"{s}"))
    assert n["slots"][0]["label"] == 'say "<b>hi</b>" & bye'
    assert n["slots"][0]["value"] == "</lichen-ui>"


def test_html_without_elements_is_plain_html_and_with_them_has_slots():
    assert output(lichen.Html("<b>x</b>")) == {"text/html": "<b>x</b>"}
    c = ui.checkbox()
    n = node(lichen.Html(f"<div>{c}</div>"))
    assert n["type"] == "html"
    assert n["html"] == '<div><lichen-slot data-index="0"></lichen-slot></div>'
    with pytest.raises(TypeError, match="as_html"):
        lichen.Html(3)


def test_stacks_carry_their_options_and_children():
    n = node(lichen.hstack([ui.slider(), "two", 3], justify="center", gap=1, widths=[1, 2, 1]))
    assert n["type"] == "stack" and n["direction"] == "row" and n["justify"] == "center"
    assert n["sizes"] == [1.0, 2.0, 1.0] and n["gap"] == 1.0
    assert [c["type"] for c in n["children"]] == ["element", "text", "mime"]
    assert n["children"][2]["data"] == {"text/plain": "3"}
    v = node(lichen.vstack([lichen.md("a")], align="center"))
    assert v["direction"] == "column" and v["children"][0]["type"] == "markdown"


def test_stack_options_are_checked():
    with pytest.raises(ValueError, match="justify must be one of"):
        lichen.hstack([], justify="middle")
    with pytest.raises(ValueError, match="widths has 1 entries for 2 items"):
        lichen.hstack([1, 2], widths=[1])
    with pytest.raises(TypeError, match="takes a list of items"):
        lichen.vstack("abc")


def test_tabs_accordion_and_callout():
    t = node(lichen.tabs({"one": "1", "two": ui.text()}, value="two"))
    assert t["labels"] == ["one", "two"] and t["selected"] == 1
    a = node(lichen.accordion({"more": lichen.md("**x**")}, expanded=["more"]))
    assert a["expanded"] == [0] and a["children"][0]["type"] == "markdown"
    c = node(lichen.callout("careful", kind="warn", title="Note"))
    assert c == {"type": "callout", "kind": "warn", "title": "Note",
                 "children": [{"type": "text", "text": "careful"}]}
    assert output(lichen.callout("x", kind="warn"))["text/plain"] == "x"


def test_layout_arguments_are_checked():
    with pytest.raises(ValueError, match="callout kind must be one of"):
        lichen.callout("x", kind="loud")
    with pytest.raises(ValueError, match="no tab 'three'"):
        lichen.tabs({"one": 1}, value="three")
    with pytest.raises(ValueError, match="no section 'x'"):
        lichen.accordion({"a": 1}, expanded=["x"])
    with pytest.raises(TypeError, match="dict of label"):
        lichen.tabs(["a"])


def test_placement_methods_wrap_the_object():
    md = lichen.md("centered")
    assert node(md.center()) == {"type": "align", "justify": "center",
                                 "children": [{"type": "markdown", "text": "centered",
                                               "slots": []}]}
    assert node(md.right())["justify"] == "right"
    assert node(md.callout(kind="info"))["kind"] == "info"
    styled = node(md.style({"max-height": "3em"}, overflow_y="auto"))
    assert styled["style"] == {"max-height": "3em", "overflow-y": "auto"}


def test_as_html_places_any_object_in_markdown():
    class Rich:
        def _repr_html_(self):
            return "<i>rich</i>"

    n = node(lichen.md(f"see {lichen.as_html(Rich())}"))
    assert n["slots"][0] == {"type": "mime", "data": {"text/html": "<i>rich</i>"}}


def test_a_layout_shows_the_values_its_elements_have_when_it_is_displayed():
    s = ui.slider(1, 10)
    row = lichen.hstack([s])
    s._receive(6)
    assert node(row)["children"][0]["value"] == 6


def test_payload_is_json_with_a_version():
    data = json.loads(output(lichen.vstack([ui.slider()]))[display.MIME])
    assert data["version"] == 1 and data["node"]["type"] == "stack"
