"""Each UI element on its own: defaults, the value from a raw value, and clear errors.

`_receive(raw)` is what the runtime calls with a value the renderer sent.
"""

from __future__ import annotations

import datetime
import json

import pytest

from lichen import ui
from lichen.runtime import display


def node(element) -> dict:
    return element._lichen_node_()


def payload_of(element) -> dict:
    return json.loads(element._repr_mimebundle_()[display.MIME])


# -- slider, range_slider, number ------------------------------------------------------------------


def test_slider_defaults_to_its_start_and_a_whole_step():
    s = ui.slider(1, 10)
    assert s.value == 1
    assert node(s)["props"]["step"] == 1
    assert node(s)["kind"] == "slider"


def test_slider_with_no_bounds_goes_from_0_to_100():
    s = ui.slider()
    assert (s.start, s.stop, s.value) == (0, 100, 0)


def test_slider_start_beyond_stop_says_so():
    with pytest.raises(ValueError, match=r"start \(10\) must not exceed stop \(1\)"):
        ui.slider(10, 1)


def test_slider_initial_value_outside_its_interval_is_refused():
    with pytest.raises(ValueError, match=r"20 is outside \[1, 10\]"):
        ui.slider(1, 10, value=20)


def test_slider_takes_a_new_value_and_keeps_its_number_type():
    s = ui.slider(1, 10)
    s._receive(7.0)
    assert s.value == 7 and type(s.value) is int
    f = ui.slider(0.0, 1.0)
    f._receive(1)
    assert f.value == 1.0 and type(f.value) is float


def test_slider_refuses_values_out_of_range_or_not_numbers_and_keeps_its_value():
    s = ui.slider(1, 10, value=3, label="size")
    for bad in (11, "5", None, True, 2.5):
        with pytest.raises(ValueError, match="slider 'size'"):
            s._receive(bad)
    assert s.value == 3


def test_slider_over_steps_takes_only_those():
    s = ui.slider(steps=[1, 10, 100])
    assert s.value == 1
    s._receive(100)
    assert s.value == 100
    with pytest.raises(ValueError, match="not one of its steps"):
        s._receive(50)
    with pytest.raises(ValueError, match="either steps or start"):
        ui.slider(0, 5, steps=[1, 2])


def test_slider_step_must_be_positive():
    with pytest.raises(ValueError, match="step must be positive"):
        ui.slider(0, 10, step=0)


def test_range_slider_defaults_to_the_whole_interval_and_keeps_low_below_high():
    r = ui.range_slider(0, 10)
    assert r.value == [0, 10]
    r._receive([2, 5])
    assert r.value == [2, 5]
    with pytest.raises(ValueError, match="low"):
        r._receive([6, 5])
    with pytest.raises(ValueError, match=r"\[low, high\]"):
        r._receive(3)


def test_number_defaults_to_start_and_allows_an_empty_box():
    n = ui.number(start=5, stop=50)
    assert n.value == 5
    n._receive(None)
    assert n.value is None
    n._receive(42)
    assert n.value == 42
    with pytest.raises(ValueError, match="outside"):
        n._receive(51)
    assert ui.number().value is None  # marimo's: no bounds, no value


# -- text, booleans --------------------------------------------------------------------------------


def test_text_and_text_area_default_to_empty_and_take_strings():
    t = ui.text(placeholder="name")
    assert t.value == ""
    t._receive("Ada")
    assert t.value == "Ada"
    with pytest.raises(ValueError, match="takes a string"):
        t._receive(3)
    area = ui.text_area(rows=3)
    assert area.value == "" and node(area)["props"]["rows"] == 3


def test_text_max_length_is_enforced():
    t = ui.text(max_length=3)
    with pytest.raises(ValueError, match="at most 3"):
        t._receive("abcd")
    with pytest.raises(ValueError, match="kind must be"):
        ui.text(kind="colour")


def test_checkbox_and_switch_take_booleans_only():
    for element in (ui.checkbox(), ui.switch(value=True)):
        element._receive(False)
        assert element.value is False
        element._receive(True)
        assert element.value is True
        with pytest.raises(ValueError, match="true or false"):
            element._receive(1)


# -- choices ---------------------------------------------------------------------------------------


def test_dropdown_maps_labels_to_options():
    d = ui.dropdown({"one": 1, "two": 2}, value="two")
    assert d.value == 2 and d.selected_key == "two"
    d._receive("one")
    assert d.value == 1
    assert node(d)["value"] == "one"
    assert node(d)["props"]["options"] == ["one", "two"]


