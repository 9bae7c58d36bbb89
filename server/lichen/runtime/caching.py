"""`cache`, `lru_cache`, `persistent_cache`: results kept by what produced them.

    @mo.cache                        # a function: by its arguments and what it reads
    def load(path): ...

    with mo.persistent_cache("fit"):   # a block of a cell: its results, by its code and inputs
        model = train(data)

A result is keyed on the code (the function's or the block's source), the arguments, and the
*content* of the globals the code reads (a list changed in place, an edited dataframe give new
keys; so does an edited function it calls, by its code). Modules count by name and version (by
name only with `pin_modules=True`). Values that cannot be fingerprinted by content
(open files, sockets) count by identity.

- `cache`: in memory, unbounded; `lru_cache(maxsize=128)`: in memory, the least recently used
  dropped past `maxsize`.
- `persistent_cache`: on disk, as pickles, in `__lichen__/cache/<name>/` in the notebook's
  directory (the working directory for a notebook without a file; `save_path` to choose), so a
  restarted kernel finds the results again. Never in the home directory. A changed code gives a
  new key, so stale results are never read. Each entry is written to a temporary file and renamed
  into place, so concurrent runs never read half a file.

As a block (`with`), a hit skips the block and restores the names it binds; the block must be at
a cell's top level. Async functions are cached by their awaited result; `async with` works too.
Decorated functions have `cache_info()` (hits, misses, maxsize, currsize) and `cache_clear()`.
"""

from __future__ import annotations

import ast
import collections
import functools
import hashlib
import linecache
import os
import pickle
import sys
import tempfile
import textwrap
import threading
import types
from pathlib import Path
from typing import Any, Callable

__all__ = ["cache", "lru_cache", "persistent_cache"]

CacheInfo = collections.namedtuple("CacheInfo", "hits misses maxsize currsize")
_MISSING = object()


# -- fingerprints -------------------------------------------------------------------------------


def fingerprint(value: Any, pin_modules: bool = False, _seen: set[int] | None = None) -> bytes:
    """Bytes that change when `value`'s content changes."""
    seen = _seen if _seen is not None else set()
    h = hashlib.sha256()
    _feed(h, value, pin_modules, seen)
    return h.digest()


def _feed(h: Any, value: Any, pin: bool, seen: set[int]) -> None:
    kind = type(value)
    h.update(f"{kind.__module__}.{kind.__qualname__}:".encode())
    if value is None or kind in (bool, int, float, complex, str, bytes):
        h.update(repr(value).encode())
        return
    if id(value) in seen:  # a cycle
        h.update(b"<cycle>")
        return
    seen.add(id(value))
    if kind in (list, tuple, set, frozenset):
        items = sorted(value, key=repr) if kind in (set, frozenset) else value
        for item in items:
            _feed(h, item, pin, seen)
    elif kind is dict:
        for key, item in value.items():
            _feed(h, key, pin, seen)
            _feed(h, item, pin, seen)
    elif isinstance(value, types.ModuleType):
        h.update(value.__name__.encode())
        if not pin:
            h.update(str(getattr(value, "__version__", "")).encode())
    elif isinstance(value, (types.FunctionType, types.MethodType)):
        _feed_function(h, value, pin, seen)
    elif isinstance(value, type):
        h.update(f"{value.__module__}.{value.__qualname__}".encode())
        try:
            import inspect

            h.update(inspect.getsource(value).encode())
        except (OSError, TypeError):
            pass
    elif hasattr(value, "_lichen_node_") and hasattr(value, "value"):  # a UI element
        _feed(h, value.value, pin, seen)
    elif hasattr(value, "__array__") and hasattr(value, "tobytes"):  # numpy arrays
        h.update(str(getattr(value, "shape", "")).encode() + str(value.dtype).encode())
        h.update(value.tobytes())
    elif hasattr(value, "to_arrow") and hasattr(value, "hash_rows"):  # polars
        h.update(value.hash_rows().to_numpy().tobytes() + repr(value.schema).encode())
    elif hasattr(value, "columns") and hasattr(value, "iloc"):  # pandas
        import pandas

        h.update(pandas.util.hash_pandas_object(value, index=True).values.tobytes())
        h.update(repr(list(value.columns)).encode())
    else:
        try:
            h.update(pickle.dumps(value, protocol=4))
        except Exception:
            h.update(f"id:{id(value)}".encode())


def _feed_function(h: Any, fn: Any, pin: bool, seen: set[int]) -> None:
    fn = getattr(fn, "__func__", fn)
    code = fn.__code__
    h.update(_code_bytes(code))
    for default in fn.__defaults__ or ():
        _feed(h, default, pin, seen)
    for cell in fn.__closure__ or ():
        try:
            _feed(h, cell.cell_contents, pin, seen)
        except ValueError:  # an empty cell
            pass
    for name, value in sorted(_globals_read(fn).items()):
        h.update(name.encode())
        _feed(h, value, pin, seen)


