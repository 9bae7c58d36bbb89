"""The protocol's messages from JSON values: msgspec where installed, the standard library
otherwise (Pyodide); both accept and refuse the same values."""

import json
import re

import pytest

from lichen.editor import json_codec as wire
from lichen.protocol import (
    CellData,
    NotebookData,
    RunParams,
    SetConfigParams,
    Settings,
)

GOOD = [
    (RunParams, {"notebookUri": "nb", "cellUris": ["a", "b"], "ignored": 1}),
    (SetConfigParams, {"notebookUri": "nb", "cellUri": "a", "config": {"hideCode": True,
                                                                     "column": 2}}),
    (Settings, {}),
    (Settings, {"onCellChange": "lazy", "pythonPath": None, "trusted": False}),
    (NotebookData, {"cells": [{"code": "x = 1"}, {"code": "y", "metadata": {
        "name": "f", "kind": "function",
        "config": {"extra": [["expand_output", "True"]]},
        "source": {"lead": "\n", "text": "t", "key": {
            "code": "y", "name": "f", "kind": "function", "config": {}, "params": ["x"]}}}}],
        "metadata": {"appConfig": {"width": "medium", "n": [1, 2]}, "preamble": [
            {"lead": "", "text": "import marimo\n", "key": ["import", "marimo"]}]}}),
]

BAD = [
    (RunParams, None, "got `null`"),
    (RunParams, {"cellUris": []}, "notebookUri"),
    (RunParams, {"notebookUri": 1, "cellUris": []}, "$.notebookUri"),
    (RunParams, {"notebookUri": "nb", "cellUris": ["a", 2]}, "$.cellUris[1]"),
    (Settings, {"onCellChange": "often"}, "$.onCellChange"),
    (Settings, {"trusted": "yes"}, "$.trusted"),
    (CellData, {"code": "x", "metadata": {"kind": "cell", "config": {"hideCode": 1}}},
     "$.metadata.config.hideCode"),
    (CellData, {"code": "x", "metadata": {"config": {"extra": [["a"]]}}},
     "$.metadata.config.extra[0]"),
]


@pytest.mark.parametrize("tp, value", GOOD, ids=lambda x: getattr(x, "__name__", ""))
def test_both_paths_read_the_same_message(tp, value, monkeypatch):
    fast = wire.decode(value, tp)
    assert wire.decode(wire.to_json_value(fast), tp) == fast
    monkeypatch.setattr(wire, "msgspec", None)
    assert wire.decode(value, tp) == fast


@pytest.mark.parametrize("tp, value, where", BAD, ids=lambda x: getattr(x, "__name__", ""))
def test_both_paths_refuse_the_same_values_and_say_where(tp, value, where, monkeypatch):
    with pytest.raises(wire.WireError, match=re.escape(where)):
        wire.decode(value, tp)
    monkeypatch.setattr(wire, "msgspec", None)
    with pytest.raises(wire.WireError, match=re.escape(where)):
        wire.decode(value, tp)


def test_encoding_is_the_same_json_on_both_paths(monkeypatch):
    message = wire.decode(GOOD[-1][1], NotebookData)
    fast = json.loads(wire.encode(message))
    monkeypatch.setattr(wire, "msgspec", None)
    assert json.loads(wire.encode(message)) == fast
    assert wire.to_json_value(message) == fast
