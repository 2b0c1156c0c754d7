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
of it, so a killed worker is replaced in a fraction of that time. The fork
shares the data copy-on-write, but pyoxigraph's in-memory store writes to
the pages it reads, so each worker soon holds its own copy of most of them;
a forked worker makes that copy before it answers (``engine.warm()``), not
query by query. Without it (an on-disk store, whose
RocksDB threads must not be forked) each worker opens its own engine after
the fork. Workers talk to the pool over socket pairs with
:class:`multiprocessing.connection.Connection` (pickles); the zygote receives
the worker's end of each pair with ``SCM_RIGHTS``. Everything exits by itself
when the pool's process goes away (its sockets close).

A zygote may also be *shared*: ``kg serve`` starts one :class:`Zygote` before
gunicorn forks its web workers, and each worker's pool forks its query workers
from it, so a server loads the data once, not once per web worker. Fork
requests are single datagrams (``SOCK_SEQPACKET``), so several processes may send
them at once; each new worker tells its own pool its pid. A pool whose shared
zygote has gone away starts one of its own.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import signal
import socket
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
#: largest setup message (the engine factory's name and arguments: paths, a few names)
_SETUP_BYTES = 1 << 20


# --- in the zygote and its workers ------------------------------------------------------


def _zygote_main(control: socket.socket) -> None:
    """Body of the zygote: receive (factory, args, preload), then fork a worker for
    each socket a pool sends, until every process that could send one is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the pool decides when we stop
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    try:
        factory, args, preload = pickle.loads(control.recv(_SETUP_BYTES))
        engine = None
        if preload:
            try:
                engine = factory(*args)
            except Exception as exc:  # reported to the pool, which reports it to clients
                control.send(pickle.dumps(("init-error", f"{type(exc).__name__}: {exc}")))
                return
            _settle()
        control.send(pickle.dumps(("ready", None)))
        while True:
            _message, fds, _flags, _address = socket.recv_fds(control, 16, 1)
            if not fds:  # every pool went away
                return
            if os.fork() == 0:
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # a worker waits for its own children
                control.close()
                _worker_main(Connection(fds[0]), engine, factory, args)
                os._exit(0)
            os.close(fds[0])
    except (EOFError, OSError, pickle.UnpicklingError):
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
        try:
            if engine is None:
                engine = factory(*args)
            elif hasattr(engine, "warm"):
                engine.warm()  # inherited: copy the pages reading writes to now, not during queries
        except Exception as exc:
            conn.send(("init-error", f"{type(exc).__name__}: {exc}"))
            return
        conn.send(("ready", os.getpid()))  # the pool kills a worker by its pid
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
    def __init__(self, conn: Connection):
        self.conn = conn
        self.pid: int | None = None  # from its "ready" message

    def kill(self) -> None:
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:  # already gone
                pass
        self.conn.close()  # a worker that never said "ready" stops at its next read


class Zygote:
    """The process that forks query workers (see the module docstring)."""

    def __init__(self, factory: Callable[..., Any], args: tuple, preload: bool):
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
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
        self.factory, self.args = factory, args  # what its workers run
        self._owner = os.getpid()
        try:
            ours.send(pickle.dumps((factory, args, preload)))
            ours.settimeout(STARTUP_TIMEOUT)
            reply = ours.recv(_SETUP_BYTES)
            ours.settimeout(None)
            if not reply:
                raise EOFError("it exited")
            status, detail = pickle.loads(reply)
        except TimeoutError:
            self.close()
            raise RuntimeError(f"the data was not loaded within {STARTUP_TIMEOUT:.0f} s") from None
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
        """Whether it runs (as far as this process can tell: a process that inherited
        it learns that it is gone when :meth:`fork` fails)."""
        return os.getpid() != self._owner or self.process.poll() is None

    def fork(self) -> _Worker:
        """A new worker; it says "ready" with its pid (or "init-error") on its connection.
        Raises :class:`OSError` if the zygote is gone."""
        ours, theirs = socket.socketpair()
        try:
            socket.send_fds(self.control, [b"w"], [theirs.fileno()])
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        return _Worker(Connection(ours.detach()))

    def close(self) -> None:
        """Stop it (only the process that started it does; the others just let go)."""
        if os.getpid() == self._owner:
            try:
                self.process.kill()
            except OSError:
                pass
        self.control.close()
        if os.getpid() == self._owner:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass


class WorkerPool:
    """``size`` worker processes, each running ``factory(*args)`` once.

    :meth:`call` runs ``engine.method(*args, **kwargs)`` in an idle worker and
    returns its result, re-raising the :class:`StoreError` it raised.
    """

    def __init__(
        self,
        factory: Callable[..., Any],
        args: tuple,
        size: int = 2,
        preload: bool = False,
        zygote: Zygote | None = None,
    ):
        """``preload``: build the engine once in the zygote and fork the workers from it
        (for engines that hold their data in memory and start no threads). ``zygote``:
        a shared zygote, started by a parent process with the same factory, to fork from
        (this pool neither loads the data nor stops it)."""
        self._factory = factory
        self._args = args
        self._preload = preload
        self._shared = zygote
        self._zygote: Zygote | None = None
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
            worker = self._fork()
            if not worker.conn.poll(STARTUP_TIMEOUT):
                raise RuntimeError(f"the worker did not start within {STARTUP_TIMEOUT:.0f} s")
            status, detail = worker.conn.recv()
            if status != "ready":
                raise RuntimeError(detail)
            worker.pid = detail
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

    def _fork(self) -> _Worker:
        """A worker forked by the shared zygote, or by our own if there is none (or no longer)."""
        if self._shared is not None:
            try:
                return self._shared.fork()
            except OSError as exc:
                log.warning("the shared query zygote is gone (%s); starting one for this process", exc)
                self._shared = None
        return self._zygote_ready().fork()

    def _zygote_ready(self) -> Zygote:
        """The zygote, started (and its engine built, with ``preload``) if it is not running."""
        with self._zygote_lock:
            if self._closed:
                raise RuntimeError("the pool is closed")
            if self._zygote is None or not self._zygote.alive():
                if self._zygote is not None:
                    self._zygote.close()
                self._zygote = None
                self._zygote = Zygote(self._factory, self._args, self._preload)
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
                worker = self._idle.get(timeout=wait)
            except queue.Empty:
                continue
            if worker.conn.poll(0):  # an idle worker has nothing to say: it died (EOF)
                self._discard(worker)
                continue
            return worker

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
