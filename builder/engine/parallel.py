"""Checking card files in forked worker processes, one per core, when there are enough of them.

Why fork: a worker inherits the seed index (every article, normalised) and its share of the jobs
for free; pickling them to spawned workers would cost more than the check itself.

Why not multiprocessing.Pool: its workers share queues guarded by locks, and a worker that dies
holding one (Ctrl-C or SIGTERM reaching the whole process group, the OOM killer) deadlocks the
pool's teardown: 5 of 30 builds hung that way after a SIGTERM. Here each worker has its own
pipe, takes every n-th job, writes each result as one length-prefixed frame and exits; nothing is
shared, so the parent can stop the workers at any moment and a worker that died only costs the
jobs it had not sent (checked in the parent instead). Workers ignore Ctrl-C (the parent answers
it) and finish the job in hand on SIGTERM, so they never print a traceback nor leave a temp file.
"""

from __future__ import annotations

import os
import selectors
import signal
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from builder.engine.cache import FileCache, FileResult, decode_entry, encode_entry

PARALLEL_MIN_FILES = 8  # fewer files to check: one process is quicker than forking
JOBS_ENV = "DECKBUILDER_JOBS"  # worker processes for checking card files (default: one per core)
STOP_WAIT_S = 2.0  # how long a stopped worker may take to finish its job before it is killed

Job = tuple[int, bytes, str, str]  # (slot, file bytes, path relative to the project, cache key)
CheckFile = Callable[[bytes, str, Any], FileResult]
_FRAME = struct.Struct("!QQ")  # job number, length of the cache entry's UTF-8 text that follows
_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def check_files(
    jobs: list[Job], check: CheckFile, index: Any, cache: FileCache | None
) -> Iterator[tuple[int, FileResult]]:
    """Yield (slot, check(bytes, rel, index)) for each job; in forked workers when that pays off
    (then in the order they finish)."""
    workers = worker_count(len(jobs))
    if workers < 2:
        for slot, data, rel, key in jobs:
            result = check(data, rel, index)
            if cache:
                cache.put(rel, key, *result)
            yield slot, result
        return
    children: list[tuple[int, int]] = []  # (pid, read end of its pipe)
    try:
        with _signals_held():  # a worker starts with them blocked, until it has set its own
            for k in range(workers):
                children.append(_fork_worker(k, workers, jobs, check, index, cache))
        done: set[int] = set()
        for i, text in _frames([fd for _, fd in children]):
            slot, data, rel, key = jobs[i]
            decoded, _ = decode_entry(key, text)
            done.add(i)
            yield slot, decoded if decoded is not None else check(data, rel, index)
        for i, (slot, data, rel, key) in enumerate(jobs):
            if i not in done:  # its worker died before sending it
                result = check(data, rel, index)
                if cache:
                    cache.put(rel, key, *result)
                yield slot, result
    finally:
        with _signals_held():  # a Ctrl-C now must not leave a worker running
            _stop(children)


def _fork_worker(
    k: int, n: int, jobs: list[Job], check: CheckFile, index: Any, cache: FileCache | None
) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    status = 1  # in the worker from here on; it never returns
    try:
        os.close(read_end)
        stopping: list[bool] = []
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, lambda signum, frame: stopping.append(True))
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
        with os.fdopen(write_end, "wb") as out:
            for i in range(k, len(jobs), n):
                if stopping:
                    break
                _, data, rel, key = jobs[i]
                text = encode_entry(key, *check(data, rel, index))
                if cache:
                    cache.put_text(rel, text)
                blob = text.encode("utf-8")
                out.write(_FRAME.pack(i, len(blob)) + blob)
        status = 0
    except BaseException:  # the parent stopped reading or the check broke: it rechecks what is missing
        pass
    finally:
        os._exit(status)


def _frames(fds: list[int]) -> Iterator[tuple[int, str]]:
    """(job number, text) from every worker's pipe as they arrive, until each pipe ends."""
    buffers = {fd: bytearray() for fd in fds}
    with selectors.DefaultSelector() as sel:
        for fd in fds:
            sel.register(fd, selectors.EVENT_READ)
        while buffers:
            for key, _ in sel.select():
                fd = key.fd
                chunk = os.read(fd, 1 << 16)
                if not chunk:
                    sel.unregister(fd)
                    del buffers[fd]
                    continue
                buf = buffers[fd]
                buf += chunk
                while len(buf) >= _FRAME.size:
                    i, size = _FRAME.unpack_from(buf)
                    if len(buf) < _FRAME.size + size:
                        break
                    text = bytes(buf[_FRAME.size : _FRAME.size + size]).decode("utf-8")
                    del buf[: _FRAME.size + size]
                    yield i, text


def _stop(children: list[tuple[int, int]]) -> None:
    """Close the pipes, ask every worker still running to stop, and reap it (killed if it lingers)."""
    for pid, fd in children:
        with suppress(OSError):
            os.close(fd)
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_WAIT_S
    for pid, _ in children:
        while True:
            try:
                reaped, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                break
            if reaped:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                break
            time.sleep(0.005)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait (blocked, not lost) while workers fork or are reaped: delivered after."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def worker_count(n_jobs: int) -> int:
    """How many processes to check `n_jobs` files with: one per core ($DECKBUILDER_JOBS), never
    more than there are files, and 1 when forking is unsafe (other threads) or unavailable."""
    if n_jobs < PARALLEL_MIN_FILES:
        return 1
    wanted = os.environ.get(JOBS_ENV, "").strip()
    workers = int(wanted) if wanted.isdigit() else (os.cpu_count() or 1)
    if workers < 2 or not hasattr(os, "fork") or threading.active_count() > 1:
        return 1  # forking a process that runs other threads is not safe
    return min(workers, n_jobs)
