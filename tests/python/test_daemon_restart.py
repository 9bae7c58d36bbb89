"""A kernel that dies is reported; `lichen/restart` gives a fresh one with the same cells."""

import pytest

from daemon_client import DaemonClient, RpcError, dones
from lichen.protocol import ERROR_CODES

pytestmark = pytest.mark.timeout(90)


@pytest.fixture
def daemon(own_daemon):
    return own_daemon  # each test restarts or kills its kernel


def output(daemon, nb, cell):
    return dones(daemon.cell_events(nb), cell)[-1]["output"]


def test_restart_empties_the_namespace_and_keeps_the_cells(daemon):
    nb = "file:///notebooks/restart.py"
    a, b = daemon.open_notebook(nb, ["import os\nx = 1", "os.getpid()"])
    daemon.request("lichen/runAll", {"notebookUri": nb})
    first_pid = output(daemon, nb, b)["text/plain"]
    assert daemon.request("lichen/restart", {"notebookUri": nb}) is None
    daemon.kernel_status(nb, "restarting")
    daemon.kernel_status(nb, "idle")
    probe = f"{nb}#probe"
    daemon.insert_cells(nb, 2, {probe: "'x' in globals()"})
    daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [probe]})
    assert output(daemon, nb, probe) == {"text/plain": "False"}
    daemon.request("lichen/runAll", {"notebookUri": nb})
    assert output(daemon, nb, b)["text/plain"] != first_pid


def test_a_kernel_death_is_reported_and_restart_recovers(daemon):
    nb = "file:///notebooks/death.py"
    a, b, c = daemon.open_notebook(nb, ["x = 1", "import os\nos._exit(3)", "x + 1"])
    result = daemon.request("lichen/runAll", {"notebookUri": nb})
    statuses = [(o["cellUri"], o["status"]) for o in result["cells"]]
    assert statuses == [(a, "success"), (b, "error"), (c, "cancelled")]  # each cell once
    assert result["ok"] is False
    events = daemon.cell_events(nb)
    (died,) = [e["event"] for e in events if e["cellUri"] == b and e["event"]["kind"] == "done"]
    assert died["error"]["ename"] == "KernelDied"
    status = daemon.kernel_status(nb, "dead")
    assert "restart" in status["message"]

    with pytest.raises(RpcError) as error:
        daemon.request("lichen/runAll", {"notebookUri": nb})
    assert error.value.code == ERROR_CODES["kernelDead"] and "restart" in error.value.message

    daemon.request("lichen/restart", {"notebookUri": nb})
    daemon.set_text(nb, b, "y = 2")
    result = daemon.request("lichen/runAll", {"notebookUri": nb})
    assert result["ok"] is True


def test_restart_ends_a_run_in_progress(daemon):
    nb = "file:///notebooks/restart-busy.py"
    (a,) = daemon.open_notebook(nb, ["import time\nwhile True:\n    time.sleep(0.01)"])
    run = daemon.request_async("lichen/runAll", {"notebookUri": nb})
    daemon.wait_for(lambda m: m["method"] == "lichen/cellEvents" and any(
        e["event"]["kind"] == "running" for e in m["params"]["events"]), what="running")
    daemon.request("lichen/restart", {"notebookUri": nb})
    result = daemon.response(run)
    assert result["ok"] is False
    assert not [m for m in daemon.notifications if m["method"] == "lichen/kernelStatus"
                and m["params"]["state"] == "dead"]


def test_a_missing_interpreter_is_reported_with_what_to_do():
    with DaemonClient() as daemon:
        daemon.initialize({"pythonPath": "/nonexistent/python3"})
        nb = "file:///notebooks/nopython.py"
        daemon.open_notebook(nb, ["x = 1"])
        with pytest.raises(RpcError) as error:
            daemon.request("lichen/runAll", {"notebookUri": nb})
        assert error.value.code == ERROR_CODES["kernelStartFailed"]
        assert "/nonexistent/python3" in error.value.message
        assert "/nonexistent/python3" in daemon.kernel_status(nb, "dead")["message"]


def test_a_new_interpreter_setting_applies_at_the_next_restart(tmp_path):
    env_file = tmp_path / ".env"
    with DaemonClient() as daemon:
        daemon.initialize()
        nb = "file:///notebooks/new-env.py"
        (a,) = daemon.open_notebook(nb, ["import os\nos.environ.get('LICHEN_MARK', 'unset')"])
        daemon.request("lichen/runAll", {"notebookUri": nb})
        assert output(daemon, nb, a) == {"text/plain": "'unset'"}
        env_file.write_text("LICHEN_MARK=new\n")
        daemon.notify("workspace/didChangeConfiguration", {"settings": {"envFile": str(env_file)}})
        daemon.request("lichen/runAll", {"notebookUri": nb})
        assert output(daemon, nb, a) == {"text/plain": "'unset'"}  # the running kernel keeps its own
        daemon.request("lichen/restart", {"notebookUri": nb})
        daemon.request("lichen/runAll", {"notebookUri": nb})
        assert output(daemon, nb, a) == {"text/plain": "'new'"}


def test_a_cell_fixed_after_a_syntax_error_still_runs_after_a_restart(daemon):
    nb = "file:///notebooks/fixed.py"
    a, b = daemon.open_notebook(nb, ["y = (", "y + 1"])
    assert daemon.request("lichen/runAll", {"notebookUri": nb})["ok"] is False
    daemon.set_text(nb, a, "y = 1")
    assert daemon.request("lichen/run", {"notebookUri": nb, "cellUris": [a]})["ok"] is True
    daemon.request("lichen/restart", {"notebookUri": nb})
    result = daemon.request("lichen/runAll", {"notebookUri": nb})
    assert result["ok"] is True, result
    assert output(daemon, nb, b) == {"text/plain": "2"}


def test_a_cell_read_as_unparsable_and_fixed_before_the_kernel_starts_runs(daemon):
    text = ('import marimo\napp = marimo.App()\n\n'
            'app._unparsable_cell(\n    r"""\n    y = (\n    """,\n    name="_"\n)\n')
    data = daemon.request("lichen/parse", {"text": text})
    (cell,) = data["cells"]
    assert cell["metadata"]["kind"] == "unparsable"
    nb = "file:///notebooks/read_unparsable.py"
    (a,) = daemon.open_notebook(nb, ["y = 1\ny"], metadata=[cell["metadata"]])
    result = daemon.request("lichen/runAll", {"notebookUri": nb})
    assert result["ok"] is True, result
    assert output(daemon, nb, a) == {"text/plain": "1"}
