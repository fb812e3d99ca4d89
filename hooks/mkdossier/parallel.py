"""Independent jobs on every core, in processes forked from this one.

Rendering a large knowledge base is thousands of independent pages and one
set of exports, all reading one resolved graph. A forked process sees that
graph as it is, without copying or pickling it (a spawned one would have to
load and resolve the data again), and sends back only what it made. At
10,000 records the engine's rendering took 15 s on one core while the other
waited (profiled), then MkDocs used both.

Forking is safe only in a process with no other thread (a thread holding a
lock at the fork would hold it forever in the child): with other threads —
``mkdocs serve``'s watcher and server — the jobs run here, one after another,
with the same results.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Callable


def cores() -> int:
    """The processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


_job: Callable | None = None  # what the forked processes run (they inherit it; it is not pickled)


def _run(index: int):
    return _job(index)


def run_jobs(job: Callable[[int], object], count: int, workers: int) -> list:
    """``[job(0), …, job(count - 1)]``, in forked processes when ``workers``
    > 1 and forking is safe, else here. Jobs are handed out in order, so put
    the longest first. What a job returns must pickle; what it changes in
    this process's memory is lost when it runs elsewhere."""
    global _job
    if workers <= 1 or count <= 1 or not can_fork():
        return [job(index) for index in range(count)]
    _job = job
    # The pool forks its workers before it starts its own thread.
    pool = ProcessPoolExecutor(max_workers=min(workers, count), mp_context=multiprocessing.get_context("fork"))
    try:
        return list(pool.map(_run, range(count)))
    finally:
        # After a failure or Ctrl-C, the jobs not started are dropped, not run.
        pool.shutdown(wait=True, cancel_futures=True)
        _job = None
