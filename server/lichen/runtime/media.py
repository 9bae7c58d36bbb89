"""Media of marimo's API: `image`, `audio`, `video`, `pdf`, `download`, `mermaid`.

Each returns a `Media`, an `Html` that Lichen's renderer draws (an `<img>`, `<audio>`, `<video>`,
`<embed>`, a download link: the `application/vnd.lichen.ui+json` html node, with the HTML itself
for other viewers), in VS Code, in the web build, in layouts and interpolated into markdown (as
`str()` there it is the node's tag, so the renderer draws it inside the markdown too; `.text`
is the HTML). A source is a URL
(used as it is), a path of a file (read and embedded, so the output needs no server), bytes, or
a binary file object; an image may also be a numpy array or a PIL image (encoded as PNG, which
needs Pillow). `mermaid` sends the diagram's text in a `<pre class="mermaid">`, which the renderer
draws with the mermaid bundled in the extension (other viewers show the text).
"""

from __future__ import annotations

import base64
import html as _html
import io
import mimetypes
import os
from pathlib import Path
from typing import Any, Mapping

from lichen.runtime import display
from lichen.runtime.layout import Html

__all__ = ["Media", "audio", "download", "image", "mermaid", "pdf", "video"]


class Media(Html):
    """HTML of a medium, drawn by Lichen's renderer (see the module docstring)."""

    def __str__(self) -> str:  # formatted into markdown or HTML: drawn there by the renderer
        return display.embed(self._lichen_node_())

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._text[:60]!r}>"

    def _lichen_node_(self) -> dict[str, Any]:
        return {"type": "html", "html": self._text, "slots": []}

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return display.bundle(self._lichen_node_(), **{"text/html": self._text})


def _escape(text: Any) -> str:
    return _html.escape(str(text), quote=True)


def _looks_like_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "data:", "blob:", "/files/", "./public/"))


def _data_url(data: bytes, mimetype: str) -> str:
    return f"data:{mimetype};base64,{base64.b64encode(data).decode('ascii')}"


def source_url(src: Any, default_type: str) -> str:
    """`src` as a URL the renderer can load without a server."""
    if isinstance(src, str) and _looks_like_url(src):
        return src
    if isinstance(src, (str, os.PathLike)):
        path = Path(src)
        if not path.is_file():
            raise FileNotFoundError(f"{str(path)!r} is not a file: give a URL, a file's path, "
                                    "bytes or a file object")
        kind = mimetypes.guess_type(path.name)[0] or default_type
        return _data_url(path.read_bytes(), kind)
    if isinstance(src, (bytes, bytearray, memoryview)):
        return _data_url(bytes(src), default_type)
    if hasattr(src, "read"):
        data = src.read()
        if isinstance(data, str):
            data = data.encode()
        name = getattr(src, "name", "")
        kind = (mimetypes.guess_type(name)[0] if isinstance(name, str) else None) or default_type
        return _data_url(data, kind)
    raise TypeError(f"a media source is a URL, a path, bytes or a file object, not "
                    f"{type(src).__name__}")


def _png(src: Any, vmin: Any, vmax: Any) -> bytes | None:
    """A numpy array or PIL image as PNG bytes; None for other sources."""
    if hasattr(src, "save") and hasattr(src, "mode"):  # a PIL image
        buffer = io.BytesIO()
        src.save(buffer, format="PNG")
        return buffer.getvalue()
    if not (hasattr(src, "__array__") and hasattr(src, "shape")):
        return None
    import numpy

    try:
        from PIL import Image
    except ImportError:
        raise ImportError("image() of an array needs Pillow: install it with "
                          "`pip install pillow`") from None
    array = numpy.asarray(src)
    if array.dtype != numpy.uint8:
        low = array.min() if vmin is None else vmin
        high = array.max() if vmax is None else vmax
        scale = (high - low) or 1
        array = (numpy.clip((array - low) / scale, 0, 1) * 255).astype(numpy.uint8)
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="PNG")
    return buffer.getvalue()


def _size(name: str, value: Any) -> str:
    if value is None:
        return ""
    return f"{name}: {value}px; " if isinstance(value, (int, float)) else f"{name}: {value}; "


def _css(style: Mapping[str, Any] | None) -> str:
    return "".join(f"{k}: {v}; " for k, v in (style or {}).items())


