"""Helpers shared by the tests that drive real kernel processes."""

from __future__ import annotations

import textwrap

from lichen import Session

WAIT = 30.0  # deadline of any single wait in these tests; a passing test waits far less


def session_for(text: str, **options) -> Session:
    """A session whose runs cannot hang the test suite."""
    return Session.from_text(text, **{"run_timeout": WAIT, **options})


def notebook(*cells: str, module: str = "lichen") -> str:
    """A notebook file whose cells hold `cells` (dedented), importing its App from `module`."""
    parts = [f"import {module}\n\napp = {module}.App()\n"]
    for code in cells:
        body = textwrap.indent(textwrap.dedent(code).strip() + "\n", "    ")
        parts.append(f"\n@app.cell\ndef _():\n{body}    return\n")
    parts.append('\n\nif __name__ == "__main__":\n    app.run()\n')
    return "".join(parts)
