"""Settings from the editor: the kernel's interpreter and environment, and their failures."""

import os
import sys
import threading
import time

import pytest

from daemon_client import DaemonClient
from lichen.daemon.envfile import SIZE_CAP, KernelEnv, kernel_options, parse_env_file
from lichen.editor.settings import read_settings
from lichen.protocol import Settings

pytestmark = pytest.mark.timeout(60)


@pytest.mark.parametrize("text, expected", [
    ("A=1\nB = two\n", {"A": "1", "B": "two"}),
    ("export PATHX=/opt/bin\n# a comment\n\n", {"PATHX": "/opt/bin"}),
    ("Q='single $HOME ${X}'\n", {"Q": "single $HOME ${X}"}),
    ('D="line\\nbreak"\n', {"D": "line\nbreak"}),
    ("X=1\nY=${X}/sub\nZ=${UNSET}z\n", {"X": "1", "Y": "1/sub", "Z": "z"}),
    ("V=value # trailing comment\n", {"V": "value"}),
    ("not a line\n=nothing\n", {}),
])
def test_env_files_read_like_vscode_python(text, expected):
    assert parse_env_file(text, {}) == expected


def test_env_file_variables_can_use_the_inherited_environment():
    assert parse_env_file("P=${BASE}/lib\n", {"BASE": "/usr"}) == {"P": "/usr/lib"}


def test_settings_nested_under_lichen_are_read():
    settings, problem = read_settings({"lichen": {"onCellChange": "lazy"}})
    assert settings.onCellChange == "lazy" and problem is None


def test_invalid_settings_give_defaults_and_say_why():
    settings, problem = read_settings({"trusted": "yes"})
    assert settings == Settings()
    assert "trusted" in problem


def test_kernels_use_the_daemons_interpreter_by_default(tmp_path):
    problems = []
    options = kernel_options(Settings(envFile=str(tmp_path / "missing.env")), {"K": "v"},
                             problems.append)
    assert options.python == sys.executable
    assert dict(options.env) == {"K": "v"} and problems == []


def test_the_kernel_sees_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("LICHEN_TEST_VALUE=from-the-env-file\n")
    with DaemonClient() as daemon:
        daemon.initialize({"envFile": str(env_file), "pythonPath": sys.executable})
        nb = (tmp_path / "env.py").as_uri()
        (cell,) = daemon.open_notebook(nb, ["import os\n(os.environ['LICHEN_TEST_VALUE'], os.getcwd())"])
        assert daemon.request("lichen/runAll", {"notebookUri": nb})["ok"] is True
        (done,) = [e["event"] for e in daemon.cell_events(nb) if e["event"]["kind"] == "done"]
        assert done["output"]["text/plain"] == repr(("from-the-env-file", str(tmp_path)))


def _env_run(daemon, tmp_path, settings):
    """initialize with `settings`, then the kernel's value of LICHEN_TEST_VALUE (None if unset)."""
    daemon.initialize({"pythonPath": sys.executable, **settings})
    nb = (tmp_path / "env.py").as_uri()
    daemon.open_notebook(nb, ["import os\nstr(os.environ.get('LICHEN_TEST_VALUE'))"])
    assert daemon.request("lichen/runAll", {"notebookUri": nb})["ok"] is True
    (done,) = [e["event"] for e in daemon.cell_events(nb) if e["event"]["kind"] == "done"]
    return done["output"]["text/plain"]


def _warning(daemon, words):
    return daemon.wait_for(lambda m: m["method"] == "window/logMessage"
                           and words in m["params"]["message"])["params"]["message"]


def test_an_untrusted_workspace_never_reads_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.mkdir()  # read, it would be refused with a warning
    with DaemonClient() as daemon:
        daemon.initialize({"envFile": str(env_file), "trusted": False})
        daemon.barrier()
        time.sleep(0.5)  # a background read, had one started, has long finished
        daemon.barrier()
        assert not [m for m in daemon.notifications if str(env_file) in str(m)]
        daemon.notify("workspace/didChangeConfiguration",
                      {"settings": {"envFile": str(env_file), "trusted": True}})
        assert "not a regular file" in _warning(daemon, str(env_file))


@pytest.mark.parametrize("make", [
    lambda path: os.symlink("/dev/zero", path),
    lambda path: os.mkfifo(path),
    lambda path: os.mkdir(path),
], ids=["symlink-to-dev-zero", "fifo", "directory"])
def test_an_env_file_that_is_not_a_regular_file_is_refused_without_hanging(tmp_path, make):
    env_file = tmp_path / ".env"
    make(env_file)
    with DaemonClient() as daemon:
        assert _env_run(daemon, tmp_path, {"envFile": str(env_file)}) == "'None'"
        assert "not a regular file" in _warning(daemon, str(env_file))


def test_a_huge_env_file_is_refused(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("LICHEN_TEST_VALUE=x\n" + "#" * (SIZE_CAP + 1))
    with DaemonClient() as daemon:
        assert _env_run(daemon, tmp_path, {"envFile": str(env_file)}) == "'None'"
        assert "larger than" in _warning(daemon, str(env_file))


def test_a_stalled_env_file_read_gives_up_at_its_deadline(tmp_path):
    stalled = threading.Event()  # a read stuck on a dead network mount, until the test ends
    problems = []
    env = KernelEnv({"K": "v"}, str(tmp_path / ".env"), problems.append, deadline=0.2,
                    read=lambda path: stalled.wait() and None)
    try:
        assert dict(env) == {"K": "v"} and "within" in problems[0]
        assert dict(env) == {"K": "v"} and len(problems) == 1  # later kernels do not wait
    finally:
        stalled.set()
