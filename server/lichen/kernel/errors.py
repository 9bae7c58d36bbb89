"""Errors of the kernel layer. Each message says what failed and what to do next."""

from __future__ import annotations

# What the kernel (and its controller) need installed beyond Lichen: (import name, pip name).
KERNEL_PACKAGES = (("zmq", "pyzmq"), ("msgspec", "msgspec"))


class KernelError(RuntimeError):
    """The kernel could not do what was asked."""


class KernelStartError(KernelError):
    """The kernel process did not start (interpreter missing, lichen not importable, too slow)."""


class KernelPackagesMissing(KernelStartError):
    """The interpreter lacks packages the kernel needs (pyzmq, msgspec); the message names the
    interpreter and the command that installs them."""

    def __init__(self, python: str) -> None:
        self.python = python
        self.packages = tuple(name for _, name in KERNEL_PACKAGES)
        self.install = (python, "-m", "pip", "install", *self.packages)
        super().__init__(
            f"The Python interpreter {python} does not have what Lichen's kernel needs "
            f"({' and '.join(self.packages)}). Install them with `{' '.join(self.install)}`, "
            "or choose another interpreter.")


class KernelDied(KernelError):
    """The kernel process is gone: it crashed, was killed, or exited."""


class KernelTimeout(KernelError, TimeoutError):
    """The kernel did not answer before the deadline; it may still be busy."""


class UiValueRefused(KernelError):
    """The kernel did not take a UI value: the element is gone, or the value is not one it takes.
    Raised in the kernel (the reply says `wire.REFUSED`) and by the client that reads the reply;
    the message is the runtime's, for people."""


class TableQueryFailed(KernelError):
    """A table query the kernel did not answer: `gone` when the table is no longer there (its
    cell ran again, or the kernel restarted), else the query was not one it answers."""

    def __init__(self, message: str, gone: bool):
        super().__init__(message)
        self.gone = gone


class DebugUnavailable(KernelError):
    """The kernel cannot be debugged (debugpy is missing there, say); the message says why."""
