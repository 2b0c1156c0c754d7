"""A small pool of worker processes that can be killed when a query overruns.

Why processes: neither pyoxigraph nor rdflib can interrupt a running query
from Python, and a thread cannot be killed. A query that runs past its time
limit would otherwise keep a CPU busy until it finishes. Each worker process
holds its own engine (a read-only pyoxigraph store, or an rdflib dataset); on
timeout the worker is killed (SIGKILL, so the work really stops) and a fresh
one is started in the background, while the caller gets :class:`QueryTimeout`
at once.

Workers are fresh interpreters (``python -m kg.store_pool FD``), not forks:
the server's own process has threads (gunicorn's gthread workers, RocksDB's),
and forking a threaded process is unsafe; and unlike multiprocessing's
``spawn`` this never re-imports the caller's ``__main__``. They talk over a
socket pair with :class:`multiprocessing.connection.Connection` (pickles).
A worker exits by itself when its parent goes away (the socket closes).
"""

from __future__ import annotations

import logging
import os
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


def _worker_main(conn: Connection) -> None:
    """Body of a worker process: build the engine, then serve calls until EOF."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when we stop
    try:
        factory, args = conn.recv()
        try:
            engine = factory(*args)
        except Exception as exc:  # reported to the parent, which reports it to clients
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
    except (EOFError, OSError):  # the parent went away: nothing left to do
        return


class _Worker:
    def __init__(self, process: subprocess.Popen, conn: Connection):
        self.process = process
        self.conn = conn

    @classmethod
    def spawn(cls) -> _Worker:
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "kg.store_pool", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                env=env,
                stdin=subprocess.DEVNULL,
            )
        finally:
            theirs.close()
        return cls(process, Connection(ours.detach()))

    def kill(self) -> None:
        try:
            self.process.kill()
        except OSError:  # already gone
            pass
        self.conn.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


class WorkerPool:
    """``size`` worker processes, each running ``factory(*args)`` once.

    :meth:`call` runs ``engine.method(*args, **kwargs)`` in an idle worker and
    returns its result, re-raising the :class:`StoreError` it raised.
    """

    def __init__(self, factory: Callable[..., Any], args: tuple, size: int = 2):
        self._factory = factory
        self._args = args
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
            worker = _Worker.spawn()
            worker.conn.send((self._factory, self._args))
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
    _worker_main(Connection(int(sys.argv[1])))
