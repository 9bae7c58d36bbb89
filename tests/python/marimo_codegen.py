"""Prints the notebook file marimo writes for cells (run with marimo's interpreter): reads a JSON
list of cell codes on stdin, writes the file's text as marimo's editor saves it."""

import json
import sys

from marimo._ast.cell import CellConfig
from marimo._ast.codegen import generate_filecontents

codes = json.load(sys.stdin)
sys.stdout.write(generate_filecontents(codes, ["_"] * len(codes), [CellConfig() for _ in codes]))
