"""``mkdocs serve --dirty`` (``make serve``) rewrites only the pages whose content
changed, and the site it serves stays the site a clean build makes (pages and
search index): after an edited record, a deleted one (gone, also from search),
a changed mkdocs.yml or nav title (everything rewritten), and a broken edit
then its fix."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import GENERATOR, GENERATOR_BIN, SMALL_KB, ctrl_c_works, make_project, mkdocs_build, write_kb
from mkdossier.load import load

EPOCH = "1700000000"  # the same dates in the served site and in the clean builds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A real ``mkdocs serve --dirty`` in its own temporary folder, so that the
    site folder it builds into (``mkdtemp(prefix="mkdocs_")``, ``properdocs_``
    under ProperDocs) can be found."""

    def __init__(self, project: Path, tmp: Path, *extra: str):
        self.project, self.port = project, _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        tmp.mkdir()
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=EPOCH, TMPDIR=str(tmp))
        self.process = subprocess.Popen(
            [GENERATOR_BIN, "serve", "--dirty", *extra, "--livereload", "--dev-addr", f"127.0.0.1:{self.port}",
             "-f", str(project / "mkdocs.yml")],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            preexec_fn=ctrl_c_works)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for_build(0)
        (self.site,) = tmp.glob(f"{GENERATOR}_*")

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    def _count(self, text: str) -> int:
        return sum(text in line for line in list(self.lines))

    def builds(self) -> int:
        """Builds finished: the first (the server starts after it), then each rebuild.
        Not "Documentation built in …": MkDocs logs a message only once per
        session, so a rebuild as fast as an earlier one would not show."""
        first = self._count("Serving on")
        return first + self._count("Reloading browsers") + self._count("An error happened during the rebuild")

    def wait_for_build(self, done_before: int, timeout: float = 120) -> None:
        """Until a build after the first ``done_before`` ones has finished and no other has started."""
        deadline = time.time() + timeout
        while True:
            finished = self.builds()
            if finished > done_before and self._count("Building documentation") == finished:
                time.sleep(0.7)  # the watcher may start another build for the same edit
                if self._count("Building documentation") == finished:
                    return
            elif time.time() > deadline or self.process.poll() is not None:
                raise AssertionError("no rebuild finished:\n" + "".join(self.lines[-30:]))
            else:
                time.sleep(0.2)

    def edit(self, path: Path, text: str | None) -> None:
        """Write (or delete, for None) a file and wait for the rebuild it starts."""
        done = self.builds()
        if text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")
        self.wait_for_build(done)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""

    def stop(self) -> str:
        """Ctrl-C, as a person stops it; it must leave nothing in its temporary folder
        but the site folder MkDocs itself leaves."""
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)
        assert not list(self.site.parent.glob("mkdossier-*"))
        return "".join(self.lines)


def _outputs(site: Path) -> dict[str, tuple[int, int]]:
    """Each file the site folder holds, with what changes when it is written again."""
    return {path.relative_to(site).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
            for path in site.rglob("*") if path.is_file()}


def _pages(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8") for path in site.rglob("*.html")}


def _index(site: Path) -> dict:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))


def _h1(html: str) -> str:
    h1 = BeautifulSoup(html, "html.parser").find("h1")
    for permalink in h1.select(".headerlink"):
        permalink.decompose()
    return h1.get_text(" ", strip=True)


def _links(html: str) -> list[str]:
    article = BeautifulSoup(html, "html.parser").find("article")
    return [a.get_text(" ", strip=True) for a in article.find_all("a")]


