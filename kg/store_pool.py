"""A small pool of worker processes that can be killed when a query overruns.

Why processes: neither pyoxigraph nor rdflib can interrupt a running query
from Python, and a thread cannot be killed. A query that runs past its time
limit would otherwise keep a CPU busy until it finishes. Each worker process
holds an engine (a pyoxigraph store, or an rdflib dataset); on timeout the
worker is killed (SIGKILL, so the work really stops) and a fresh one is
started in the background, while the caller gets :class:`QueryTimeout` at once.

Workers are forked by a *zygote*: one fresh interpreter per pool
(``python -m kg.store_pool FD``), never a fork of the server's own process,
which has threads (gunicorn's gthread workers, RocksDB's) and cannot be forked
safely. With ``preload`` the zygote builds the engine once (reading a build
into memory takes seconds per million triples) and every worker is a fork
of it: the data is shared copy-on-write instead of held once per worker, and
a killed worker is replaced at once. Without it (an on-disk store, whose
RocksDB threads must not be forked) each worker opens its own engine after
the fork. Workers talk to the pool over socket pairs with
:class:`multiprocessing.connection.Connection` (pickles); the zygote receives
the worker's end of each pair with ``SCM_RIGHTS``. Everything exits by itself
when the pool's process goes away (its sockets close).
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from kg.store_types import (
    EvaluationError,
    QueryTimeout,
    StoreBusy,
    StoreError,
    StoreUnavailable,
)

log = logging.getLogger(__name__)

#: how long a new worker may take to open its store or load its data
STARTUP_TIMEOUT = 300.0
#: do not retry a failing start more often than this
RETRY_INTERVAL = 2.0
_PID = struct.Struct("!q")


# --- in the zygote and its workers ------------------------------------------------------


def _zygote_main(control: socket.socket) -> None:
    """Body of the zygote: receive (factory, args, preload), then fork a worker for
    each socket the pool sends, until the pool goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the pool decides when we stop
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    setup = Connection(os.dup(control.fileno()))
    try:
        factory, args, preload = setup.recv()
        engine = None
        if preload:
            try:
                engine = factory(*args)
            except Exception as exc:  # reported to the pool, which reports it to clients
                setup.send(("init-error", f"{type(exc).__name__}: {exc}"))
                return
            _settle()
        setup.send(("ready", None))
        while True:
            _message, fds, _flags, _address = socket.recv_fds(control, 1, 1)
            if not fds:  # the pool went away
                return
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # a worker waits for its own children
                control.close()
                setup.close()
                _worker_main(Connection(fds[0]), engine, factory, args)
                os._exit(0)
            os.close(fds[0])
            control.sendall(_PID.pack(pid))
    except (EOFError, OSError):
        return


def _settle() -> None:
    """Before the first fork: what exists now stays, so workers share its pages."""
    import ctypes
    import gc

    gc.collect()
    gc.freeze()  # collections in the workers would otherwise write to every shared object
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)  # freed load buffers: not reused, so not copied
    except OSError:
        pass


def _worker_main(conn: Connection, engine: Any, factory: Callable[..., Any], args: tuple) -> None:
    """Body of a worker: the engine (built here unless inherited), then serve calls until EOF."""
    try:
        if engine is None:
            try:
                engine = factory(*args)
            except Exception as exc:
                conn.send(("init-error", f"{type(exc).__name__}: {exc}"))
                return
        conn.send(("ready", None))
        while True:
            method, call_args, call_kwargs = conn.recv()
            try:
                reply = ("ok", getattr(engine, method)(*call_args, **call_kwargs))
            except StoreError as exc:
                reply = ("err", exc)
            except Exception as exc:  # an engine bug must not kill the worker
                reply = ("err", EvaluationError(f"{type(exc).__name__}: {exc}"))
            try:
                conn.send(reply)
            except (EOFError, OSError):
                raise
            except Exception as exc:  # e.g. an unpicklable result
                conn.send(("err", EvaluationError(f"cannot return the result: {exc}")))
    except (EOFError, OSError):  # the pool went away: nothing left to do
        return


# --- in the pool's process -----------------------------------------------------------------


class _Worker:
    def __init__(self, pid: int, conn: Connection):
        self.pid = pid
        self.conn = conn

    def kill(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except OSError:  # already gone
            pass
        self.conn.close()


class _Zygote:
    """The process that forks the pool's workers (see the module docstring)."""

    def __init__(self, factory: Callable[..., Any], args: tuple, preload: bool):
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kg.store_pool", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                env=env,
                stdin=subprocess.DEVNULL,
            )
        finally:
            theirs.close()
        self.control = ours
        self._lock = threading.Lock()
        try:
            setup = Connection(os.dup(ours.fileno()))
            setup.send((factory, args, preload))
            if not setup.poll(STARTUP_TIMEOUT):
                raise RuntimeError(f"the data was not loaded within {STARTUP_TIMEOUT:.0f} s")
            status, detail = setup.recv()
            setup.close()
        except (EOFError, OSError) as exc:
            self.close()
            raise RuntimeError(f"the query process stopped while loading ({exc})") from None
        except BaseException:
            self.close()
            raise
        if status != "ready":
            self.close()
            raise RuntimeError(detail)

    def alive(self) -> bool:
        return self.process.poll() is None

    def fork(self) -> _Worker:
        """A new worker; it says "ready" (or "init-error") on its connection."""
        ours, theirs = socket.socketpair()
        try:
            with self._lock:
                socket.send_fds(self.control, [b"w"], [theirs.fileno()])
                pid = _PID.unpack(_read_exactly(self.control, _PID.size))[0]
        finally:
            theirs.close()
        return _Worker(pid, Connection(ours.detach()))

    def close(self) -> None:
        try:
            self.process.kill()
        except OSError:
            pass
        self.control.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError("the zygote went away")
        data += chunk
    return data


