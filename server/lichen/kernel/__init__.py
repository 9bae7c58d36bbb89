"""The kernel process around the runtime, and the controller's side of it (not in Pyodide).

Kernel side (`python -m lichen.kernel`): `server` runs a Runtime in the main thread and answers
commands; `outbox` batches its events; `beacon` records run progress in shared memory;
`fdstreams` shows descriptor-level output in the running cell; `commands` maps commands to
Runtime calls; `debug` starts debugpy when a debugger is asked for (no port: `debug_relay` carries
its DAP messages over the kernel's `debug` endpoint), and maps cells for it;
`lifeline` forks the watcher that ends the kernel's process group when the controller is gone;
`interrupts` tells the kernel which commands an interrupt stops.

Controller side: `launch` starts the process (private IPC directory, lifeline, log), `client`
sends commands and streams events back with deadlines and death detection, `debug_channel` is
the controller's end of the debugger's messages, `tracker` writes the
report of a run the kernel could not finish. `wire` frames both directions; `errors` holds the
exceptions. `lichen.Session` is the public face of all this.

This package imports nothing on import: the kernel's start-up time is part of its job.
"""
