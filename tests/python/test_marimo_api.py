"""marimo's API beyond the basics, as notebooks call it: layouts and presentation helpers,
where the notebook runs, media, and the remaining `mo.ui` elements."""

from __future__ import annotations

import base64
import json

import pytest

from kernel_helpers import lichen_run, run_cells
from lichen.protocol import UI_MIME
from lichen.runtime import CellSpec, Runtime


def run(*codes: str, filename: str | None = None):
    rt, _, done = run_cells(*codes, filename=filename)
    return rt.namespace, done


def node(bundle: dict) -> dict:
    return json.loads(bundle[UI_MIME])["node"] if UI_MIME in bundle else {"html": bundle}


# -- presentation ---------------------------------------------------------------------------------


def test_presentation_helpers_draw_and_run_offline():
    ns, done = run("import marimo as mo",
                   "out = mo.vstack([mo.stat(12, label='users', caption='+3', direction='increase'),"
                   " mo.icon('lucide:leaf'), mo.nav_menu({'Home': '#home', 'More': {'Docs': '/d'}}),"
                   " mo.sidebar([mo.md('side')]), mo.lazy(lambda: mo.md('later')),"
                   " mo.tree({'a': [1, 2]}), mo.json('{\"k\": 1}'), mo.plain_text('<b>'),"
                   " mo.carousel(['one', 'two']), mo.center('c'), mo.iframe('<p>x</p>')])\nout")
    text = json.dumps(done["c1"].output, ensure_ascii=False)
    for expected in ("users", "▲", ">leaf<", "#home", "Docs", "side", "later", "&quot;k&quot;",
                     "&lt;b&gt;", "srcdoc"):
        assert expected in text, expected


def test_an_icon_offline_is_its_name_never_an_error():
    ns, _ = run("import marimo as mo", "i = mo.icon('mdi:rocket-launch', size=20, color='red')")
    assert ">rocket-launch<" in ns["i"].text


def test_stat_checks_its_direction():
    import lichen.runtime.presentation as p

    with pytest.raises(ValueError, match="direction"):
        p.stat(1, direction="up")


# -- where the notebook runs ----------------------------------------------------------------------


def test_where_and_how_the_notebook_runs(tmp_path):
    path = tmp_path / "nb.py"
    ns, _ = run("import marimo as mo",
                "d, loc, mode, inside = (mo.notebook_dir(), mo.notebook_location(),"
                " mo.app_meta().mode, mo.running_in_notebook())\n"
                "q = mo.query_params(); q['tab'] = 'x'\nargs = mo.cli_args()\n"
                "mine = mo.defs()",
                filename=str(path))
    assert ns["d"] == tmp_path and ns["loc"] == tmp_path
    assert (ns["mode"], ns["inside"]) == ("edit", True)
    assert ns["q"]["tab"] == "x" and ns["args"].to_dict() == {} and len(ns["args"]) == 0
    assert str(ns["q"]) == "{'tab': 'x'}"  # print() shows the mapping, as marimo's does
    assert "mine" in ns["mine"] and "q" in ns["mine"]


def test_as_a_script_the_mode_is_script(tmp_path):
    path = tmp_path / "nb.py"
    done = lichen_run(path, '''\
        import marimo
        app = marimo.App()

        @app.cell
        def _():
            import marimo as mo
            print(mo.app_meta().mode, mo.running_in_notebook(), mo.notebook_dir().name)
            return

        if __name__ == "__main__":
            app.run()
        ''')
    assert done.returncode == 0, done.stderr
    assert f"script False {tmp_path.name}" in done.stdout


def test_server_only_names_import_and_refuse_when_called():
    rt = Runtime()
    rt.load([CellSpec("c0", "import marimo as mo\nfrom marimo import create_asgi_app"),
             CellSpec("c1", "create_asgi_app()")])
    report = rt.run_all()
    assert report.result("c0").status == "success"
    error = report.result("c1").error
    assert error.ename == "NotAvailableInLichen" and "web server" in error.evalue


# -- media ----------------------------------------------------------------------------------------


def test_media_embed_their_sources(tmp_path):
    picture = tmp_path / "p.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\nfake")
    ns, _ = run("import marimo as mo",
                f"img = mo.image({str(picture)!r}, width=40, caption='cap')\n"
                "raw = mo.image(b'abc')\nurl = mo.image('https://example.org/x.png')\n"
                "dl = mo.download(b'data', filename='d.csv')\n"
                "vid = mo.video(b'v', autoplay=True, muted=True)\npdf = mo.pdf(b'%PDF')\n"
                "graph = mo.mermaid('graph TD; A-->B')")
    encoded = base64.b64encode(picture.read_bytes()).decode()
    assert f"data:image/png;base64,{encoded}" in ns["img"].text and "cap" in ns["img"].text
    assert "https://example.org/x.png" in ns["url"].text
    assert 'download="d.csv"' in ns["dl"].text and "text/csv" in ns["dl"].text
    assert " autoplay" in ns["vid"].text and "application/pdf" in ns["pdf"].text
    assert "A--&gt;B" in ns["graph"].text


def test_a_missing_media_file_says_what_to_give():
    from lichen.runtime.media import image

    with pytest.raises(FileNotFoundError, match="give a URL"):
        image("no/such/file.png")


# -- the remaining elements -----------------------------------------------------------------------


def test_file_upload_values():
    from lichen.runtime import ui

    f = ui.file(filetypes=[".csv"], multiple=True)
    assert f.value == () and f.name() is None
    f._receive([{"name": "a.csv", "contents": base64.b64encode(b"x,y").decode()}])
    assert f.name(0) == "a.csv" and f.contents(0) == b"x,y"
    with pytest.raises(ValueError, match="base64"):
        f._receive([{"name": "b", "contents": "%%%"}])


def test_chat_calls_the_model_with_the_conversation():
    from lichen.runtime import ui

    seen = []

    def model(messages, config):
        seen.append((len(messages), config.max_tokens))
        return f"echo: {messages[-1].content}"

    chat = ui.chat(model, prompts=["hi"])
    chat._receive([{"role": "user", "content": "hello"}])
    assert [m.content for m in chat.value] == ["hello", "echo: hello"]
    assert seen == [(1, 4096)]


def test_matrix_dates_editors_frames_and_timers():
    from lichen.runtime import ui

    m = ui.matrix([[1, 2], [3, 4]], min_value=0)
    assert m.value == [[1, 2], [3, 4]]
    dt = ui.datetime(value="2024-01-02T03:04")
    assert dt.value.hour == 3
    dr = ui.date_range(value=("2024-01-01", "2024-02-01"))
    assert str(dr.value[1]) == "2024-02-01"
    code = ui.code_editor("x = 1", language="python")
    assert code.value == "x = 1"
    assert ui.refresh(options=["1s", "5m"], default_interval="1s").value == 0
    edited = ui.data_editor([{"a": 1}, {"a": 2}])
    edited._receive([{"row": 1, "column": "a", "value": 5}])
    assert edited.value == [{"a": 1}, {"a": 5}]


def test_charts_show_their_figure_and_start_unselected():
    from lichen.runtime import ui

    class Figure:
        data = [1, 2]

        def _repr_html_(self):
            return "<svg>chart</svg>"

    chart = ui.altair_chart(Figure())
    assert chart.value == [1, 2]
    drawn = chart._lichen_node_()
    assert drawn["type"] == "element" and drawn["kind"] == "altair_chart"
    assert drawn["props"]["figure"]["text/html"] == "<svg>chart</svg>"
    assert ui.plotly(Figure()).value == []
