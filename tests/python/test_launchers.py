"""Choosing where a kernel runs: settings, a notebook's `[tool.lichen]`, the srun arguments."""

import pytest

from lichen.editor.settings import KernelOptions, launcher_for, read_settings
from lichen.kernel.launchers import LOCAL, SlurmLauncher, from_notebook, slurm_arguments
from lichen.kernel.slurm import placement, seconds, srun_command
from lichen.notebook.script_block import script_metadata


def test_named_resources_become_srun_options_and_extra_args_come_last():
    assert slurm_arguments({"partition": "gpu", "time": "1:00:00", "cpus": 4, "memory": "8G",
                            "gpus": "a100:2", "account": "proj", "constraint": "",
                            "args": ["--qos=short"]}) == (
        "--partition=gpu", "--time=1:00:00", "--cpus-per-task=4", "--mem=8G",
        "--gpus=a100:2", "--account=proj", "--qos=short")


@pytest.mark.parametrize("options, words", [
    ({"partitoin": "gpu"}, "unknown Slurm option 'partitoin'"),
    ({"cpus": True}, "'cpus' must be a string or a number"),
    ({"args": "--qos=x"}, "'args' must be a list of strings"),
])
def test_wrong_slurm_options_say_what_is_wrong(options, words):
    with pytest.raises(ValueError, match=words):
        slurm_arguments(options)


def test_the_launcher_describes_itself_as_the_picker_shows_it():
    launcher = SlurmLauncher(("--partition=debug", "--time=1:00:00", "--cpus-per-task=4",
                              "--exclusive"))
    assert launcher.describe() == "Slurm (debug, 1:00:00, 4 CPUs, --exclusive)"
    assert SlurmLauncher().describe() == "Slurm" and LOCAL.describe() == "local"


HEADER = """\
# /// script
# dependencies = ["numpy"]
# [tool.lichen]
# launcher = "slurm"
# [tool.lichen.slurm]
# partition = "debug"
# gpus = 1
# ///
"""


def test_a_notebook_header_names_its_launcher():
    script, problem = script_metadata(HEADER)
    assert problem is None and script["dependencies"] == ["numpy"]
    assert from_notebook(script) == SlurmLauncher(("--partition=debug", "--gpus=1"))
    assert from_notebook(script_metadata("# /// script\n# dependencies = []\n# ///\n")[0]) is None


def test_the_header_wins_over_the_settings_and_its_mistakes_are_reported():
    options = KernelOptions("python", "autorun", {})
    chosen, problem = options.for_notebook(HEADER)
    assert chosen.launcher.srun_args == ("--partition=debug", "--gpus=1") and problem is None
    kept, problem = options.for_notebook(HEADER.replace('"slurm"\n', '"cloud"\n', 1))
    assert kept.launcher is LOCAL and "unknown kernel launcher 'cloud'" in problem
    kept, problem = options.for_notebook("# /// script\n# x = [\n# ///\n")
    assert kept is options and "not valid TOML" in problem


def test_settings_choose_slurm_with_their_resources():
    settings, problem = read_settings({"kernelLauncher": "slurm",
                                       "slurm": {"partition": "debug", "cpus": 2}})
    assert problem is None
    assert launcher_for(settings) == (SlurmLauncher(("--partition=debug", "--cpus-per-task=2")),
                                      None)
    assert launcher_for(read_settings({})[0]) == (LOCAL, None)


def test_srun_runs_the_relay_unbuffered_with_the_users_arguments_last():
    command = srun_command(["--partition=debug"], "lichen-abc", "/env/python", "BOOT", "7")
    assert command[0] == "srun" and "--unbuffered" in command
    assert command.index("--partition=debug") > command.index("--job-name=lichen-abc")
    assert command[-4:] == ["/env/python", "-c", "BOOT", "7"]


def test_squeue_lines_become_placements():
    running = placement("123|RUNNING|None|c12|47:10\n")
    assert (running.job_id, running.state, running.reason, running.node,
            running.seconds_left) == ("123", "RUNNING", "", "c12", 47 * 60 + 10)
    waiting = placement("124|PENDING|Resources|(null)|UNLIMITED")
    assert waiting.node == "" and waiting.reason == "Resources" and waiting.seconds_left is None
    assert placement("garbage") is None
    assert seconds("1-02:03:04") == ((24 + 2) * 60 + 3) * 60 + 4
