"""Errors of the kernel layer. Each message says what failed and what to do next."""

from __future__ import annotations


class KernelError(RuntimeError):
    """The kernel could not do what was asked."""


class KernelStartError(KernelError):
    """The kernel process did not start (interpreter missing, lichen not importable, too slow)."""


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
