"""``make build`` never leaves a half result: a failed build keeps the
previous site/ and the previous offline zip, two builds at once both succeed
(one waits for the other), and a build stopped by a signal leaves no
temporary folder behind."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BIN, GENERATOR, GENERATOR_BIN, REPO, SMALL_KB, ctrl_c_works, make_project, write_kb

LEFTOVERS = (".site.partial", ".offline.partial", ".dist.partial", ".site.old")


def _venv(root: Path, project: Path) -> Path:
    """A venv for the Makefile that is the test session's own, already installed
    (its marker is there), whose ``mkdocs`` fails the hosted build on request."""
    venv = root / "venv"
    (venv / "bin").mkdir(parents=True)
    for name in ("python", "mkdossier"):
        (venv / "bin" / name).symlink_to(BIN / name)
    mkdocs = venv / "bin" / GENERATOR  # the command the Makefile runs (GENERATOR=…)
    mkdocs.write_text(
        "#!/bin/sh\n"
        'if [ -z "$MKDOSSIER_OFFLINE" ] && [ -n "$FAIL_HOSTED_BUILD" ]; then\n'
        '  echo "the hosted build fails" >&2; exit 1\n'
        "fi\n"
        f'exec "{GENERATOR_BIN}" "$@"\n', encoding="utf-8")
    mkdocs.chmod(0o755)
    digest = subprocess.run("cat pyproject.toml constraints.txt | cksum | cut -d' ' -f1", shell=True, cwd=project,
                            capture_output=True, text=True, check=True).stdout.strip()
    (venv / f".runtime-{digest}").touch()
    return venv


def _make(project: Path, venv: Path, *args: str, **env: str) -> subprocess.Popen:
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", **env)
    environment.pop("MAKEFLAGS", None)
    return subprocess.Popen(["make", "--no-print-directory", *args, f"VENV={venv}"], cwd=project,
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _finish(process: subprocess.Popen) -> tuple[int, str]:
    out, _ = process.communicate(timeout=600)
    return process.returncode, out


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, list[tuple[int, str]]]:
    """A project copy with the Makefile, built by two ``make build`` at once."""
    root = tmp_path_factory.mktemp("make")
    project = make_project(root / "project", write_kb(root / "kb", SMALL_KB))
    for name in ("Makefile", "pyproject.toml", "constraints.txt"):
        shutil.copy(REPO / name, project / name)
    venv = _venv(root, project)
    runs = [_make(project, venv, "build"), _make(project, venv, "build")]
    return project, venv, [_finish(run) for run in runs]


def test_two_builds_at_once_both_succeed_with_a_complete_site(built):
    project, _venv_dir, results = built
    for code, out in results:
        assert code == 0, out
        assert "Traceback" not in out and "No such file" not in out
    page = BeautifulSoup((project / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    link = page.find("a", string="Download for offline reading")
    (bundle,) = (project / "dist").glob("*-offline.zip")
    assert link["href"] == f"downloads/{bundle.name}"
    assert (project / "site" / link["href"]).read_bytes() == bundle.read_bytes()
    assert (project / "site/people/ada/index.html").is_file() or (project / "site/people/ada.html").is_file()
    assert not [name for name in LEFTOVERS if (project / name).exists()]
    assert [p.name for p in (project / "dist").iterdir()] == [bundle.name]  # no half-written zip


def test_a_failed_build_keeps_the_previous_site_and_zip(built):
    project, venv, _results = built
    site_before = _tree(project / "site")
    (bundle,) = (project / "dist").glob("*-offline.zip")
    zip_before = bundle.read_bytes()
    (project / "data/people/bob.yaml").write_text("name: Bob Example\n", encoding="utf-8")  # a new zip would differ
    code, out = _finish(_make(project, venv, "build", FAIL_HOSTED_BUILD="1"))
    assert code != 0, out
    assert "the hosted build fails" in out
    assert bundle.read_bytes() == zip_before
    assert [p.name for p in (project / "dist").iterdir()] == [bundle.name]
    assert _tree(project / "site") == site_before
    assert not [name for name in LEFTOVERS if (project / name).exists()]


# -- signals -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    subprocess.run([str(BIN / "mkdossier"), "synth", "--records", "2000", "--out", str(root / "kb")],
                   check=True, capture_output=True, timeout=300)
    return make_project(root / "project", root / "kb")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_build_stopped_by_a_signal_leaves_no_temporary_folder(synthetic_project, tmp_path, signum):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, TMPDIR=str(temporary), NO_MKDOCS_2_WARNING="1")
    build = subprocess.Popen([GENERATOR_BIN, "build", "--strict", "-d", str(tmp_path / "site")],
                             cwd=synthetic_project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True, preexec_fn=ctrl_c_works)
    try:
        deadline = time.monotonic() + 240
        while not list(temporary.glob("mkdossier-exports-*")):
            assert build.poll() is None, build.stderr.read()
            assert time.monotonic() < deadline, "no export folder appeared"
            time.sleep(0.05)
        time.sleep(0.2)  # MkDocs is now building pages
        assert build.poll() is None
        build.send_signal(signum)
        build.wait(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode != 0
    if signum == signal.SIGTERM:
        assert build.returncode == -signal.SIGTERM  # and still ended by the signal
    assert list(temporary.glob("mkdossier-exports-*")) == []


def _running(pid: int) -> bool:
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def test_ctrl_c_while_the_engine_renders_on_every_core_stops_everything(synthetic_project, tmp_path):
    """Ctrl-C reaches the whole foreground group: the build and the processes
    it forked to render (``parallel``). All of them end, the jobs not started
    are dropped, and no process is left behind."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, TMPDIR=str(temporary), NO_MKDOCS_2_WARNING="1")
    build = subprocess.Popen([GENERATOR_BIN, "build", "--strict", "-d", str(tmp_path / "site")],
                             cwd=synthetic_project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True, preexec_fn=ctrl_c_works, start_new_session=True)
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 240
        while not workers:  # the first processes it starts are the engine's, rendering
            assert build.poll() is None, build.stderr.read()
            assert time.monotonic() < deadline, "the engine rendered in no other process"
            workers = _children(build.pid)
            time.sleep(0.02)
        os.killpg(build.pid, signal.SIGINT)
        build.wait(timeout=60)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
    assert build.returncode != 0
    deadline = time.monotonic() + 10
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _running(pid)]
    assert list(temporary.glob("mkdossier-exports-*")) == []
