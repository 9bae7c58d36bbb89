# /// script
# dependencies = []
# [tool.lichen]
# launcher = "slurm"
# [tool.lichen.slurm]
# partition = "debug"
# time = "30"
# ///
"""A notebook whose kernel runs in a Slurm job: its header asks for it (see [tool.lichen]).

Open it on a cluster's login node (VS Code over Remote-SSH) and run it: the job waits for its
allocation, then the status bar shows the node and the time left. Run as a plain script
(`python slurm.py`), it runs here, in this process.
"""

import lichen

app = lichen.App()


@app.cell
def _():
    import os
    import socket

    job = os.environ.get("SLURM_JOB_ID", "none (not in a Slurm job)")
    print("job", job, "on", socket.gethostname())
    return


if __name__ == "__main__":
    app.run()
