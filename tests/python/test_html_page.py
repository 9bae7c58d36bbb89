"""The page `lichen export html` writes, read as a browser's parser reads it: code shown or
hidden, outputs embedded whole whatever text they hold, and the notebook read back byte for byte.
How the page draws (offline, in a real browser) is the e2e scenario `html-export`."""

import json
from html.parser import HTMLParser
from pathlib import Path

from lichen.convert.html_page import OUTPUT_CLASS, SOURCE_ID, CellRun, read_page_source, to_html
from lichen.notebook import parse
from lichen.protocol import CellDone, CellErrorInfo

from test_transfer_cli import lichen

SOURCE = '''import lichen

__generated_with = "0.1.0"
app = lichen.App(app_title="A </script> <!-- title")


@app.cell(hide_code=True)
def _():
    lichen.md("# Notes </script><!--")
    return


@app.cell
def _():
    text = "</script><script>alert(1)</script> & <b>"
    print(text)
    text
    return (text,)


@app.cell
def _(text):
    1 / 0
    return


if __name__ == "__main__":
    app.run()
'''

OUTPUT = {"text/html": "<pre>&lt;/script&gt;</pre>", "text/plain": "'</script><script>'"}
RUNS = {
    0: CellRun(CellDone("a", 1, "success", output={"text/markdown": "# Notes </script><!--"})),
    1: CellRun(CellDone("b", 1, "success", output=OUTPUT),
               (("stdout", "</script> & "), ("stdout", "<b>\n"), ("stderr", "careful\n"))),
    2: CellRun(CellDone("c", 1, "exception", error=CellErrorInfo(
        "ZeroDivisionError", "division by zero", "Traceback ...\nZeroDivisionError: <zero>"))),
}


class Page(HTMLParser):
    """The elements a browser would find: scripts (type, class, id, text) and text by class."""

    def __init__(self, text: str):
        super().__init__()
        self.scripts: list[dict] = []
        self.texts: dict[str, list[str]] = {}
        self.title = ""
        self._open: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self._open.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append({**dict(attrs), "text": ""})

    def handle_endtag(self, tag):
        while self._open and self._open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not self._open:
            return
        tag, attrs = self._open[-1]
        if tag == "script":
            self.scripts[-1]["text"] += data
        elif tag == "title":
            self.title += data
        else:
            for name in (attrs.get("class") or "").split() or [tag]:
                self.texts.setdefault(name, []).append(data)
        if tag == "code" and len(self._open) > 1 and self._open[-2][0] == "pre":
            self.texts.setdefault("lichen-code", []).append(data)


def page(show_code: bool = True, drawer: str = "") -> Page:
    text = to_html(parse(SOURCE), SOURCE, RUNS, title="notes", show_code=show_code, drawer=drawer)
    return Page(text)


def test_outputs_are_embedded_whole_whatever_text_they_hold():
    found = page()
    outputs = [json.loads(s["text"]) for s in found.scripts if s.get("class") == OUTPUT_CLASS]
    assert outputs == [RUNS[0].done.output, OUTPUT]
    # Three scripts per page besides the outputs: none ends early, none is injected.
    assert [s.get("id") for s in found.scripts if s.get("class") != OUTPUT_CLASS] == [SOURCE_ID, None]
    assert found.title == "A </script> <!-- title"


def test_code_printed_text_and_errors_are_text_not_markup():
    found = page()
    code = "".join(found.texts["lichen-code"])
    assert 'text = "</script><script>alert(1)</script> & <b>"' in code
    assert "lichen.md(" not in code  # the markdown cell hides its code
    assert found.texts["lichen-stdout"] == ["</script> & <b>\n"]
    assert found.texts["lichen-stderr"] == ["careful\n"]
    assert "ZeroDivisionError: <zero>" in "".join(found.texts["lichen-traceback"])


def test_no_code_leaves_every_cell_without_code():
    found = page(show_code=False)
    assert "lichen-code" not in found.texts
    assert len([s for s in found.scripts if s.get("class") == OUTPUT_CLASS]) == 2


def test_the_drawer_cannot_end_its_script_early():
    drawer = 'const close = "</script><p>after</p>"; const other = "</SCRIPT>";'
    found = page(drawer=drawer)
    assert found.scripts[-1]["text"] == drawer.replace("</script", "<\\/script").replace(
        "</SCRIPT", "<\\/SCRIPT")
    assert "p" not in found.texts


def test_the_page_gives_the_notebook_back_byte_for_byte(tmp_path: Path):
    text = to_html(parse(SOURCE), SOURCE, RUNS, title="notes", drawer="")
    assert read_page_source(text) == SOURCE
    (tmp_path / "notes.html").write_text(text, encoding="utf-8")
    done = lichen("convert", "notes.html", "-o", "back.py", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "back.py").read_text(encoding="utf-8") == SOURCE


def test_a_marimo_notebook_keeps_its_header_unless_asked(tmp_path: Path):
    marimo = SOURCE.replace("import lichen\n", "import marimo\n", 1).replace("lichen.App", "marimo.App")
    (tmp_path / "m.html").write_text(to_html(parse(marimo), marimo, {}, title="m", drawer=""))
    assert lichen("convert", "m.html", "-o", "m.py", cwd=tmp_path).returncode == 0
    assert (tmp_path / "m.py").read_text() == marimo
    assert lichen("convert", "m.html", "-o", "l.py", "--to", "lichen", cwd=tmp_path).returncode == 0
    assert parse((tmp_path / "l.py").read_text()).module == "lichen"


def test_a_page_without_a_notebook_is_refused(tmp_path: Path):
    (tmp_path / "other.html").write_text("<!doctype html><p>hello</p>")
    done = lichen("convert", "other.html", cwd=tmp_path)
    assert done.returncode == 2
    assert "only pages `lichen export html` wrote carry one" in done.stderr
    assert not (tmp_path / "other.py").exists()