def _assert_as_clean_build(server: Server, tmp: Path, monkeypatch) -> None:
    """Every page and the search index as ``mkdocs build`` makes them from the same sources."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("SITE_URL", server.url)  # serve sets site_url to its own address
    clean = tmp / f"clean-{server.builds()}"
    result = mkdocs_build(server.project, clean)
    assert result.returncode == 0, result.stderr
    served, built = _pages(server.site), _pages(clean)
    assert sorted(served) == sorted(built)
    assert [page for page in built if served[page] != built[page]] == []
    assert _index(server.site) == _index(clean)


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "project", write_kb(tmp_path / "kb", SMALL_KB))


@pytest.fixture
def server(project, tmp_path):
    server = Server(project, tmp_path / "serve-tmp")
    yield server
    output = server.stop()
    assert "Traceback" not in output
    assert "A 'dirty' build is being performed" not in output  # mkdossier tracks what changed


def test_an_edited_record_rewrites_its_page_and_the_pages_that_link_to_it(server, tmp_path, monkeypatch):
    before, pages_before = _outputs(server.site), _pages(server.site)
    late = server.project / "data" / "incidents" / "late.yaml"
    server.edit(late, late.read_text(encoding="utf-8").replace("title: Late thing", "title: Renamed thing"))

    status, page = server.get("incidents/late/")
    assert status == 200 and _h1(page) == "Renamed thing"
    assert "Renamed thing" in _links(server.get("people/ada/")[1])  # a participant links to it
    after = _outputs(server.site)
    rewritten = {path for path in before if path.endswith(".html") and after[path] != before[path]}
    assert {"incidents/late/index.html", "people/ada/index.html", "index.html"} <= rewritten
    assert "places/gamma-city/index.html" not in rewritten
    pages_after = _pages(server.site)
    assert [path for path in rewritten if pages_after[path] == pages_before[path]] in ([], ["404.html"])

    entries = [doc for doc in _index(server.site)["docs"] if doc["location"] == "incidents/late/"]
    assert [doc["title"] for doc in entries] == ["Renamed thing"]

    # The data folder's disk cache is saved once the page is served, not before:
    # soon after, the next run finds every record in it, the edited one too.
    deadline = time.time() + 20
    while any(record.cached is None for record in load(server.project / "data", server.project).records):
        assert time.time() < deadline, "the server did not save the disk cache"
        time.sleep(0.3)
    _assert_as_clean_build(server, tmp_path, monkeypatch)


def test_a_deleted_record_leaves_the_site_and_the_search_index(server, tmp_path, monkeypatch):
    assert server.get("incidents/month/")[0] == 200
    server.edit(server.project / "data" / "incidents" / "month.yaml", None)

    assert server.get("incidents/month/")[0] == 404
    assert not (server.site / "incidents" / "month").exists()
    assert [doc for doc in _index(server.site)["docs"] if doc["location"].startswith("incidents/month/")] == []
    _assert_as_clean_build(server, tmp_path, monkeypatch)


def test_a_changed_mkdocs_yml_rewrites_every_page(server, tmp_path, monkeypatch):
    before = _outputs(server.site)
    config = server.project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    server.edit(config, text.replace("site_name: Russia–North Korea arms cooperation", "site_name: Another name", 1))

    after = _outputs(server.site)
    assert [path for path in before if path.endswith(".html") and after.get(path) == before[path]] == []
    assert "Another name" in server.get("places/gamma-city/")[1]
    _assert_as_clean_build(server, tmp_path, monkeypatch)


@pytest.fixture
def untitled_nav_entry(project):
    """The nav names a hand-written page without a title: the nav shows its heading.
    Another shows a subtitle from its front matter."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "- Export formats: exports.md" in text
    config.write_text(text.replace("- Export formats: exports.md", "- exports.md"), encoding="utf-8")
    page = project / "docs" / "benchmark.md"
    page.write_text(page.read_text(encoding="utf-8").replace("---\n", "---\nsubtitle: How fast, how big\n", 1),
                    encoding="utf-8")


def test_the_nav_keeps_titles_from_headings_and_front_matter(untitled_nav_entry, server, tmp_path, monkeypatch):
    before = _outputs(server.site)
    page = server.project / "docs" / "exports.md"
    server.edit(page, page.read_text(encoding="utf-8").replace("# Exports\n", "# Files to download\n", 1))

    after = _outputs(server.site)
    assert [path for path in before if path.endswith(".html") and after.get(path) == before[path]] == []
    nav = BeautifulSoup(server.get("places/gamma-city/")[1], "html.parser").select_one("nav.md-nav--primary")
    assert "Files to download" in nav.get_text(" ", strip=True)
    assert "How fast, how big" in nav.get_text(" ", strip=True)
    _assert_as_clean_build(server, tmp_path, monkeypatch)

    # A record edited, the nav pages not: the nav still shows their heading and subtitle.
    ada = server.project / "data" / "people" / "ada.yaml"
    server.edit(ada, ada.read_text(encoding="utf-8").replace("Works with", "Now works with"))
    _assert_as_clean_build(server, tmp_path, monkeypatch)


def test_problems_then_a_fix_leave_the_site_as_a_clean_build(server, tmp_path, monkeypatch):
    ada = server.project / "data" / "people" / "ada.yaml"
    good = ada.read_text(encoding="utf-8")
    server.edit(ada, good.replace("target: beta-ministry", "target: beta-ministre"))
    assert _h1(server.get("")[1]) == "Problems in the knowledge base"
    server.edit(ada, good.replace("Works with", "Now works with"))

    assert "Now works with" in server.get("people/ada/")[1]
    _assert_as_clean_build(server, tmp_path, monkeypatch)


def test_a_strict_dirty_server_keeps_rebuilding(project, tmp_path):
    """``serve --dirty --strict``, under MkDocs or ProperDocs: the generator's warning
    that a dirty build may be stale (wrong here: mkdossier tracks what changed) is
    silenced under the running generator's own logger, so it stops no rebuild."""
    server = Server(project, tmp_path / "strict-tmp", "--strict")
    try:
        late = project / "data" / "incidents" / "late.yaml"
        server.edit(late, late.read_text(encoding="utf-8").replace("title: Late thing", "title: Strictly renamed"))
        status, page = server.get("incidents/late/")
        assert status == 200 and _h1(page) == "Strictly renamed"
    finally:
        output = server.stop()
    assert "Aborted" not in output and "Traceback" not in output
