"""Names of marimo's API that only marimo's web server can serve: `create_asgi_app`, islands.

They resolve, so a notebook or library that imports them loads; calling one raises
`NotAvailableInLichen` saying why: Lichen runs notebooks in an editor and serves no web pages.
"""

from __future__ import annotations

from typing import Any, NoReturn

__all__ = ["MarimoIslandGenerator", "MarimoIslandStub", "create_asgi_app"]


def _refuse(what: str) -> NoReturn:
    from lichen.runtime.marimo_compat import NotAvailableInLichen

    raise NotAvailableInLichen(
        f"marimo.{what} is not available in Lichen: it needs marimo's web server, and Lichen "
        "runs notebooks in VS Code. Run this part with marimo itself.")


def create_asgi_app(*, quiet: bool = False, include_code: bool = False, token: Any = None,
                    skew_protection: bool = False, session_ttl: int = 120, asset_url: Any = None,
                    redirect_console_to_browser: bool = False, show_tracebacks: bool = False,
                    html_head: Any = None, execute_opengraph_generators: bool = False) -> NoReturn:
    """Serve notebooks as a web app (marimo's server only)."""
    _refuse("create_asgi_app")


class MarimoIslandGenerator:
    """Notebook cells as HTML islands of a web page (marimo's server only)."""

    def __init__(self, app_id: str = "main") -> None:
        _refuse("MarimoIslandGenerator")


class MarimoIslandStub:
    """One island of `MarimoIslandGenerator` (marimo's server only)."""

    def __init__(self, display_code: bool = False, display_output: bool = True,
                 is_reactive: bool = True, *, cell_id: str, app_id: str, code: str) -> None:
        _refuse("MarimoIslandStub")