def test_dropdown_without_value_chooses_nothing_unless_told_not_to():
    assert ui.dropdown(["a", "b"]).value is None
    assert ui.dropdown(["a", "b"], allow_select_none=False).value == "a"


def test_dropdown_refuses_unknown_labels_and_unknown_initial_values():
    d = ui.dropdown(["a", "b"], value="a")
    with pytest.raises(ValueError, match="'c' is not one of its options"):
        d._receive("c")
    with pytest.raises(ValueError, match="must be chosen"):
        d._receive(None)
    with pytest.raises(ValueError, match="initial value 'z'"):
        ui.dropdown(["a"], value="z")


def test_dropdown_of_non_strings_labels_them_with_str():
    d = ui.dropdown([1, 2, 3], value=2)
    assert d.value == 2
    d._receive("3")
    assert d.value == 3


def test_options_with_the_same_label_are_refused():
    with pytest.raises(ValueError, match="two options are labelled '1'"):
        ui.dropdown([1, "1"])


def test_radio_chooses_one_label():
    r = ui.radio(["x", "y"], value="x")
    r._receive("y")
    assert r.value == "y"
    assert ui.radio(["x", "y"]).value is None


def test_multiselect_value_is_the_chosen_options_in_option_order():
    m = ui.multiselect({"a": 1, "b": 2, "c": 3})
    assert m.value == []
    m._receive(["c", "a"])
    assert m.value == [1, 3]
    assert node(m)["value"] == ["a", "c"]
    with pytest.raises(ValueError, match="'z' is not one of"):
        m._receive(["z"])


def test_multiselect_max_selections():
    m = ui.multiselect(["a", "b", "c"], max_selections=1)
    with pytest.raises(ValueError, match="at most 1"):
        m._receive(["a", "b"])


# -- dates -----------------------------------------------------------------------------------------


def test_date_defaults_to_today_within_its_interval():
    assert ui.date().value == datetime.date.today()
    assert ui.date(start="2000-01-01", stop="2000-12-31").value == datetime.date(2000, 12, 31)
    assert ui.date(start="2999-01-01").value == datetime.date(2999, 1, 1)


def test_date_takes_iso_strings_within_its_interval():
    d = ui.date(start=datetime.date(2024, 1, 1), stop="2024-12-31", value="2024-06-01")
    assert d.value == datetime.date(2024, 6, 1)
    d._receive("2024-02-29")
    assert d.value == datetime.date(2024, 2, 29)
    assert node(d)["value"] == "2024-02-29"
    with pytest.raises(ValueError, match="outside"):
        d._receive("2025-01-01")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        d._receive("June")
    with pytest.raises(ValueError, match="must not be after"):
        ui.date(start="2024-02-01", stop="2024-01-01")


# -- buttons ---------------------------------------------------------------------------------------


def test_button_applies_on_click_once_per_click():
    b = ui.button(value=0, on_click=lambda v: v + 1, label="add")
    assert b.value == 0
    b._receive(1)
    b._receive(2)
    assert b.value == 2
    assert node(b)["value"] == 2 and node(b)["label"] == "add"


def test_button_clicks_merged_into_one_message_all_count():
    b = ui.button(value=0, on_click=lambda v: v + 1)
    b._receive(5)
    assert b.value == 5


def test_button_click_from_a_stale_count_still_counts_once():
    b = ui.button(value=0, on_click=lambda v: v + 1)
    b._receive(3)
    b._receive(1)
    assert b.value == 4


def test_button_whose_on_click_raises_changes_nothing():
    b = ui.button(value=1, on_click=lambda v: v / 0)
    with pytest.raises(ZeroDivisionError):
        b._receive(1)
    assert b.value == 1


def test_button_without_on_click_keeps_its_value():
    b = ui.button(value="same")
    b._receive(1)
    assert b.value == "same"


def test_run_button_is_true_until_the_run_ends():
    r = ui.run_button()
    assert r.value is False
    r._receive(1)
    assert r.value is True
    r._after_run()
    assert r.value is False
    with pytest.raises(ValueError, match="click count"):
        r._receive("click")


# -- table -----------------------------------------------------------------------------------------


PEOPLE = [{"name": "Ada", "age": 36}, {"name": "Alan", "age": 41}, {"name": "Grace", "age": 85}]


