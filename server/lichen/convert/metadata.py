"""What an exported `.ipynb` carries for Lichen (under the `lichen` key of the notebook's and each
cell's metadata) so that converting it back gives the same notebook: the header, the App's
options, and each cell's name, kind and config. Jupyter keeps metadata it does not know."""

from __future__ import annotations

from typing import Any

from lichen.notebook import Cell, CellConfig, CellKind, Notebook

KEY = "lichen"


def notebook_metadata(notebook: Notebook) -> dict[str, Any]:
    return {
        "module": notebook.module,
        "header": notebook.header,
        "app_config": dict(notebook.app_config),
        "generated_with": notebook.generated_with,
    }


def notebook_from_metadata(meta: dict[str, Any], cells: tuple[Cell, ...]) -> Notebook:
    return Notebook(
        cells=cells,
        module=str(meta.get("module") or "lichen"),
        header=str(meta.get("header") or ""),
        app_config=dict(meta.get("app_config") or {}),
        generated_with=meta.get("generated_with"),
    )


def cell_metadata(cell: Cell, code: str | None = None) -> dict[str, Any]:
    """`code` is the cell's code when the exported source alone does not give it back (a
    markdown cell written in a way `markdown_code` would not write it)."""
    meta: dict[str, Any] = {}
    if cell.name != "_":
        meta["name"] = cell.name
    if cell.kind != CellKind.CELL:
        meta["kind"] = cell.kind.value
    config = cell.config
    if config != CellConfig():
        meta["config"] = {**config.as_dict(), "extra": [list(pair) for pair in config.extra]}
    if code is not None:
        meta["code"] = code
    return meta


def cell_from_metadata(source: str, meta: dict[str, Any], markdown: bool, module: str) -> Cell:
    from lichen.convert.markdown_cells import markdown_code

    config = meta.get("config") or {}
    code = meta.get("code")
    if code is None:
        code = markdown_code(source, module) if markdown else source
    return Cell(
        code=str(code),
        name=str(meta.get("name") or "_"),
        kind=CellKind(meta.get("kind") or "cell"),
        config=CellConfig(
            hide_code=bool(config.get("hide_code")),
            disabled=bool(config.get("disabled")),
            column=config.get("column"),
            extra=tuple(tuple(pair) for pair in config.get("extra") or ()),
        ),
    )
