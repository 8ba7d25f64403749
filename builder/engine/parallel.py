"""Checking card files in forked worker processes, one per core, when there are enough of them.

Why fork: a worker inherits the seed index (every article, normalised) for free; pickling it to
spawned workers would cost more than the check itself. What the workers share is held in one
module-level slot for the duration of a run (`_forked`): it is set just before the pool forks
and cleared after, so each run's workers see exactly that run's jobs.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

from builder.engine.cache import FileCache, FileResult, decode_entry, encode_entry

PARALLEL_MIN_FILES = 8  # fewer files to check: one process is quicker than forking
JOBS_ENV = "DECKBUILDER_JOBS"  # worker processes for checking card files (default: one per core)

Job = tuple[int, bytes, str, str]  # (slot, file bytes, path relative to the project, cache key)
CheckFile = Callable[[bytes, str, Any], FileResult]

_forked: tuple[list[Job], CheckFile, Any, FileCache | None] | None = None


def check_files(
    jobs: list[Job], check: CheckFile, index: Any, cache: FileCache | None
) -> Iterator[tuple[int, FileResult]]:
    """Yield (slot, check(bytes, rel, index)) for each job, in order; in forked workers when that pays off."""
    workers = worker_count(len(jobs))
    if workers < 2:
        for slot, data, rel, key in jobs:
            result = check(data, rel, index)
            if cache:
                cache.put(key, *result)
            yield slot, result
        return
    global _forked
    _forked = (jobs, check, index, cache)
    try:
        with _multiprocessing().get_context("fork").Pool(workers) as pool:
            chunk = max(1, min(16, len(jobs) // (workers * 8)))
            for i, text in enumerate(pool.imap(_check_forked, range(len(jobs)), chunksize=chunk)):
                slot, data, rel, key = jobs[i]
                decoded = decode_entry(key, text)
                yield slot, decoded if decoded is not None else check(data, rel, index)
    finally:
        _forked = None


def _check_forked(i: int) -> str:
    """In a worker: check job i and return (and cache) its result as a cache entry's JSON text."""
    assert _forked is not None, "a worker runs only inside check_files"
    jobs, check, index, cache = _forked
    _, data, rel, key = jobs[i]
    text = encode_entry(key, *check(data, rel, index))
    if cache:
        cache.put_text(key, text)
    return text


def _multiprocessing():
    import multiprocessing  # imported when needed: start-up time counts for no-change builds

    return multiprocessing


def worker_count(n_jobs: int) -> int:
    """How many processes to check `n_jobs` files with: one per core ($DECKBUILDER_JOBS), never
    more than there are files, and 1 when forking is unsafe (other threads) or unavailable."""
    if n_jobs < PARALLEL_MIN_FILES:
        return 1
    wanted = os.environ.get(JOBS_ENV, "").strip()
    workers = int(wanted) if wanted.isdigit() else (os.cpu_count() or 1)
    if workers < 2 or "fork" not in _multiprocessing().get_all_start_methods() or threading.active_count() > 1:
        return 1  # forking a process that runs other threads is not safe
    return min(workers, n_jobs)
