"""A controller killed with SIGKILL leaves its kernel directory behind; the next controller to
start removes it, and leaves alone the directories of live controllers and what is not Lichen's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from kernel_helpers import WAIT

pytestmark = pytest.mark.timeout(120)

CONTROLLER = textwrap.dedent("""
    import sys, time
    from lichen import Session
    s = Session.from_text("import lichen\\napp = lichen.App()\\n@app.cell\\ndef _():\\n    x = 1\\n    return\\n")
    s.run_all()
    print(s._client.kernel.directory, flush=True)
    if sys.argv[1] == "stay":
        time.sleep(600)
    s.close()
""")


def controller(tmp_path, mode: str) -> tuple[subprocess.Popen, str]:
    """A process with a running kernel, its kernel directory under `tmp_path`."""
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    process = subprocess.Popen([sys.executable, "-c", CONTROLLER, mode], env=env,
                               stdout=subprocess.PIPE, text=True)
    directory = process.stdout.readline().strip()
    assert directory.startswith(str(tmp_path)), directory
    return process, directory


def test_the_next_controller_removes_the_directory_a_killed_one_left(tmp_path):
    foreign = tmp_path / "lichen-not-a-kernel"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    live, live_dir = controller(tmp_path, "stay")
    killed, killed_dir = controller(tmp_path, "stay")
    try:
        killed.send_signal(signal.SIGKILL)
        killed.wait(WAIT)
        assert os.path.isdir(killed_dir), "the killed controller's directory is left behind"
        finished, finished_dir = controller(tmp_path, "end")
        finished.wait(WAIT)
        assert not os.path.exists(killed_dir)
        assert os.path.isdir(live_dir), "a live controller's directory is kept"
        assert (foreign / "notes.txt").read_text() == "keep me"
        assert not os.path.exists(finished_dir), "a controller that ends removes its own"
    finally:
        live.kill()
        live.wait(WAIT)
