"""The environment kernels start with: the daemon's own, plus the variables of `python.envFile`.

The env file is a path from the workspace's settings, so it is input like any other: it may be
a symlink to `/dev/zero`, a FIFO nobody writes to, a huge file or a file on a stalled network
mount. It is therefore read on a thread of its own, never on the daemon's loop; only a regular
file is read, at most `SIZE_CAP` bytes of it; and not at all in an untrusted workspace. A kernel
that starts waits for the read (`READ_DEADLINE` at most), so it sees the variables as soon as
they can be had.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import threading
from collections.abc import Callable, Iterator, Mapping

from lichen.editor.settings import KernelOptions, keep_running, launcher_for
from lichen.protocol import Settings

SIZE_CAP = 1024 * 1024  # a dotenv file is a few lines; more is not one
READ_DEADLINE = 10.0  # seconds a starting kernel waits for the env file


class EnvFileError(Exception):
    """The env file exists but cannot be used; the message says why."""


def read_env_file(path: str) -> str | None:
    """The text of the env file at `path`; None when there is none (no error, as in VS Code's
    Python extension). Raises EnvFileError for anything but a readable regular file of text."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise EnvFileError(f"Could not read the env file {path}: {error.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise EnvFileError(f"The env file {path} is not a regular file; it was not read.")
        if info.st_size > SIZE_CAP:
            raise EnvFileError(f"The env file {path} is larger than {SIZE_CAP // 1024} KiB; "
                               "it was not read.")
        data = os.read(fd, SIZE_CAP + 1)
    except OSError as error:
        raise EnvFileError(f"Could not read the env file {path}: {error.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > SIZE_CAP:  # it grew after fstat
        raise EnvFileError(f"The env file {path} is larger than {SIZE_CAP // 1024} KiB; "
                           "it was not read.")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EnvFileError(f"Could not read the env file {path}: not UTF-8 ({error})") from None


class KernelEnv(Mapping[str, str]):
    """`base` plus the variables of the env file at `path`, read in the background.

    Reading the mapping waits for the file (at most `deadline` seconds). Two KernelEnvs are
    equal only when they are the same object: comparing must never wait, and a new one is made
    for each change of settings. `on_problem(message)` is called, from the reading thread, when
    the file cannot be used; the kernel then starts with `base` alone.
    """

    def __init__(self, base: Mapping[str, str], path: str | None,
                 on_problem: Callable[[str], None] = lambda message: None,
                 deadline: float = READ_DEADLINE,
                 read: Callable[[str], str | None] = read_env_file) -> None:
        self._env = dict(base)
        self._path = path
        self._deadline = deadline
        self._gave_up = False
        self._ready = threading.Event()
        self._on_problem = on_problem
        self._read_file = read
        if path is None:
            self._ready.set()
        else:
            threading.Thread(target=self._read, name="lichen-envfile", daemon=True).start()

    def _read(self) -> None:
        try:
            text = self._read_file(self._path)
            if text is not None:  # one assignment: a reader past the deadline sees one dict
                self._env = {**self._env, **parse_env_file(text, self._env)}
        except EnvFileError as error:
            self._on_problem(str(error))
        finally:
            self._ready.set()

    def _variables(self) -> dict[str, str]:
        if not self._gave_up and not self._ready.wait(self._deadline):
            self._gave_up = True  # one report; later kernels start at once, without the file
            self._on_problem(f"The env file {self._path} could not be read within "
                             f"{self._deadline:g} s; kernels start without it.")
        return self._env

    def __getitem__(self, key: str) -> str:
        return self._variables()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._variables())

    def __len__(self) -> int:
        return len(self._variables())

    def __eq__(self, other: object) -> bool:
        return self is other

    def __hash__(self) -> int:
        return id(self)


_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$")
_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def parse_env_file(text: str, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The variables of a dotenv file, as VS Code's Python extension reads them.

    `KEY=value` per line, optional `export`, `#` comments, single quotes taken literally, double
    quotes with `\\n` escapes, and `${NAME}` substituted from earlier lines or `env`.
    """
    known = dict(env or {})
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = _LINE.match(line)
        if match is None or line.lstrip().startswith("#"):
            continue
        name, raw = match.groups()
        value = _value(raw, known)
        found[name] = known[name] = value
    return found


def _value(raw: str, known: Mapping[str, str]) -> str:
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1]
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        raw = raw[1:-1].replace("\\n", "\n")
    else:
        raw = raw.split(" #", 1)[0].rstrip()
    return _VARIABLE.sub(lambda m: known.get(m.group(1), ""), raw)


def kernel_options(settings: Settings, base_env: Mapping[str, str],
                   on_problem: Callable[[str], None] = lambda message: None) -> KernelOptions:
    """The interpreter, mode and environment for kernels. The env file is read in the background
    (`KernelEnv`), and only in a trusted workspace; `on_problem` hears why it could not be used."""
    env_file = settings.envFile if settings.trusted and settings.envFile else None
    python = settings.pythonPath or sys.executable
    launcher, problem = launcher_for(settings)
    if problem:
        on_problem(problem)
    return KernelOptions(python, settings.onCellChange, KernelEnv(base_env, env_file, on_problem),
                         launcher, keep_running(settings))


def current_env() -> dict[str, str]:
    return dict(os.environ)
