"""Warm rebuilds under ``make serve`` (``mkdocs serve --dirty``, see
hooks/mkdossier_serve.py): how long a rebuild takes after one record is edited,
against the first (cold) build of the session.

For each knowledge base (the repository's own, and synthetic ones of the sizes
asked for), in a fresh process, with MkDocs driven in-process as ``mkdocs serve``
drives it (a config loaded again for every rebuild, ``build(config, dirty=True)``):

1. the cold build, the first of the session (empty engine disk cache);
2. a rebuild with nothing changed;
3. rebuilds after editing one incident's ``summary`` (its page changes), then
   its ``title`` (every page that links to it changes too): the fastest of 3 each;
4. for comparison, the same title edit rebuilt as plain ``mkdocs serve`` does
   (no ``--dirty``: every page written again).

On the repository's knowledge base it also measures edit-to-browser latency
with a real server: edit a title, poll the page over HTTP until the new title
shows. Prints a Markdown table (docs/benchmark.md shows one):

    .venv/bin/python bench/serve_rebuild.py --records 1000          # minutes
    .venv/bin/python bench/serve_rebuild.py --records 10000 --no-repo
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(Path(__file__).parent))

from run import GENERATOR, hooked_project  # noqa: E402  (a project like the repository's)

SERVE_URL = "http://127.0.0.1:8000/"
EDITS = 3


def _env(cache: Path) -> dict:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000",
                MKDOSSIER_CACHE_DIR=str(cache))


def make_project(root: Path, records: int, seed: int) -> Path:
    """The repository's knowledge base (records 0) or a synthetic one, in a project like the repository's."""
    project = hooked_project(root)
    if records:
        from mkdossier import synth

        synth.write(synth.knowledge_base(records, seed), project / "data")
    else:
        shutil.copytree(REPO / "data", project / "data")
    return project


def incident_to_edit(data: Path) -> Path:
    """An incident with a title and a summary, the same one on every run."""
    import yaml

    for path in sorted((data / "incidents").glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        if record.get("title") and record.get("summary"):
            return path
    raise RuntimeError(f"no incident with a title and a summary in {data}")


def edit(path: Path, field: str, words: str) -> None:
    """Append words to a field of a record (a YAML round trip: the site depends on the data, not its layout)."""
    import yaml

    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record[field] = f"{record[field]} {words}"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


# -- in-process rebuilds (the child process) ------------------------------------------


class _Rebuilt(logging.Handler):
    """Keeps the counts from the hook's "Wrote N of M pages" line."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.pages = None

    def emit(self, record):
        message = record.getMessage()
        found = re.match(r"Wrote (\d+) of (\d+) pages", message) or re.match(r"Wrote all ((\d+)) pages", message)
        if found:
            self.pages = (int(found.group(1)), int(found.group(2)))


def rebuilds(project: Path) -> dict:
    """Steps 1 to 4 of the module's docstring, in this process."""
    importlib.import_module(f"{GENERATOR}.__main__")  # ProperDocs: mkdocs.* imports now give its modules
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    # mkdocs serve runs its server and file watcher in threads, so the engine
    # renders in this process alone (``parallel.can_fork``): one thread stands for them.
    threading.Thread(target=threading.Event().wait, daemon=True).start()
    logging.getLogger(GENERATOR).setLevel(logging.WARNING)
    counter = _Rebuilt()
    logging.getLogger(f"{GENERATOR}.plugins.mkdossier").setLevel(logging.INFO)
    logging.getLogger(f"{GENERATOR}.plugins.mkdossier").addHandler(counter)
    site = Path(tempfile.mkdtemp(prefix=f"{GENERATOR}_"))

    def config(dirty: bool, startup: bool = False):
        loaded = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        if startup:
            loaded.plugins.on_startup(command="serve", dirty=dirty)
        loaded.site_url = SERVE_URL
        return loaded

    def timed(dirty: bool = True, startup: bool = False) -> dict:
        loaded = config(dirty, startup)
        started = time.perf_counter()
        build(loaded, serve_url=SERVE_URL, dirty=dirty)
        return {"seconds": time.perf_counter() - started, "pages": counter.pages}

    incident = incident_to_edit(project / "data")
    try:
        result = {"cold": timed(startup=True), "unchanged": timed()}
        for field in ("summary", "title"):
            runs = []
            for n in range(EDITS):
                edit(incident, field, f"edited {field} {n}")
                runs.append(timed())
            result[field] = dict(min(runs, key=lambda run: run["seconds"]), all=[r["seconds"] for r in runs])
        counter.pages = None
        edit(incident, "title", "edited for a plain rebuild")
        result["plain"] = timed(dirty=False, startup=True)
    finally:
        shutil.rmtree(site, ignore_errors=True)
    return result


