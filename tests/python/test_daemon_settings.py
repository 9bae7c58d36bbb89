"""Settings from the editor: the kernel's interpreter and environment, and their failures."""

import sys

import pytest

from daemon_client import DaemonClient
from lichen.daemon.settings import kernel_options, parse_env_file, read_settings
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
    options, problem = kernel_options(Settings(envFile=str(tmp_path / "missing.env")), {"K": "v"})
    assert options.python == sys.executable
    assert options.env == {"K": "v"} and problem is None


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
