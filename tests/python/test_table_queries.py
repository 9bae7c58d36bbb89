"""`lichen/tableQuery` through both hosts, the daemon (a kernel process) and the worker (the
runtime in process): the same pages, summaries and refusals for the same notebook."""

from __future__ import annotations

import json

from daemon_client import RpcError, dones
from lichen import protocol as P
from wasm_client import on_both_hosts

NB = "file:///notebooks/tables.py"
CELLS = ["import lichen",
         "t = lichen.ui.table([{'city': 'Oslo', 'n': 7}, {'city': 'Lima', 'n': None},"
         " {'city': 'Rome', 'n': 3}], page_size=2)\nt",
         "chosen = [r['city'] for r in t.value]\nchosen"]


def asked(client, table_id: str, request: dict):
    try:
        return client.request(P.TABLE_QUERY, {"notebookUri": NB, "tableId": table_id,
                                              "request": request})["answer"]
    except RpcError as error:
        return {"error": error.code}


def scenario(client) -> dict:
    client.initialize()
    cells = client.open_notebook(NB, CELLS)
    client.request(P.RUN_ALL, {"notebookUri": NB})
    done = dones(client.cell_events(NB), cells[1])
    node = json.loads(done[-1]["output"][P.UI_MIME])["node"]
    table = node["props"]["table"]
    seen = {"first page": table["page"], "columns": table["columns"]}
    seen["sorted"] = asked(client, table["id"], {"sort": [{"column": "n", "descending": True}],
                                                 "limit": 2})
    seen["second page"] = asked(client, table["id"], {"sort": [{"column": "n"}], "offset": 2,
                                                      "limit": 2})
    seen["searched"] = asked(client, table["id"], {"search": "OM"})
    seen["summary"] = asked(client, table["id"], {"summary": "n"})
    seen["bad"] = asked(client, table["id"], {"sort": [{"column": "nope"}]})
    client.request(P.SET_UI_VALUE, {"notebookUri": NB, "elementId": node["id"],
                                    "value": [seen["sorted"]["positions"][0]]})
    seen["chosen"] = dones(client.cell_events(NB), cells[2])[-1]["output"]
    client.request(P.RUN, {"notebookUri": NB, "cellUris": [cells[1]]})
    seen["after a rerun"] = asked(client, table["id"], {})
    client.request(P.RESTART, {"notebookUri": NB})
    return seen


def test_both_hosts_answer_table_queries_alike():
    expected, got = on_both_hosts(scenario)
    assert got == expected
    assert expected["first page"]["rows"] == [["Oslo", 7], ["Lima", None]]
    assert expected["sorted"]["rows"] == [["Oslo", 7], ["Rome", 3]]
    assert expected["second page"] == {"offset": 2, "total": 3, "positions": [1],
                                       "rows": [["Lima", None]]}
    assert expected["searched"]["positions"] == [2]
    assert expected["summary"]["max"] == 7 and expected["summary"]["nulls"] == 1
    assert expected["bad"] == {"error": P.ERROR_CODES["invalidParams"]}
    assert expected["chosen"] == {"text/plain": "['Oslo']"}
    assert expected["after a rerun"] == {"error": P.ERROR_CODES["tableGone"]}
