"""matplotlib figures as outputs, on the real matplotlib: plt.show(), a figure as a cell's value,
a PNG of twice the figure's dpi shown at its dpi, SVG when asked, and no figure living on into the next cell."""

from __future__ import annotations

import base64
import io
import json
import re

import pytest
from PIL import Image

from lichen.protocol import UI_MIME
from lichen.runtime import CellSpec, Runtime


def run_cells(*codes: str):
    rt = Runtime(filename="nb.py")
    rt.load([CellSpec(f"c{i}", code) for i, code in enumerate(codes)])
    report = rt.run_all()
    assert [c.status for c in report.cells] == ["success"] * len(codes), report
    return [c.output for c in report.cells]


def png_of(output) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(output["image/png"])))


def test_plt_show_puts_the_figure_in_the_cell_output():
    [out] = run_cells("import matplotlib.pyplot as plt\n"
                      "plt.plot([1, 2, 3], [3, 1, 2])\n"
                      "plt.show()")
    image = png_of(out)
    assert image.format == "PNG" and image.width > 100 and image.height > 100
    # A drawn line, not a blank canvas: more than a couple of colours.
    assert len(image.convert("RGB").getcolors(100_000)) > 2


def test_a_bare_plot_call_as_last_line_shows_the_figure_and_no_line_repr():
    [out] = run_cells("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])")
    assert sorted(out) == ["image/png", "text/html"]
    assert png_of(out).format == "PNG"


def shown_size(output) -> tuple[int, int]:
    """The size the figure's <img> is shown at, in CSS pixels."""
    html = output["text/html"]
    found = re.fullmatch(r'<img src="data:image/png;base64,([^"]+)" width="(\d+)" '
                         r'height="(\d+)" alt="a matplotlib figure">', html)
    assert found, html
    assert found.group(1) == output["image/png"]
    return int(found.group(2)), int(found.group(3))


def test_the_png_has_twice_the_pixels_the_figure_dpi_gives_and_shows_at_that_dpi():
    [low, high] = run_cells(
        "import matplotlib.pyplot as plt\nplt.figure(figsize=(2, 2), dpi=50)\nplt.plot([1, 2])",
        "plt.figure(figsize=(2, 2), dpi=200)\nplt.plot([1, 2])")
    small, large = png_of(low), png_of(high)
    assert round(small.info["dpi"][0]) == 100 and round(large.info["dpi"][0]) == 400
    assert large.width > 3 * small.width
    for output, image in ((low, small), (high, large)):
        width, height = shown_size(output)
        assert abs(2 * width - image.width) <= 1 and abs(2 * height - image.height) <= 1
    # A 2 inch figure at 200 dpi: about 400 CSS pixels (its tight bounds trim or add margins).
    assert 300 < shown_size(high)[0] < 500


def test_svg_when_savefig_format_is_svg():
    [out] = run_cells("import matplotlib\nimport matplotlib.pyplot as plt\n"
                      "matplotlib.rcParams['savefig.format'] = 'svg'\n"
                      "try:\n    plt.plot([1, 2])\n    plt.show()\n"
                      "finally:\n    matplotlib.rcParams['savefig.format'] = 'png'")
    assert list(out) == ["image/svg+xml"]
    assert "<svg" in out["image/svg+xml"] and "</svg>" in out["image/svg+xml"]


def test_two_figures_shown_are_both_in_the_output_in_order():
    [out] = run_cells("import matplotlib.pyplot as plt\n"
                      "plt.figure(figsize=(1, 1)); plt.plot([1])\n"
                      "plt.figure(figsize=(4, 4)); plt.plot([2])\n"
                      "plt.show()")
    node = json.loads(out[UI_MIME])["node"]
    assert node["type"] == "stack"
    widths = [png_of(child["data"]).width for child in node["children"]]
    assert len(widths) == 2 and widths[0] < widths[1]


def test_a_figure_never_shown_does_not_leak_into_the_next_cell():
    outs = run_cells("import matplotlib.pyplot as plt\nplt.plot([1, 2])\nx = 1",
                     "plt.get_fignums()",
                     "plt.plot([5, 6])\nplt.show()\nlen(plt.get_fignums())")
    assert outs[0] is None
    assert outs[1] == {"text/plain": "[]"}
    assert outs[2] == {"text/plain": "0"}


def test_a_figure_made_in_one_cell_still_draws_in_another():
    outs = run_cells("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()",
                     "ax.plot([1, 3, 2])\nfig")
    assert png_of(outs[1]).format == "PNG"


def test_figure_show_and_a_show_with_nothing_open():
    outs = run_cells("import matplotlib.pyplot as plt\nf = plt.figure()\nplt.plot([1])\nf.show()",
                     "plt.show()")
    assert png_of(outs[0]).format == "PNG"
    assert outs[1] is None


@pytest.mark.parametrize("code", ["plt.plot([1, 2])\nplt.show()", "plt.plot([1, 2])"])
def test_memory_does_not_grow_with_figures_run_after_run(code):
    rt = Runtime(filename="nb.py")
    rt.load([CellSpec("a", "import matplotlib.pyplot as plt"), CellSpec("b", code)])
    rt.run_all()
    for _ in range(5):
        rt.run(["b"])
    assert rt.namespace["plt"].get_fignums() == []
