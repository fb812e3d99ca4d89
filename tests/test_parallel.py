"""Rendering on every core: forked jobs give exactly what one process gives,
and nothing forks while another thread runs."""

from __future__ import annotations

import os
import threading

import pytest

from mkdossier import parallel, pipeline, synth
from mkdossier.render import Settings


def _pid(_index: int) -> int:
    return os.getpid()


def test_jobs_run_in_other_processes_in_order():
    assert parallel.run_jobs(lambda i: i * i, 6, workers=2) == [0, 1, 4, 9, 16, 25]
    pids = parallel.run_jobs(_pid, 4, workers=2)
    assert os.getpid() not in pids


def test_nothing_forks_while_another_thread_runs():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert set(parallel.run_jobs(_pid, 4, workers=2)) == {os.getpid()}
    finally:
        stop.set()
        other.join()


def test_a_failing_job_fails_the_run():
    def job(index):
        if index == 2:
            raise ValueError("job 2")
        return index

    with pytest.raises(ValueError, match="job 2"):
        parallel.run_jobs(job, 4, workers=2)


def test_a_build_on_every_core_is_the_build_on_one(tmp_path):
    """400 records (past ``PARALLEL_FROM``): names in several scripts,
    unknown values, hostile text. Same pages in the same order, same figures,
    same export bytes."""
    records = max(400, pipeline.PARALLEL_FROM + 1)
    data = tmp_path / "data"
    synth.write(synth.knowledge_base(records, seed=5), data)
    one = pipeline.build(data, Settings(), workers=1)
    every = pipeline.build(data, Settings(), workers=2)
    assert one.ok and every.ok
    assert list(every.pages.items()) == list(one.pages.items())
    assert every.figures == one.figures and len(one.figures) > records / 2
    assert every.files == one.files
