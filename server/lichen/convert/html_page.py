"""A notebook and the outputs of a run as one self-contained HTML page, and the notebook read back
out of such a page.

The page holds each cell's code (unless hidden: the cell's own `hide_code`, or every cell with
`show_code=False`), what it printed, its error, and its output as the MIME bundle the kernel sent,
drawn when the page loads by the drawer (`assets/page.js`, the VS Code renderer's own drawing code
bundled with its chart libraries, built by `extension/esbuild.mjs`). Everything is inline: the page
fetches nothing, so it opens offline, and UI elements show the values they had, without a kernel.
The notebook's file text is embedded whole, so `read_page_source` gives it back byte for byte.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Mapping

from lichen import __version__
from lichen.convert.jupyter_outputs import merged_streams
from lichen.convert.result import ConversionError
from lichen.notebook import Notebook
from lichen.protocol import CellDone

SOURCE_ID = "lichen-notebook-source"
OUTPUT_CLASS = "lichen-output"  # the drawer (`extension/src/renderer/page.ts`) looks for it
DRAWER = "page.js"


@dataclass(frozen=True)
class CellRun:
    """What one cell did in the run: its result (None: the run did not reach it) and the
    (stream name, text) pairs it printed, in order."""

    done: CellDone | None
    streams: tuple[tuple[str, str], ...] = ()


def drawer_script() -> str:
    """The drawer's code; a clear error when this checkout has not built it."""
    asset = resources.files("lichen.convert").joinpath("assets", DRAWER)
    try:
        return asset.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConversionError(
            "the page drawer (lichen/convert/assets/page.js) is not built; build it with "
            "`cd extension && npm ci && node esbuild.mjs` (or `make vsix`)"
        ) from None


def to_html(notebook: Notebook, source: str, runs: Mapping[int, CellRun], *, title: str,
            show_code: bool = True, drawer: str) -> str:
    """`source` is the notebook's file text, `runs` each cell's run by index, `drawer` the
    script that draws the outputs (`drawer_script()`)."""
    cells = "\n".join(
        _cell(index, cell.code, show_code and not cell.config.hide_code, runs.get(index))
        for index, cell in enumerate(notebook.cells)
    )
    name = _app_title(notebook) or title
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="Lichen {__version__}">\n'
        f"<title>{html.escape(name)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f'<body class="vscode-light">\n<main class="lichen-page">\n{cells}\n</main>\n'
        f'<script type="application/json" id="{SOURCE_ID}">{_json(source)}</script>\n'
        f"<script>{_script_text(drawer)}</script>\n</body>\n</html>\n"
    )


def read_page_source(text: str) -> str | None:
    """The notebook file text a page `to_html` wrote embeds; None for any other HTML."""
    start_tag = f'<script type="application/json" id="{SOURCE_ID}">'
    start = text.find(start_tag)
    if start < 0:
        return None
    start += len(start_tag)
    end = text.find("</script>", start)
    try:
        source = json.loads(text[start:end])
    except ValueError:
        return None
    return source if isinstance(source, str) else None


def _cell(index: int, code: str, show_code: bool, run: CellRun | None) -> str:
    parts = [f'<section class="lichen-cell" id="cell-{index + 1}">']
    if show_code and code.strip():
        parts.append(f'<pre class="lichen-code"><code>{html.escape(code)}</code></pre>')
    done = run.done if run else None
    for name, text in merged_streams(run.streams if run else ()):
        parts.append(f'<pre class="lichen-{"stderr" if name == "stderr" else "stdout"}">'
                     f"{html.escape(text)}</pre>")
    if done is not None and done.output:
        parts.append(f'<script type="application/json" class="{OUTPUT_CLASS}">'
                     f"{_json(done.output)}</script>")
    if done is not None and done.error is not None:
        error = done.error
        parts.append(f'<pre class="lichen-traceback">'
                     f"{html.escape(error.traceback or f'{error.ename}: {error.evalue}')}</pre>")
    elif done is not None and done.status not in ("success", "disabled", "stale") and done.reason:
        parts.append(f'<p class="lichen-not-run">{html.escape(done.reason)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _app_title(notebook: Notebook) -> str | None:
    value = notebook.app_config.get("app_title")
    return value if isinstance(value, str) and value.strip() else None


def _json(value: object) -> str:
    """JSON safe inside a script element: no `<` at all, so no `</script>` or `<!--`."""
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c")


def _script_text(code: str) -> str:
    """A script's code safe inside the page: a `</script` in a string literal would end it."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)


_STYLE = """
body { margin: 0; background: #fff; color: #1f2328;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
.lichen-page { max-width: 1000px; margin: 0 auto; padding: 24px 16px 64px; }
.lichen-cell { margin: 0 0 20px; }
.lichen-code { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px;
  padding: 10px 12px; overflow-x: auto; font: 13px/1.45 ui-monospace, Menlo, Consolas, monospace; }
.lichen-stdout, .lichen-stderr, .lichen-traceback { margin: 4px 0; padding: 6px 12px;
  white-space: pre-wrap; font: 13px/1.45 ui-monospace, Menlo, Consolas, monospace; }
.lichen-stderr { background: #fff8c5; }
.lichen-traceback { background: #ffebe9; color: #82071e; }
.lichen-not-run { color: #59636e; font-style: italic; }
"""
