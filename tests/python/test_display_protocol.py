"""The display protocol in the kernel's formatter, on the real objects: IPython.display's
classes, marimo's `_display_`, and the limit past which an output is replaced by a note."""

from __future__ import annotations

import base64
import io

import pytest
from IPython import display as ipd
from PIL import Image

from lichen.runtime import CellSpec, Runtime, limits
from lichen.runtime.mime import mime_bundle

PNG = io.BytesIO()
Image.new("RGB", (3, 2), "red").save(PNG, "PNG")
PNG = PNG.getvalue()


@pytest.mark.parametrize("make, mimetype, expected", [
    (lambda: ipd.Image(PNG), "image/png", base64.b64encode(PNG).decode()),
    (lambda: ipd.HTML("<b>bold</b>"), "text/html", "<b>bold</b>"),
    (lambda: ipd.Markdown("*it*"), "text/markdown", "*it*"),
    (lambda: ipd.SVG('<svg xmlns="http://www.w3.org/2000/svg"/>'), "image/svg+xml",
     '<svg xmlns="http://www.w3.org/2000/svg"/>'),
    (lambda: ipd.JSON({"a": [1, 2]}), "application/json", '{"a": [1, 2]}'),
    (lambda: ipd.Latex(r"$\alpha^2$"), "text/latex", r"$\alpha^2$"),
    (lambda: ipd.Math("x^2"), "text/latex", r"$\displaystyle x^2$"),
])
def test_ipython_display_objects_show_as_their_mime_type(make, mimetype, expected):
    assert mime_bundle(make(), 10**6) == {mimetype: expected}


def test_ipython_audio_and_video_are_players():
    audio = mime_bundle(ipd.Audio(url="sound.wav"), 10**6)["text/html"]
    video = mime_bundle(ipd.Video(b"\0\0\0 ftypmp4", embed=True, mimetype="video/mp4"),
                        10**6)["text/html"]
    assert "<audio" in audio and "sound.wav" in audio
    assert "<video" in video and "data:video/mp4;base64," in video


def test_jpeg_repr():
    class Photo:
        def _repr_jpeg_(self):
            return b"\xff\xd8jpeg"

    assert mime_bundle(Photo(), 100) == {"image/jpeg": base64.b64encode(b"\xff\xd8jpeg").decode()}


def test_display_hands_over_to_what_it_returns():
    class Inner:
        def _repr_html_(self):
            return "<i>inner</i>"

    class Outer:
        def _display_(self):
            return Inner()

        def _repr_html_(self):
            return "<b>outer</b>"

    class Broken:
        def _display_(self):
            raise ValueError("no")

        def __repr__(self):
            return "Broken()"

    class Nothing:
        def _display_(self):
            return None

    assert mime_bundle(Outer(), 100) == {"text/html": "<i>inner</i>"}
    assert mime_bundle(Broken(), 100) == {"text/plain": "Broken()"}
    assert mime_bundle(Nothing(), 100) is None


def test_an_oversized_output_is_a_note_saying_its_size_and_how_to_raise_the_limit():
    class Big:
        def _repr_html_(self):
            return "<p>" * 1_000_000  # 3 MB

    [note] = mime_bundle(Big(), 1_000_000).values()
    assert "text/html output is 3.0 MB, over the 1.0 MB limit" in note
    assert limits.ENV in note


def test_the_limit_defaults_to_10_mb_and_is_read_from_the_environment(monkeypatch):
    monkeypatch.delenv(limits.ENV, raising=False)
    assert limits.configured() == 10_000_000
    monkeypatch.setenv(limits.ENV, "0.5")
    assert limits.configured() == 500_000
    monkeypatch.setenv(limits.ENV, "lots")
    assert limits.configured() == 10_000_000


def test_a_cell_output_over_the_configured_limit_is_replaced_by_the_note(monkeypatch):
    monkeypatch.setenv(limits.ENV, "1")
    rt = Runtime()
    rt.load([CellSpec("a", "import base64\n"
                           "class Big:\n"
                           "    def _repr_png_(self):\n"
                           "        return bytes(1_500_000)\n"
                           "Big()")])
    [done] = rt.run_all().cells
    assert list(done.output) == ["text/plain"]
    assert "image/png output is 2.0 MB, over the 1.0 MB limit" in done.output["text/plain"]


# -- markdown with math, media and mermaid: drawn by Lichen's renderer ----------------------------


def _node(bundle):
    import json

    from lichen.protocol import UI_MIME

    return json.loads(bundle[UI_MIME])["node"]


@pytest.mark.parametrize("text", ["Euler: $e^{i\\pi} = -1$", "$$\\int x$$", "\\(a\\)"])
def test_markdown_with_math_goes_to_the_renderer(text):
    from lichen.runtime import md

    bundle = mime_bundle(md(text), 10**6)
    assert _node(bundle) == {"type": "markdown", "text": text, "slots": []}
    assert bundle["text/markdown"] == text


@pytest.mark.parametrize("text", ["# plain", "costs $5 and $6", "price: $5"])
def test_markdown_without_math_stays_plain_markdown(text):
    from lichen.runtime import md

    assert mime_bundle(md(text), 10**6) == {"text/markdown": text}


def test_media_are_drawn_by_the_renderer_alone_and_inside_markdown(tmp_path):
    from lichen.runtime import md, media

    picture = tmp_path / "p.png"
    picture.write_bytes(PNG)
    image = media.image(picture, alt="red")
    bundle = mime_bundle(image, 10**6)
    node = _node(bundle)
    assert node["type"] == "html" and "data:image/png;base64," in node["html"]
    assert bundle["text/html"] == image.text
    inside = _node(mime_bundle(md(f"A picture: {image}"), 10**6))
    assert inside["type"] == "markdown" and inside["slots"] == [node]
    diagram = _node(mime_bundle(media.mermaid("graph TD\n  A --> B"), 10**6))
    assert diagram["html"] == '<pre class="mermaid">graph TD\n  A --&gt; B</pre>'
    for made in (media.audio(b"RIFF"), media.video(b"v"), media.pdf(b"%PDF"),
                 media.download(b"x", filename="x.csv")):
        assert _node(mime_bundle(made, 10**6))["type"] == "html"


def test_a_bokeh_figure_is_a_note_saying_what_to_use_instead():
    from bokeh.layouts import column
    from bokeh.plotting import figure

    plot = figure(title="never drawn")
    plot.line([1, 2, 3], [3, 1, 2])
    for value in (plot, column(plot)):
        note = mime_bundle(value, limits.configured())
        assert list(note) == ["text/plain"]
        assert "bokeh" in note["text/plain"] and "altair or plotly" in note["text/plain"]
        assert "bokeh.io.save" in note["text/plain"]
