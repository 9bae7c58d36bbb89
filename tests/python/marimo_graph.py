"""Prints marimo's dependency graph of notebooks as JSON (run with marimo's interpreter): reads a
JSON list of notebooks (each a list of cell codes) on stdin, writes for each notebook the
parents of each cell as cell indexes, `[[[0], []], ...]`."""

import json
import sys

from marimo._ast.compiler import compile_cell
from marimo._runtime.dataflow import DirectedGraph

found = []
for codes in json.load(sys.stdin):
    graph = DirectedGraph()
    for index, code in enumerate(codes):
        graph.register_cell(f"c{index}", compile_cell(code, cell_id=f"c{index}"))
    found.append([sorted(int(p[1:]) for p in graph.parents[f"c{index}"])
                  for index in range(len(codes))])
json.dump(found, sys.stdout)