def test_table_value_is_the_selected_records():
    t = ui.table(PEOPLE)
    assert t.value == []
    t._receive([2, 0])
    assert t.value == [PEOPLE[0], PEOPLE[2]]
    assert node(t)["value"] == [0, 2]


def test_table_payload_has_columns_and_rows():
    props = node(ui.table(PEOPLE))["props"]
    spec = props["table"]
    assert [c["name"] for c in spec["columns"]] == ["name", "age"]
    assert [c["kind"] for c in spec["columns"]] == ["string", "integer"]
    assert spec["page"]["rows"][1] == ["Alan", 41]
    assert spec["rows"] == 3 and props["selection"] == "multi" == spec["selection"]


def test_table_of_columns_selects_parts_of_each_column():
    t = ui.table({"x": [1, 2, 3], "y": ["a", "b", "c"]})
    t._receive([1])
    assert t.value == {"x": [2], "y": ["b"]}


def test_table_of_plain_values():
    t = ui.table(["a", "b"])
    assert [c["name"] for c in node(t)["props"]["table"]["columns"]] == ["value"]
    t._receive([1])
    assert t.value == ["b"]


def test_table_single_selection_and_bad_rows():
    t = ui.table(PEOPLE, selection="single")
    with pytest.raises(ValueError, match="one row at most"):
        t._receive([0, 1])
    with pytest.raises(ValueError, match="row 9 does not exist"):
        t._receive([9])
    with pytest.raises(ValueError, match="selection must be"):
        ui.table(PEOPLE, selection="many")


def test_table_without_selection_has_no_value():
    t = ui.table(PEOPLE, selection=None)
    assert t.value is None
    with pytest.raises(ValueError, match="cannot be selected"):
        t._receive([0])


def test_table_cells_that_are_not_json_travel_as_text():
    t = ui.table([{"when": datetime.date(2024, 1, 2), "x": float("nan")}])
    assert node(t)["props"]["table"]["page"]["rows"] == [["2024-01-02", {"special": "NaN"}]]
    json.dumps(node(t), allow_nan=False)


# -- composites ------------------------------------------------------------------------------------


def test_array_value_follows_its_children():
    a = ui.array([ui.slider(1, 10), ui.text(value="x")])
    assert a.value == [1, "x"]
    changed = a[0]._receive(4)
    assert a.value == [4, "x"]
    assert changed == [a[0], a]
    assert [c["kind"] for c in node(a)["children"]] == ["slider", "text"]
    assert node(a)["value"] == [4, "x"]


def test_array_takes_a_whole_list_checked_before_anything_changes():
    a = ui.array([ui.slider(1, 10), ui.slider(1, 10)])
    a._receive([2, 3])
    assert a.value == [2, 3]
    with pytest.raises(ValueError, match="outside"):
        a._receive([5, 99])
    assert a.value == [2, 3]
    with pytest.raises(ValueError, match="list of 2"):
        a._receive([1])


def test_array_takes_elements_only():
    with pytest.raises(TypeError, match="takes UI elements, not int"):
        ui.array([1, 2])


def test_dictionary_value_follows_its_children():
    d = ui.dictionary({"n": ui.number(value=1), "ok": ui.checkbox()})
    assert d.value == {"n": 1, "ok": False}
    d["ok"]._receive(True)
    assert d.value == {"n": 1, "ok": True}
    d._receive({"n": 3})
    assert d.value == {"n": 3, "ok": True}
    assert node(d)["props"]["keys"] == ["n", "ok"]
    assert list(d.keys()) == ["n", "ok"] and len(d) == 2


def test_nested_composites_link_all_the_way_up():
    inner = ui.array([ui.slider(1, 3)])
    outer = ui.dictionary({"inner": inner})
    changed = inner[0]._receive(2)
    assert changed == [inner[0], inner, outer]
    assert outer.value == {"inner": [2]}


def test_form_value_arrives_on_submit_only():
    f = ui.text(value="draft").form(submit_button_label="Send")
    assert f.value is None
    assert f.element.value == "draft"
    f._receive("final")
    assert f.value == "final"
    assert f.element.value == "draft"  # the element itself is unchanged: only the form submitted
    n = node(f)
    assert n["kind"] == "form" and n["children"][0]["kind"] == "text"
    assert n["props"]["submit_button_label"] == "Send"


