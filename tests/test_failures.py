"""A broken knowledge base fails cleanly: one line per problem, no traceback,
the last good site untouched, and ``mkdocs serve`` keeps running."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request

from conftest import GENERATOR_BIN, REPO, ctrl_c_works, make_project, mkdocs_build


def _break_reference(project):
    path = project / "data" / "people" / "sergei-shoigu.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("target: russia-ministry-of-defence", "target: ministry-of-defense"), encoding="utf-8")
    return path, text


def test_broken_reference_fails_the_build_with_one_clear_line(tmp_path):
    project = make_project(tmp_path / "project", REPO / "data")
    _break_reference(project)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", encoding="utf-8")
    result = mkdocs_build(project, site)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [
        "ERROR   -  data/people/sergei-shoigu.yaml:14:13: relations[0].target: unknown id "
        "'ministry-of-defense'. Did you mean 'russia-ministry-of-defence' "
        "(data/organizations/russia-ministry-of-defence.yaml)?"
    ]
    assert "Traceback" not in result.stderr + result.stdout
    assert (site / "index.html").read_text(encoding="utf-8") == "last good site"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, wanted: str, timeout: float = 60) -> str:
    deadline, body = time.time() + timeout, ""
    while time.time() < deadline:
        try:
            body = urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
            if wanted in body:
                return body
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{wanted!r} not served at {url} within {timeout}s")


def test_serve_shows_problems_and_recovers_when_fixed(tmp_path):
    project = make_project(tmp_path / "project", REPO / "data")
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [GENERATOR_BIN, "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}", "-f",
         str(project / "mkdocs.yml")],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        preexec_fn=ctrl_c_works)
    try:
        home = f"http://127.0.0.1:{port}/"
        _wait_for(home, "Latest incidents")
        path, good = _break_reference(project)
        broken = _wait_for(home, "Problems in the knowledge base")
        assert "ministry-of-defense" in broken
        _wait_for(f"http://127.0.0.1:{port}/people/kim-jong-un/", "Kim Jong Un")  # last good pages stay
        path.write_text(good, encoding="utf-8")
        _wait_for(home, "Latest incidents")
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C, as a person stops it
        output = server.communicate(timeout=30)[0]
    assert "Traceback" not in output
