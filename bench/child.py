"""One measured step of the benchmark, in a fresh process (``bench/run.py`` starts it).

``check DATA``: load, validate and resolve, each timed.
``build CONFIG SITE``: ``mkdocs build --strict``, as the command line runs it; with
``--stages`` the engine's stages inside the hook are timed too, and ``--dump DIR``
writes the pages and export files the hook generated (after the clock stops),
so that the baseline can build exactly them without the hook.
Prints one line of JSON with the times in seconds.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

STARTED = time.perf_counter()

# (module, function, stage): the functions pipeline.build calls. "engine": the
# rendering's wall time (on every core); "pages", "exports" and "figures" add
# up the time of each job wherever it ran (see ``_time_jobs``).
STAGES = [("pipeline", "load", "load"), ("pipeline", "validate", "validate"), ("pipeline", "resolve", "resolve"),
          ("pipeline", "_render", "engine"),
          ("render", "_site_pages", "pages"), ("render", "record_pages", "pages"),
          ("exports", "exports", "exports"), ("render.downloads", "downloads_page", "exports"),
          # In the adapter, before MkDocs reads the pages: the engine converts its own (page_html).
          ("page_html", "convert_pages", "convert")]
# Inside the pages: the timelines and relationship graphs, reported on their own.
STAGES += [("render.records", "neighbourhood_block", "figures"), ("render.records", "incident_timeline", "figures"),
           ("render.chronology", "incident_timeline", "figures"), ("render", "graph_page", "figures")]


def _check(args) -> dict:
    from mkdossier.load import load
    from mkdossier.resolve import resolve
    from mkdossier.validate import validate

    gc.disable()  # as pipeline.check does
    imported = time.perf_counter()
    loaded = load(args.data)
    loaded_at = time.perf_counter()
    problems = validate(loaded)
    loaded.cache.save()  # as pipeline.check does: counted with validate
    validated_at = time.perf_counter()
    resolve(loaded.model, loaded.records)
    resolved_at = time.perf_counter()
    return {"import": imported - STARTED, "load": loaded_at - imported, "validate": validated_at - loaded_at,
            "resolve": resolved_at - validated_at, "problems": len(problems) + len(loaded.problems)}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _GcPauses:
    """Time spent in Python's cyclic garbage collector: it grows with every
    object alive, so data the engine keeps slows MkDocs down too."""

    def __init__(self):
        self.seconds, self.collections, self._start = 0.0, 0, 0.0
        gc.callbacks.append(self)

    def __call__(self, phase, info):
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._start
            self.collections += 1


def _time_stages(seconds: dict, results: list, dump: Path | None) -> None:
    """Wrap the stage functions pipeline.build calls, adding up their time.

    For ``--dump`` the result's pages are kept (MkDocs holds the same strings
    anyway) and its export files written out at once: keeping the whole result
    would add the engine's graph and export bytes to the build's peak RSS."""
    import importlib

    from mkdossier import pipeline

    def timed(function, stage):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[stage] += time.perf_counter() - start
        return wrapper

    for module_name, name, stage in STAGES:
        module = importlib.import_module(f"mkdossier.{module_name}")
        setattr(module, name, timed(getattr(module, name), stage))
    build = pipeline.build

    def keep_result(*args, **kwargs):
        result = build(*args, **kwargs)
        seconds["rss_after_engine_mb"] = _rss_mb()
        if dump:
            results.append(SimpleNamespace(pages=result.pages, figures=result.figures, problems=result.problems,
                                           files=len(pipeline.write_files(result.files, dump))))
        return result

    pipeline.build = keep_result
    _time_jobs(seconds)


def _time_jobs(seconds: dict) -> None:
    """Add the stage times of the rendering's jobs that ran in other
    processes (``parallel.run_jobs``): each job returns what it added there."""
    from mkdossier import parallel

    run_jobs = parallel.run_jobs

    def measured_jobs(job, count, workers):
        here = os.getpid()

        def measured(index):
            before = dict(seconds)
            made = job(index)
            return made, os.getpid(), {k: v - before.get(k, 0.0) for k, v in seconds.items()}

        done = run_jobs(measured, count, workers)
        for _made, pid, added in done:
            if pid != here:
                for stage, value in added.items():
                    seconds[stage] += value
        return [made for made, _pid, _added in done]

    parallel.run_jobs = measured_jobs


def _build(args) -> dict:
    # MkDocs or ProperDocs, whichever bench/run.py measures (same command line).
    cli = importlib.import_module(f"{os.environ.get('MKDOSSIER_GENERATOR', 'mkdocs')}.__main__").cli

    seconds: dict[str, float] = defaultdict(float)
    results: list = []
    if args.stages or args.dump:
        _time_stages(seconds, results, Path(args.dump) if args.dump else None)
    command = ["build", "--strict", "--quiet", "-f", args.config, "-d", args.site]
    pauses = _GcPauses()
    imported = time.perf_counter()
    profiler = _profiler(args.profile)
    if profiler:
        profiler.start()
    try:
        cli.main(command, standalone_mode=False)
    finally:
        if profiler:
            profiler.stop()
    built = time.perf_counter()
    if profiler:
        _save_profile(profiler, args.profile)
    rss_after_engine = seconds.pop("rss_after_engine_mb", None)
    out = {"import": imported - STARTED, "build": built - imported, "stages": dict(seconds),
           "gc": pauses.seconds, "gc_collections": pauses.collections, "rss_after_engine_mb": rss_after_engine}
    if args.dump:
        if len(results) != 1 or results[0].problems:
            raise SystemExit("the hook did not build the knowledge base exactly once")
        from mkdossier.pipeline import write_files
        from mkdossier.render import figures

        # The baseline builds the same pages: the figures the hook adds go into their Markdown.
        pages = {path: figures.fill(markdown, results[0].figures).encode("utf-8")
                 for path, markdown in results[0].pages.items()}

        out["dumped"] = len(write_files(pages, args.dump)) + results[0].files
        out["dump"] = time.perf_counter() - built
    return out


class _CProfile:
    def __init__(self):
        import cProfile
        self.profile = cProfile.Profile()

    def start(self):
        self.profile.enable()

    def stop(self):
        self.profile.disable()


def _profiler(path: str | None):
    """cProfile for a .prof file; pyinstrument (if installed) for .html or .txt."""
    if not path:
        return None
    if path.endswith((".html", ".txt")):
        from pyinstrument import Profiler
        return Profiler(interval=0.005)
    return _CProfile()


def _save_profile(profiler, path: str) -> None:
    if isinstance(profiler, _CProfile):
        profiler.profile.dump_stats(path)
    elif path.endswith(".html"):
        Path(path).write_text(profiler.output_html(), encoding="utf-8")
    else:
        Path(path).write_text(profiler.output_text(unicode=True, show_all=False), encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    check = steps.add_parser("check")
    check.add_argument("data")
    build = steps.add_parser("build")
    build.add_argument("config")
    build.add_argument("site")
    build.add_argument("--stages", action="store_true", help="time the engine's stages inside the hook")
    build.add_argument("--dump", help="write the generated pages and files here, after the build")
    build.add_argument("--profile", help="profile the build into this file (.prof: cProfile; .html/.txt: pyinstrument)")
    args = parser.parse_args(argv)
    out = _check(args) if args.step == "check" else _build(args)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