def image(src: Any, alt: str | None = None, width: Any = None, height: Any = None,
          rounded: bool = False, style: Mapping[str, Any] | None = None,
          caption: str | None = None, vmin: Any = None, vmax: Any = None) -> Media:
    """An image from a URL, a file, bytes, a numpy array or a PIL image."""
    png = _png(src, vmin, vmax)
    url = _data_url(png, "image/png") if png is not None else source_url(src, "image/png")
    css = _size("width", width) + _size("height", height) + _css(style)
    if rounded:
        css += "border-radius: 4px; "
    tag = (f'<img src="{_escape(url)}" alt="{_escape(alt or "")}"'
           + (f' style="{_escape(css.strip())}"' if css else "") + ">")
    if caption:
        return Media(f"<figure>{tag}<figcaption>{_escape(caption)}</figcaption></figure>")
    return Media(tag)


def audio(src: Any, rate: int | None = None, normalize: bool = True) -> Media:
    """An audio player for a URL, a file, bytes, or a numpy array of samples (with `rate`)."""
    if hasattr(src, "__array__") and hasattr(src, "shape"):
        if rate is None:
            raise ValueError("audio() of an array of samples needs its rate (samples a second)")
        src = _wav(src, rate, normalize)
    url = source_url(src, "audio/wav")
    return Media(f'<audio src="{_escape(url)}" controls></audio>')


def _wav(samples: Any, rate: int, normalize: bool) -> bytes:
    import wave

    import numpy

    data = numpy.asarray(samples, dtype=float)
    channels = 1 if data.ndim == 1 else data.shape[0]
    if normalize and data.size and numpy.abs(data).max() > 0:
        data = data / numpy.abs(data).max()
    frames = (numpy.clip(data, -1, 1) * 32767).astype("<i2")
    if channels > 1:
        frames = frames.T
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(int(rate))
        out.writeframes(frames.tobytes())
    return buffer.getvalue()


def video(src: Any, controls: bool = True, muted: bool = False, autoplay: bool = False,
          loop: bool = False, width: Any = None, height: Any = None,
          rounded: bool = False) -> Media:
    """A video player for a URL, a file, bytes or a file object."""
    url = source_url(src, "video/mp4")
    flags = "".join(f" {name}" for name, on in (("controls", controls), ("muted", muted),
                                                ("autoplay", autoplay), ("loop", loop)) if on)
    css = _size("width", width) + _size("height", height) + (
        "border-radius: 4px; " if rounded else "")
    style = f' style="{_escape(css.strip())}"' if css else ""
    return Media(f'<video src="{_escape(url)}"{flags}{style}></video>')


def pdf(src: Any, initial_page: int | None = None, width: Any = "100%", height: Any = "70vh",
        style: Mapping[str, Any] | None = None) -> Media:
    """A PDF document shown in an embedded viewer."""
    url = source_url(src, "application/pdf")
    if initial_page is not None:
        url += f"#page={int(initial_page)}"
    css = _size("width", width) + _size("height", height) + _css(style)
    return Media(f'<embed src="{_escape(url)}" type="application/pdf" '
                f'style="{_escape(css.strip())}">')


def download(data: Any, filename: str | None = None, mimetype: str | None = None,
             disabled: bool = False, label: str = "Download") -> Media:
    """A button that saves `data` (bytes, text, a file object, or a function returning them)
    as a file."""
    if callable(data) and not hasattr(data, "read"):
        data = data()
    if isinstance(data, str) and not _looks_like_url(data):
        data = data.encode()
    kind = mimetype or (mimetypes.guess_type(filename)[0] if filename else None) or \
        "application/octet-stream"
    url = source_url(data, kind)
    name = filename or getattr(data, "name", None) or "download"
    if disabled:
        return Media(f'<button class="lichen-download" disabled>{_escape(label)}</button>')
    return Media(f'<a class="lichen-download" href="{_escape(url)}" '
                f'download="{_escape(os.path.basename(str(name)))}">{_escape(label)}</a>')


def mermaid(diagram: str, theme: str | None = None,
            theme_variables: Mapping[str, Any] | None = None) -> Media:
    """A mermaid diagram (https://mermaid.js.org), given as its text."""
    if not isinstance(diagram, str):
        raise TypeError(f"mermaid takes the diagram's text, not {type(diagram).__name__}")
    import textwrap

    return Media(f'<pre class="mermaid">{_escape(textwrap.dedent(diagram).strip())}</pre>')
