"""Shared test doors: write a small knowledge base, build a real site."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# The engine's disk cache (see mkdossier/cache.py) goes to a folder of this
# test session, inherited by the CLIs and servers the tests start.
os.environ.setdefault("MKDOSSIER_CACHE_DIR", tempfile.mkdtemp(prefix="mkdossier-test-cache-"))
BIN = Path(sys.executable).parent
# The site generator the suite runs: MkDocs (the default) or ProperDocs, its
# maintained fork (`make test GENERATOR=properdocs`). Both read mkdocs.yml.
GENERATOR = os.environ.get("MKDOSSIER_GENERATOR", "mkdocs")
GENERATOR_BIN = str(BIN / GENERATOR)

# The browser tests drive Debian's chromium through Playwright, with these flags.
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# A small knowledge base that uses every kind of link, readable on its own.
SMALL_KB = {
    "people/ada.yaml": """
        name: Ada Example
        aliases: [Ада Пример]
        description: Works with [[beta-ministry|the ministry]]. See [[gamma-city]].
        relations:
          - {type: minister_of, target: beta-ministry, since: "2020", sources: [report]}
    """,
    "organizations/beta-ministry.yaml": "name: Beta Ministry\nkind: ministry\n",
    "organizations/delta-news.yaml": "name: Delta News\nkind: media_outlet\n",
    "places/gamma-city.yaml": "name: Gamma City\nkind: city\n",
    "sources/report.yaml": """
        title: A report
        publisher: delta-news
        published: "2023-01-05"
        kind: news_report
    """,
    "incidents/late.yaml": """
        title: Late thing
        date: 2023-07-21/2023-07-31
        sources: [report]
        participants: [{id: ada, role: visitor}]
    """,
    "incidents/early.yaml": """
        title: Early thing
        date: 2022-11-01/2022-11-10
        sources: [report]
        claims:
          - statement: It happened.
            stances:
              - {party: ada, stance: asserts, source: report}
              - {party: beta-ministry, stance: denies, source: report, quote: baseless}
    """,
    "incidents/month.yaml": """
        title: Month thing
        date: 2022-11
        sources: [report]
        summary: Involving [[ada]].
        claims:
          - {statement: Only relayed., stances: [{party: delta-news, stance: reports, source: report}]}
          - {statement: Confirmed., stances: [{party: beta-ministry, stance: confirms, source: report}]}
    """,
}


def ctrl_c_works() -> None:
    """``preexec_fn`` for a child process a test stops with Ctrl-C (SIGINT),
    as a person would: a CI job started in the background has SIGINT
    ignored, and its children would inherit that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def write_kb(root: Path, files: dict[str, str]) -> Path:
    """Write ``{"people/x.yaml": yaml}`` under ``root/data``; return the data folder."""
    data = root / "data"
    for name, text in files.items():
        path = data / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return data


def yaml_paths(value, prefix=()):
    """Every path into parsed YAML (``()`` is the whole of it): what the tests that edit records pick from."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from yaml_paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from yaml_paths(item, prefix + (index,))


def value_at(value, path):
    for step in path:
        value = value[step]
    return value


def with_value(value, path, new):
    """A copy of parsed YAML with ``new`` at ``path``."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: with_value(value[head], rest, new)}
    copy = list(value)
    copy[head] = with_value(copy[head], rest, new)
    return copy


def model_problems(root: Path, model_yaml: str, records: dict[str, str] | None = None) -> list[str]:
    """The problems ``check`` finds in the small knowledge base with this model file."""
    from mkdossier import pipeline

    data = write_kb(root, {**SMALL_KB, **(records or {}), "model.yaml": model_yaml})
    return [str(p) for p in pipeline.check(data, root=root).problems]


def make_project(root: Path, data: Path | None = None) -> Path:
    """A site project like the repository's, around another data folder."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "overrides", "docs", "hooks"):
        source, target = REPO / name, root / name
        if target.exists():
            continue
        if name == "hooks":
            target.symlink_to(source, target_is_directory=True)
        elif source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copy(source, target)
    if data is not None and data.resolve() != (root / "data").resolve():
        shutil.copytree(data, root / "data")
    return root


def mkdocs_build(project: Path, site: Path, *extra: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """A real ``mkdocs build --strict`` (or ``properdocs build --strict``); returns the finished process.
    The timeout only stops a hung build (speed is measured by ``make bench``)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    return subprocess.run(
        [GENERATOR_BIN, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site), *extra],
        capture_output=True, text=True, env=env, cwd=project, timeout=timeout,
    )


def build_kb_site(root: Path, files: dict[str, str]) -> Path:
    """A fixture knowledge base, built strictly into ``root/site`` as a project like the repository's."""
    project = make_project(root / "project", write_kb(root, files))
    result = mkdocs_build(project, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's own knowledge base, built once for the whole run."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def browser():
    """Chromium, launched once per test module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def serve_folder(folder: Path) -> http.server.ThreadingHTTPServer:
    """Serve ``folder`` on 127.0.0.1 (a free port, no request log) from a
    daemon thread. The caller reads ``server.server_port`` and calls
    ``server.shutdown()`` when done."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def page(browser):
    """A fresh tab of the module's browser, patient on a loaded machine."""
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.set_default_timeout(60_000)
    yield page
    page.close()


def git(repo: Path, *args: str) -> None:
    """git in a test repository, with no user or system configuration."""
    env = dict(os.environ, HOME=str(repo.parent), GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Test",
               GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.org")
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, check=True, capture_output=True,
                   env=env)
