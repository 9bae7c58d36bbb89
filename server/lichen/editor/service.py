"""The editor service's state and what its handlers share: the open notebooks (their sync, their
graphs, the diagnostics published on their cells and the linter adding to them), their kernels,
the settings.

One `Editor` per host (`lichen.editor.host`); the handlers that use it are in
`lichen.editor.handlers`.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING, Any, Awaitable, Callable, Iterable, TypeVar

from lichen import protocol as P
from lichen.editor import cell_diagnostics as D
from lichen.editor.documents import NotebookDoc
from lichen.editor.errors import EditorError
from lichen.editor.host import ERROR, WARNING, Host
from lichen.editor.kernel_link import KernelLink
from lichen.editor.lint import Linter
from lichen.editor.settings import KernelOptions, read_settings
from lichen.editor.sync import Notebooks

if TYPE_CHECKING:
    from lichen.language.engine import LanguageEngine

log = logging.getLogger("lichen.editor")
T = TypeVar("T")


class Editor:
    def __init__(self, host: Host) -> None:
        self.host = host
        self.settings = P.Settings()
        self.kernel_options: KernelOptions = host.kernel_options(self.settings, self._settings_problem)
        self.synced = Notebooks()
        self.notebooks: dict[str, NotebookDoc] = {}
        self.kernels: dict[str, KernelLink] = {}
        self.kernel_pythons: dict[str, str] = {}  # notebook URI -> interpreter chosen for it
        self.published: dict[str, D.Published] = {}
        self.linter = Linter(self)
        self.language: LanguageEngine | None = None  # made on the first language request
        self.shut_down = False  # `shutdown` came: exit is orderly
        self.exiting = False  # `exit` came

    # --- settings --------------------------------------------------------------------------

    def apply_settings(self, value: Any) -> None:
        """Take new settings: running kernels switch mode at once; a new interpreter or
        environment applies from the next kernel restart (or new kernel)."""
        settings, problem = read_settings(value)
        if problem:
            self._settings_problem(problem)
        options = self.host.kernel_options(settings, self._settings_problem)
        self.settings, self.kernel_options = settings, options
        for uri, link in self.kernels.items():
            if link.options.mode != options.mode:
                link.set_mode(options.mode)
            link.options = self.options_for(uri)

    def _settings_problem(self, message: str) -> None:
        self.show(message, WARNING)

    def require_trust(self) -> None:
        if not self.settings.trusted:
            raise EditorError("untrusted", "This workspace is not trusted, so Lichen runs no code "
                              "in it: trust the workspace to run cells.")

    # --- notebooks -------------------------------------------------------------------------

    def notebook(self, uri: str) -> NotebookDoc:
        doc = self.notebooks.get(uri)
        if doc is None:
            raise EditorError("unknownNotebook", f"The notebook {uri} is not open in the daemon "
                              "(no notebookDocument/didOpen for it): reopen the notebook.")
        return doc

    def publish(self, doc: NotebookDoc, removed: tuple[str, ...] = (), lint: bool = True
                ) -> None:
        """Send the diagnostics of the cells whose diagnostics changed (and, with `lint`, have
        the linter look at the notebook again: it publishes what it finds later)."""
        found, to_send = D.changed_diagnostics(doc, self.published.get(doc.uri, {}), removed,
                                               self.linter.diagnostics(doc))
        for cell, diagnostics in to_send.items():
            self.send_diagnostics(cell, diagnostics)
        self.published[doc.uri] = found
        if lint:
            self.linter.changed(doc)

    def send_diagnostics(self, cell: str, diagnostics: Iterable[D.CellDiagnostic] = ()) -> None:
        self.host.notify("textDocument/publishDiagnostics",
                         {"uri": cell, "diagnostics": [D.lsp_json(d) for d in diagnostics]})

    # --- kernels ---------------------------------------------------------------------------

    def kernel(self, uri: str) -> KernelLink:
        """The notebook's kernel link (its session starts on the first run)."""
        link = self.kernels.get(uri)
        if link is None:
            link = self.kernels[uri] = self.host.new_link(uri, self.options_for(uri, report=True))
        return link

    def options_for(self, uri: str, report: bool = False) -> KernelOptions:
        """How the notebook's kernel starts: the settings', unless the notebook's own header
        chooses its launcher (`report`: say what is wrong with that header)."""
        synced = self.synced.notebooks.get(uri)
        header = synced.metadata.get("header") if synced is not None else None
        if not isinstance(header, str):
            return self._chosen(uri, self.kernel_options)
        options, problem = self.kernel_options.for_notebook(header)
        if problem and report:
            self.show(problem, WARNING, popup=True)
        return self._chosen(uri, options)

    def _chosen(self, uri: str, options: KernelOptions) -> KernelOptions:
        """`options` in the interpreter chosen for the notebook (the kernel picker), if any."""
        python = self.kernel_pythons.get(uri)
        return options if python is None else dataclasses.replace(options, python=python)

    def choose_python(self, uri: str, python: str | None) -> KernelLink | None:
        """Take `python` (None: the default) for the notebook's kernels; the notebook's link
        when its options changed (its kernel, if one runs, is in another interpreter)."""
        if python is None:
            self.kernel_pythons.pop(uri, None)
        else:
            self.kernel_pythons[uri] = python
        link = self.kernels.get(uri)
        if link is None or link.options == self.options_for(uri):
            return None
        link.options = self.options_for(uri)
        return link

    def kernel_call(self, doc: NotebookDoc, call: Callable[[KernelLink, NotebookDoc], Awaitable[T]],
                    cells: Iterable[str] = ()) -> Awaitable[T]:
        """`call(link, doc)` on the notebook's kernel in the host's turn (`cells`: those it may
        run). Checks trust now, as the request arrives."""
        self.require_trust()
        return self.host.kernel_turn(doc, tuple(cells), lambda: call(self.kernel(doc.uri), doc))

    def close_kernels(self) -> None:
        links, self.kernels = list(self.kernels.values()), {}
        for link in links:
            try:
                link.close()
            except Exception:  # one kernel failing to stop must not keep the others alive
                log.exception("closing a kernel failed")

    # --- messages out ----------------------------------------------------------------------

    def show(self, message: str, kind: int = ERROR, popup: bool = False) -> None:
        """In the editor's log (and as a notification with `popup`)."""
        self.host.notify("window/logMessage", {"type": kind, "message": message})
        if popup:
            self.host.notify("window/showMessage", {"type": kind, "message": message})

