"""Fixtures shared by the tests: a daemon (the real `lichen lsp` process), the worker's server in
process, and a notebook URI of each test's own."""

from __future__ import annotations

import pytest

from daemon_client import DaemonClient
from wasm_client import WasmClient


@pytest.fixture(scope="module")
def daemon():
    """One initialized daemon for the tests of a module; it must outlive them."""
    with DaemonClient() as client:
        client.initialize()
        yield client
        assert client.process.poll() is None, "the daemon died"


@pytest.fixture
def own_daemon():
    """An initialized daemon of the test's own, for tests that restart, kill or end it."""
    with DaemonClient() as client:
        client.initialize()
        yield client


@pytest.fixture
def wasm():
    """The worker's server, initialized, in this process."""
    with WasmClient() as client:
        client.initialize()
        yield client


@pytest.fixture(scope="module", params=["daemon", "worker"])
def host(request):
    """Each host in turn for a module's tests: the daemon, then the worker's server."""
    client = DaemonClient() if request.param == "daemon" else WasmClient()
    with client:
        client.initialize()
        yield client


@pytest.fixture
def nb(request) -> str:
    """A notebook URI of the test's own."""
    return f"file:///notebooks/{request.node.name}.py"