class WorkerPool:
    """``size`` worker processes, each running ``factory(*args)`` once.

    :meth:`call` runs ``engine.method(*args, **kwargs)`` in an idle worker and
    returns its result, re-raising the :class:`StoreError` it raised.
    """

    def __init__(self, factory: Callable[..., Any], args: tuple, size: int = 2, preload: bool = False):
        """``preload``: build the engine once in the zygote and fork the workers from it
        (for engines that hold their data in memory and start no threads)."""
        self._factory = factory
        self._args = args
        self._preload = preload
        self._zygote: _Zygote | None = None
        self._zygote_lock = threading.Lock()
        self._size = max(1, size)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._alive = 0  # started or starting, not yet discarded
        self._closed = False
        self._last_error: str | None = None
        self._last_attempt = 0.0
        self._workers: set[_Worker] = set()
        self._fill()

    # --- lifecycle -------------------------------------------------------------

    def _fill(self) -> None:
        """Start workers (in the background) until ``size`` are alive or starting."""
        with self._lock:
            if self._closed:
                return
            missing = self._size - self._alive
            if missing <= 0:
                return
            self._alive += missing
            self._last_attempt = time.monotonic()
        for _ in range(missing):
            threading.Thread(target=self._start_one, name="kg-pool-start", daemon=True).start()

    def _start_one(self) -> None:
        worker = None
        try:
            worker = self._zygote_ready().fork()
            if not worker.conn.poll(STARTUP_TIMEOUT):
                raise RuntimeError(f"the worker did not start within {STARTUP_TIMEOUT:.0f} s")
            status, detail = worker.conn.recv()
            if status != "ready":
                raise RuntimeError(detail)
        except Exception as exc:
            log.error("query worker failed to start: %s", exc)
            if worker is not None:
                worker.kill()
            with self._lock:
                self._alive -= 1
                self._last_error = str(exc)
            return
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._last_error = None
            self._workers.add(worker)
        self._idle.put(worker)

    def _zygote_ready(self) -> _Zygote:
        """The zygote, started (and its engine built, with ``preload``) if it is not running."""
        with self._zygote_lock:
            if self._closed:
                raise RuntimeError("the pool is closed")
            if self._zygote is None or not self._zygote.alive():
                if self._zygote is not None:
                    self._zygote.close()
                self._zygote = None
                self._zygote = _Zygote(self._factory, self._args, self._preload)
            return self._zygote

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker (overran or broken) and start a replacement."""
        with self._lock:
            self._workers.discard(worker)
            self._alive -= 1
        threading.Thread(target=worker.kill, daemon=True).start()
        self._fill()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.kill()
        with self._zygote_lock:
            if self._zygote is not None:
                self._zygote.close()
                self._zygote = None

    # --- calls -----------------------------------------------------------------

    def _checkout(self, deadline: float | None) -> _Worker:
        while True:
            with self._lock:
                error, alive, last = self._last_error, self._alive, self._last_attempt
            if alive < self._size and time.monotonic() - last > RETRY_INTERVAL:
                self._fill()
            elif alive == 0 and error:
                raise StoreUnavailable(f"The store cannot be opened: {error}")
            wait = 0.1 if deadline is None else min(0.1, deadline - time.monotonic())
            if wait <= 0:
                raise StoreBusy("Every query worker stayed busy; try again shortly.")
            try:
                return self._idle.get(timeout=wait)
            except queue.Empty:
                continue

    def call(self, method: str, *args: Any, timeout: float | None = None, **kwargs: Any) -> Any:
        """Run ``method`` in a worker; kill the worker if it takes over ``timeout`` s."""
        deadline = None if not timeout else time.monotonic() + timeout
        worker = self._checkout(deadline)
        try:
            worker.conn.send((method, args, kwargs))
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not worker.conn.poll(remaining):
                self._discard(worker)
                raise QueryTimeout(
                    f"The request ran longer than the time limit ({timeout:g} s) and was "
                    "stopped. Narrow it down (LIMIT, more specific patterns) and retry."
                )
            status, payload = worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._discard(worker)
            raise EvaluationError(f"The query worker stopped unexpectedly ({exc}).") from None
        self._idle.put(worker)
        if status == "ok":
            return payload
        raise payload


if __name__ == "__main__":
    _zygote_main(socket.socket(fileno=int(sys.argv[1])))
