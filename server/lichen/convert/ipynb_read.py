"""Jupyter notebooks (nbformat 4, as a plain dict: what `json.load` or `nbformat.read` gives) to
Lichen notebooks.

Code cells keep their code, markdown cells become markdown cells, outputs are dropped; what a
reactive notebook cannot run is handled in `imported`. A notebook Lichen exported carries each
cell's name, kind and config in its metadata, so converting it back gives the notebook it came from.
"""

from __future__ import annotations

import re
from typing import Any

from lichen.convert.imported import ForeignCell, assemble
from lichen.convert.metadata import KEY, cell_from_metadata, notebook_from_metadata
from lichen.convert.result import Conversion, ConversionError
from lichen.notebook import Notebook


def from_ipynb(data: Any, *, module: str = "lichen", fix_redefinitions: bool = False) -> Conversion:
    _check(data)
    if isinstance((data.get("metadata") or {}).get(KEY), dict):
        return Conversion(_exported(data))
    cells = [_foreign(cell) for cell in data["cells"]]
    return assemble(cells, module=module, fix_redefinitions=fix_redefinitions)


def _check(data: Any) -> None:
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise ConversionError("not a Jupyter notebook (no list of cells); is it an .ipynb file?")
    if data.get("nbformat") != 4:
        raise ConversionError(
            f"nbformat {data.get('nbformat')} notebook; open and save it in Jupyter to upgrade "
            "it to nbformat 4"
        )
    metadata = data.get("metadata") or {}
    language = (metadata.get("kernelspec") or {}).get("language") or (
        metadata.get("language_info") or {}).get("name")
    if language and str(language).lower() != "python":
        raise ConversionError(
            f"a {language} notebook (its kernel runs {language}); Lichen notebooks are Python, "
            "so it cannot be converted"
        )


def _exported(data: dict) -> Notebook:
    meta = data["metadata"][KEY]
    module = str(meta.get("module") or "lichen")
    cells = tuple(
        cell_from_metadata(_source(c), (c.get("metadata") or {}).get(KEY) or {},
                           c.get("cell_type") == "markdown", module)
        for c in data["cells"]
    )
    return notebook_from_metadata(meta, cells)


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _foreign(cell: dict) -> ForeignCell:
    kind = cell.get("cell_type")
    source = _source(cell)
    if kind == "markdown":
        text, notes = _inline_attachments(source, cell.get("attachments") or {})
        return ForeignCell("markdown", text, notes=tuple(notes))
    hidden = bool(((cell.get("metadata") or {}).get("jupyter") or {}).get("source_hidden"))
    return ForeignCell("raw" if kind == "raw" else "code", source, hide_code=hidden)


_ATTACHMENT = re.compile(r"attachment:([^)\s\"']+)")


def _inline_attachments(text: str, attachments: dict) -> tuple[str, list[str]]:
    """Images attached to a markdown cell, written into its text as data URLs: a `.py` file has
    nowhere else to keep them."""
    notes = []

    def inline(match: re.Match) -> str:
        bundle = attachments.get(match.group(1))
        if not isinstance(bundle, dict) or not bundle:
            notes.append(f"attachment {match.group(1)} is missing from the notebook; link kept")
            return match.group(0)
        mime, data = next(iter(bundle.items()))
        data = "".join(data) if isinstance(data, list) else data
        notes.append(f"attachment {match.group(1)} inlined as a data URL")
        return f"data:{mime};base64,{data.strip()}"

    return _ATTACHMENT.sub(inline, text), notes