# -- a real server ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def browser_latency(project: Path, cache: Path, dirty: bool, edits: int = 5, timeout: float = 300,
                    startup: float = 1800) -> list[float]:
    """Seconds from writing a record to its page serving the new title, for each edit
    (``startup``: how long the server may take for its first, cold build)."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    command = [str(BIN / GENERATOR), "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}",
               "-f", str(project / "mkdocs.yml")] + (["--dirty"] if dirty else [])
    server = subprocess.Popen(command, cwd=project, env=_env(cache), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    incident = incident_to_edit(project / "data")
    page = f"{base}incidents/{incident.stem}/"
    try:
        deadline = time.time() + startup
        while "<h1" not in _get(page):
            if time.time() > deadline or server.poll() is not None:
                raise RuntimeError(f"{' '.join(command)} served nothing at {page}")
            time.sleep(0.2)
        seconds = []
        for n in range(edits):
            marker = f"Latency{n}x{port}"
            edit(incident, "title", marker)
            started = time.perf_counter()
            while marker not in _get(page):
                if time.perf_counter() - started > timeout:
                    raise RuntimeError(f"{marker} not served at {page}")
                time.sleep(0.05)
            seconds.append(time.perf_counter() - started)
            time.sleep(1.0)  # let the server settle (the watcher, the search index)
        return seconds
    finally:
        server.terminate()
        server.wait(timeout=30)


# -- the table -------------------------------------------------------------------------


def _seconds(step: dict) -> str:
    pages = step.get("pages")
    written = f" ({pages[0]:,} written)" if pages else ""
    return f"{step['seconds']:.2f} s{written}"


def table(results: list[dict]) -> str:
    rows = ["| knowledge base | pages | cold build | warm, nothing changed | warm, one summary edited "
            "| warm, one title edited | title edited, without `--dirty` |",
            "|---|--:|--:|--:|--:|--:|--:|"]
    for r in results:
        steps = r["rebuilds"]
        rows.append(f"| {r['name']} | {steps['cold']['pages'][1]:,} | {steps['cold']['seconds']:.2f} s "
                    f"| {_seconds(steps['unchanged'])} | {_seconds(steps['summary'])} "
                    f"| {_seconds(steps['title'])} | {steps['plain']['seconds']:.2f} s |")
    for r in results:
        for mode in ("dirty", "plain"):
            if r.get(f"latency_{mode}"):
                values = r[f"latency_{mode}"]
                flag = "mkdocs serve --dirty (make serve)" if mode == "dirty" else "mkdocs serve"
                rows.append("")
                rows.append(f"Edit to browser, {r['name']}, `{flag}`: median {statistics.median(values):.2f} s "
                            f"(min {min(values):.2f}, max {max(values):.2f}, {len(values)} edits)")
    return "\n".join(rows)


def measure(name: str, records: int, seed: int, work: Path, latency: bool) -> dict:
    """One knowledge base: the in-process rebuilds in a fresh process, then (if asked) the real servers."""
    print(f"[{name}] writing the project …", file=sys.stderr, flush=True)
    project = make_project(work / "project", records, seed)
    pristine = work / "data.orig"
    shutil.copytree(project / "data", pristine)
    print(f"[{name}] cold build and rebuilds …", file=sys.stderr, flush=True)
    done = subprocess.run([sys.executable, __file__, "--child", str(project)], env=_env(work / "cache"),
                          capture_output=True, text=True, cwd=project)
    if done.returncode != 0:
        raise RuntimeError(f"[{name}] rebuilds failed:\n{done.stderr[-4000:]}")
    result = {"name": name, "records": records, "rebuilds": json.loads(done.stdout.strip().splitlines()[-1])}
    if latency:
        for dirty in (True, False):
            shutil.rmtree(project / "data")
            shutil.copytree(pristine, project / "data")
            mode = "dirty" if dirty else "plain"
            print(f"[{name}] edit-to-browser latency, {mode} …", file=sys.stderr, flush=True)
            result[f"latency_{mode}"] = browser_latency(project, work / f"cache-{mode}", dirty)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench/serve_rebuild.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", default="1000", help="comma-separated synthetic sizes (default: 1000)")
    parser.add_argument("--no-repo", action="store_true", help="skip the repository's own knowledge base")
    parser.add_argument("--no-browser", action="store_true", help="skip the edit-to-browser latency")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--latency", type=int, metavar="RECORDS",
                        help="only the edit-to-page latency under make serve (a real server, --dirty) for a "
                             "knowledge base of RECORDS records (0: the repository's); prints the seconds as JSON")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(rebuilds(Path(args.child))))
        return 0
    if args.latency is not None:
        with tempfile.TemporaryDirectory(prefix="mkdossier-serve-bench-") as work:
            project = make_project(Path(work) / "project", args.latency, args.seed)
            print(json.dumps(browser_latency(project, Path(work) / "cache", dirty=True)))
        return 0
    kbs = ([] if args.no_repo else [("repository", 0)])
    kbs += [(f"synthetic {int(n):,}", int(n)) for n in args.records.split(",") if n]
    results = []
    for name, records in kbs:
        with tempfile.TemporaryDirectory(prefix="mkdossier-serve-bench-") as work:
            results.append(measure(name, records, args.seed, Path(work), latency=not records and not args.no_browser))
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
