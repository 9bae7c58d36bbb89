"""Language intelligence in cells: completion, hover, signature help, definition, references,
rename, highlight, symbols and the notebook's own diagnostics (standard library and Jedi).

- `virtual`: the module an analyser sees for one cell (the other cells in run order, then it).
- `occurrences`: where a cell mentions a global, scope by scope (CPython's `symtable`).
- `engine.LanguageEngine`: the requests, answered as LSP-shaped data by Jedi and the graph.
- `diagnostics`: names no cell defines, imports no cell reads.
- `live_items`: what the running kernel knows (`lichen.runtime.live_names`) merged into
  completions and hovers.
- `ruff_cells`: Ruff's findings and formatting for cells, the notebook given to Ruff as one.

Jedi is imported by `engine` only, on first use, so hosts that never get a language request
never load it.
"""