def _code_bytes(code: types.CodeType) -> bytes:
    parts = [code.co_code, repr(code.co_names).encode(), repr(code.co_varnames).encode()]
    for const in code.co_consts:
        parts.append(_code_bytes(const) if isinstance(const, types.CodeType)
                     else repr(const).encode())
    return b"\0".join(parts)


def _names(code: types.CodeType) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return names


def _globals_read(fn: Any) -> dict[str, Any]:
    """The globals `fn`'s code names and its module holds (builtins and itself left out)."""
    space = getattr(fn, "__globals__", {})
    return {name: space[name] for name in _names(fn.__code__)
            if name in space and space[name] is not fn and not _is_cached(space[name])}


def _is_cached(value: Any) -> bool:
    return isinstance(value, _CachedFunction)


# -- stores -------------------------------------------------------------------------------------


class _Memory:
    def __init__(self, maxsize: int | None):
        self.maxsize = maxsize
        self._items: collections.OrderedDict[str, Any] = collections.OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            if key not in self._items:
                return _MISSING
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while self.maxsize is not None and len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


def cache_dir() -> Path:
    """`__lichen__/cache` in the notebook's directory (else in the working directory)."""
    from lichen.runtime.notebook_info import notebook_dir

    return (notebook_dir() or Path.cwd()) / "__lichen__" / "cache"


class _Disk:
    """Pickles in a directory, one file per key, written atomically."""

    maxsize = None

    def __init__(self, name: str, save_path: str | os.PathLike | None):
        self._name = name
        self._root = Path(save_path) if save_path is not None else None

    @property
    def directory(self) -> Path:
        return (self._root if self._root is not None else cache_dir()) / self._name

    def get(self, key: str) -> Any:
        path = self.directory / f"{key}.pickle"
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except FileNotFoundError:
            return _MISSING
        except Exception:  # unreadable (another Python, a class that changed): recompute
            return _MISSING

    def put(self, key: str, value: Any) -> None:
        directory = self.directory
        directory.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{key}.", dir=directory)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, directory / f"{key}.pickle")
        except BaseException:
            try:
                os.unlink(temp)
            except OSError:
                pass
            raise

    def clear(self) -> None:
        for path in self.directory.glob("*.pickle"):
            try:
                path.unlink()
            except OSError:
                pass

    def __len__(self) -> int:
        return len(list(self.directory.glob("*.pickle")))


# -- functions ----------------------------------------------------------------------------------


class _CachedFunction:
    """A function whose results are kept by its arguments and what it reads."""

    def __init__(self, fn: Callable[..., Any], store: Any, pin_modules: bool):
        functools.update_wrapper(self, fn)
        self.__wrapped__ = fn
        self._store = store
        self._pin = pin_modules
        self.hits = 0
        self.misses = 0
        self._async = _is_async(fn)

    def _key(self, args: tuple, kwargs: dict) -> str:
        h = hashlib.sha256()
        h.update(fingerprint(self.__wrapped__, self._pin))
        h.update(fingerprint((args, sorted(kwargs.items())), self._pin))
        return h.hexdigest()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        key = self._key(args, kwargs)
        if self._async:
            return self._call_async(key, args, kwargs)
        found = self._store.get(key)
        if found is not _MISSING:
            self.hits += 1
            return found
        self.misses += 1
        value = self.__wrapped__(*args, **kwargs)
        self._store.put(key, value)
        return value

    async def _call_async(self, key: str, args: tuple, kwargs: dict) -> Any:
        found = self._store.get(key)
        if found is not _MISSING:
            self.hits += 1
            return found
        self.misses += 1
        value = await self.__wrapped__(*args, **kwargs)
        self._store.put(key, value)
        return value

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        return self if obj is None else functools.partial(self, obj)

    def cache_info(self) -> CacheInfo:
        return CacheInfo(self.hits, self.misses, self._store.maxsize, len(self._store))

    def cache_clear(self) -> None:
        self._store.clear()
        self.hits = self.misses = 0

    def __repr__(self) -> str:
        return f"<cached {getattr(self.__wrapped__, '__qualname__', self.__wrapped__)!r}>"


def _is_async(fn: Any) -> bool:
    code = getattr(getattr(fn, "__func__", fn), "__code__", None)
    return code is not None and bool(code.co_flags & 0x80)  # CO_COROUTINE


# -- blocks -------------------------------------------------------------------------------------


class _SkipBlock(Exception):
    pass