def test_form_checks_with_its_element_and_validate():
    f = ui.form(ui.slider(1, 10), validate=lambda v: "too small" if v < 5 else None)
    with pytest.raises(ValueError, match="too small"):
        f._receive(2)
    with pytest.raises(ValueError, match="outside"):
        f._receive(50)
    f._receive(7)
    assert f.value == 7


def test_batch_draws_its_elements_in_the_text():
    from lichen import md

    b = md("Name: {name}, born {born} {not_an_element}").batch(
        name=ui.text(), born=ui.date(value="2000-01-01"))
    assert b.value == {"name": "", "born": datetime.date(2000, 1, 1)}
    template = node(b)["children"][0]
    assert template["type"] == "markdown"
    assert template["text"].count("<lichen-slot") == 2 and "{not_an_element}" in template["text"]
    assert [s["kind"] for s in template["slots"]] == ["text", "date"]


def test_tabs_element_value_is_the_tab_shown():
    t = ui.tabs({"a": "first", "b": ui.slider(1, 2)})
    assert t.value == "a"
    t._receive("b")
    assert t.value == "b"
    with pytest.raises(ValueError, match="no tab 'c'"):
        t._receive("c")
    assert [c["type"] for c in node(t)["children"]] == ["text", "element"]


# -- every element ---------------------------------------------------------------------------------


ALL = [
    lambda: ui.slider(1, 5), lambda: ui.range_slider(1, 5), lambda: ui.number(),
    lambda: ui.text(), lambda: ui.text_area(), lambda: ui.checkbox(), lambda: ui.switch(),
    lambda: ui.dropdown(["a"]), lambda: ui.radio(["a"]), lambda: ui.multiselect(["a"]),
    lambda: ui.button(), lambda: ui.run_button(), lambda: ui.date(), lambda: ui.table([1]),
    lambda: ui.form(ui.text()), lambda: ui.array([ui.text()]),
    lambda: ui.dictionary({"a": ui.text()}), lambda: ui.tabs({"a": 1}),
]


@pytest.mark.parametrize("make", ALL)
def test_every_element_has_an_id_a_label_and_a_json_payload_with_a_text_fallback(make):
    element = make()
    bundle = element._repr_mimebundle_()
    data = json.loads(bundle[display.MIME])
    assert data["version"] == display.VERSION
    assert data["node"]["id"] == element.id and data["node"]["label"] == element.label
    assert bundle["text/plain"]
    json.dumps(data, allow_nan=False)


@pytest.mark.parametrize("make", ALL)
def test_no_element_value_can_be_assigned(make):
    element = make()
    with pytest.raises(AttributeError, match="cannot be assigned"):
        element.value = 1


def test_every_element_gets_a_new_id():
    assert len({ui.slider().id for _ in range(100)}) == 100


def test_labels_must_be_strings():
    with pytest.raises(TypeError, match="label must be a string"):
        ui.slider(label=3)


def test_on_change_is_called_with_the_new_value():
    seen = []
    s = ui.slider(1, 10, on_change=seen.append)
    s._receive(3)
    assert seen == [3]


@pytest.mark.parametrize("library", ["pandas", "polars"])
def test_table_of_a_dataframe_selects_a_dataframe_of_the_rows(library):
    module = __import__(library)
    frame = module.DataFrame(PEOPLE)
    t = ui.table(frame)
    spec = node(t)["props"]["table"]
    assert [c["name"] for c in spec["columns"]] == ["name", "age"]
    assert spec["page"]["rows"][2] == ["Grace", 85]
    t._receive([1, 2])
    assert isinstance(t.value, module.DataFrame) and list(t.value["name"]) == ["Alan", "Grace"]


def test_data_editor_and_dataframe_cells_travel_as_table_cells():
    import pandas as pd

    long_text = "x" * 5000
    frame = pd.DataFrame({"x": [float("nan"), float("inf"), 1.5], "t": [long_text, "b", "c"],
                          "d": [datetime.date(2024, 1, 2)] * 3})
    editor_rows = node(ui.data_editor(frame))["props"]["rows"]
    assert editor_rows[0] == [{"special": "NaN"}, long_text, "2024-01-02"]  # whole text to edit
    assert editor_rows[1][0] == {"special": "Infinity"}
    frame_rows = node(ui.dataframe(frame))["props"]["rows"]
    assert frame_rows[0][0] == {"special": "NaN"} and frame_rows[0][1].endswith("…")
    assert len(frame_rows[0][1]) < 2000
    json.dumps(editor_rows, allow_nan=False)
