"""Prints marimo's analysis of cells as JSON (run with marimo's interpreter): reads a JSON list of
cell codes on stdin, writes `[{"defs": [...], "refs": [...]} | null, ...]`, builtins left out of
the refs (Lichen never lists them) and null for code marimo does not compile."""

import builtins
import json
import sys

from marimo._ast.compiler import compile_cell

BUILTINS = set(dir(builtins))
found = []
for index, code in enumerate(json.load(sys.stdin)):
    try:
        cell = compile_cell(code, cell_id=f"c{index}")
    except SyntaxError:
        found.append(None)
        continue
    found.append({"defs": sorted(cell.defs), "refs": sorted(set(cell.refs) - BUILTINS)})
json.dump(found, sys.stdout)