class _CachedBlock:
    """`with cache("name"):` at a cell's top level: runs the block once per key, restores the
    names it binds on a hit (skipping it)."""

    def __init__(self, name: str, store: Any, pin_modules: bool):
        self.name = name
        self._store = store
        self._pin = pin_modules
        self.hit = False
        self._frame: Any = None
        self._key = ""
        self._binds: list[str] = []
        self._saved_trace: Any = None

    def __enter__(self) -> _CachedBlock:
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_name in ("__aenter__",):
            frame = frame.f_back
        self._frame = frame
        block = _block_at(frame.f_code.co_filename, frame.f_lineno)
        if block is None:
            raise RuntimeError(f"{self.name}: a cached block must be a `with` statement at the "
                               "top level of a cell")
        source, reads, self._binds = block
        space = frame.f_globals
        h = hashlib.sha256(source.encode())
        for name in sorted(reads):
            if name in space:
                h.update(name.encode())
                h.update(fingerprint(space[name], self._pin))
        self._key = h.hexdigest()
        found = self._store.get(self._key)
        if found is _MISSING:
            return self
        self.hit = True
        space.update(found)
        # Skip the body: raise from a line tracer at its first line; __exit__ swallows it.
        self._saved_trace = sys.gettrace()

        def raiser(*_: Any) -> Any:
            raise _SkipBlock

        sys.settrace(lambda *_: None)
        frame.f_trace = raiser
        return self

    def __exit__(self, kind: Any, error: Any, tb: Any) -> bool:
        if self.hit:
            sys.settrace(self._saved_trace)
            if self._frame is not None:
                self._frame.f_trace = None
            return kind is None or issubclass(kind, _SkipBlock)
        if kind is None:
            space = self._frame.f_globals
            self._store.put(self._key, {n: space[n] for n in self._binds if n in space})
        return False

    def __call__(self, fn: Callable[..., Any]) -> _CachedFunction:
        """`@persistent_cache(name="...")` on a function: the named store for it."""
        return _CachedFunction(fn, self._store, self._pin)

    async def __aenter__(self) -> _CachedBlock:
        return self.__enter__()

    async def __aexit__(self, *exc: Any) -> bool:
        return self.__exit__(*exc)


def _block_at(filename: str, line: int) -> tuple[str, set[str], list[str]] | None:
    """The source of the `with` statement at `line`, the names its body reads, and binds."""
    source = "".join(linecache.getlines(filename))
    if not source:
        return None
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, (ast.With, ast.AsyncWith)) and node.lineno <= line <= (
                node.end_lineno or node.lineno):
            body = ast.Module(body=node.body, type_ignores=[])
            reads, binds = set(), []
            for sub in ast.walk(body):
                if isinstance(sub, ast.Name):
                    if isinstance(sub.ctx, ast.Load):
                        reads.add(sub.id)
                    elif sub.id not in binds:
                        binds.append(sub.id)
                elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    binds.append(sub.name)
                elif isinstance(sub, (ast.Import, ast.ImportFrom)):
                    binds += [(a.asname or a.name).split(".")[0] for a in sub.names]
            return textwrap.dedent(ast.unparse(body)), reads - set(binds), binds
    return None


# -- the API ------------------------------------------------------------------------------------


def _make(fn_or_name: Any, store: Callable[[str], Any], pin_modules: bool) -> Any:
    if callable(fn_or_name):
        return _CachedFunction(fn_or_name, store(getattr(fn_or_name, "__qualname__", "fn")),
                               pin_modules)
    if fn_or_name is None:
        return lambda fn: _CachedFunction(fn, store(getattr(fn, "__qualname__", "fn")),
                                          pin_modules)
    if not isinstance(fn_or_name, str):
        raise TypeError(f"cache takes a function or a name, not {type(fn_or_name).__name__}")
    return _CachedBlock(fn_or_name, store(fn_or_name), pin_modules)


def cache(name: Any = None, *args: Any, pin_modules: bool = False, loader: Any = None,
          **kwargs: Any) -> Any:
    """Keep results in memory: `@cache` on a function, `with cache("name"):` on a block."""
    return _make(name, lambda _: _Memory(None), pin_modules)


def lru_cache(name: Any = None, maxsize: int = 128, *args: Any, pin_modules: bool = False,
              **kwargs: Any) -> Any:
    """Like `cache`, keeping at most `maxsize` results (the least recently used go first)."""
    if not isinstance(maxsize, int) or maxsize < 1:
        raise ValueError(f"lru_cache: maxsize must be a whole number of 1 or more, not "
                         f"{maxsize!r}")
    return _make(name, lambda _: _Memory(maxsize), pin_modules)


def persistent_cache(name: Any = None, save_path: str | None = None, method: str = "pickle",
                     store: Any = None, fn: Any = None, *args: Any, pin_modules: bool = False,
                     **kwargs: Any) -> Any:
    """Keep results on disk, in `__lichen__/cache/<name>/` beside the notebook (or under
    `save_path`): they survive restarts. `method` is accepted for marimo's signature; results are
    pickled."""
    if method not in ("pickle", "json"):
        raise ValueError(f"persistent_cache: method must be 'pickle' or 'json', not {method!r}")
    target = fn if fn is not None else name
    return _make(target, lambda label: _Disk(_safe(label), save_path), pin_modules)


def _safe(label: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in label) or "cache"
