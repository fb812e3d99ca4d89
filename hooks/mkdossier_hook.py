"""MkDocs adapter for the mkdossier engine (``hooks:`` in mkdocs.yml).

``on_files`` runs the engine on ``data/`` and adds its pages as in-memory
files; the other events only decorate. The hook knows nothing of record
types: everything about records lives in the ``mkdossier`` package.

A knowledge base with problems stops ``mkdocs build`` with every problem
listed. Under ``mkdocs serve`` the server keeps running instead: the home
page lists the problems (the last good pages stay) until the files are fixed.
Under ``mkdocs serve --dirty`` (``make serve``) a rebuild writes only the pages
that changed (``mkdossier_serve``).
"""

from __future__ import annotations

import gc
import logging
import shutil
import tempfile
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from mkdossier import bundle, markup, pipeline
from mkdossier.render import Settings
from mkdossier.render.pages import HOME, front_matter, join_blocks
from mkdossier_serve import QUIET_DIRTY_WARNING, Session, TrackedFile

log = logging.getLogger("mkdocs.plugins.mkdossier")

_state = {"command": "build", "pages": {}, "edit_urls": {}, "session": None}
DOWNLOADS = "downloads"


def on_startup(command, dirty):
    _state["command"] = command
    _state["session"] = Session() if command == "serve" and dirty else None
    if _state["session"]:
        logging.getLogger("mkdocs.commands.build").addFilter(QUIET_DIRTY_WARNING)


def _project_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _data_edit_url(config) -> str:
    """Edit links for data files: the docs edit URI, pointed at the project root."""
    if not (config.repo_url and config.edit_uri):
        return ""
    edit_uri = config.edit_uri
    docs = Path(config.docs_dir).name + "/"
    if edit_uri.endswith(docs):
        edit_uri = edit_uri[: -len(docs)]
    return config.repo_url.rstrip("/") + "/" + edit_uri.strip("/") + "/{path}"


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline")
    return bool(plugin and plugin.config.enabled)


def _bundle(config) -> Path:
    """Where ``make offline`` leaves the offline bundle."""
    return _project_dir(config) / "dist" / bundle.bundle_name(config.site_name)


def _settings(config) -> Settings:
    bundle_path = _bundle(config)
    offline_bundle = ""
    if not _offline(config) and bundle_path.is_file():
        offline_bundle = f"{DOWNLOADS}/{bundle_path.name}"
    return Settings(site_name=config.site_name, site_description=config.site_description or "",
                    edit_url=_data_edit_url(config), offline_bundle=offline_bundle,
                    offline_bundle_size=bundle_path.stat().st_size if offline_bundle else 0,
                    site_url=config.site_url or "", use_directory_urls=config.use_directory_urls,
                    data_license=config.extra.get("data_license", Settings.data_license))


def _problems_page(problems) -> str:
    lines = "\n".join(f"- {markup.code(p)}" for p in problems)
    return front_matter("Problems in the knowledge base") + join_blocks(
        "# Problems in the knowledge base",
        f"{len(problems)} problem(s) stop the build. Fix them and this page reloads.",
        lines,
    )


def on_pre_build(config):
    """Run the engine before MkDocs cleans the site folder, so that a knowledge
    base with problems leaves the last good site in place."""
    project = _project_dir(config)
    settings = _settings(config)
    result = pipeline.build(project / "data", settings, root=project)
    for problem in result.problems:
        log.error(str(problem))
    if result.problems:
        if _state["command"] != "serve":
            raise Abort(f"{len(result.problems)} problem(s) in the knowledge base; nothing was built.")
        _state["pages"] = {**_state["pages"], HOME: _problems_page(result.problems)}
        return
    _state["pages"] = result.pages
    _state["files"] = _write_exports(result.files)
    _state["bundle"] = settings.offline_bundle
    _state["edit_urls"] = {path: settings.edit_url.format(path=file)
                           for path, file in pipeline.page_files(result).items()}
    if _state["command"] != "serve":
        # The engine's data lives until the build ends: keep the collector from
        # scanning it on each of MkDocs' collections (at 10,000 records that
        # doubled the time the collector paused the build, measured). Not
        # under serve, where each rebuild's data must be collectable.
        gc.freeze()


def _write_exports(files: dict[str, bytes]) -> dict[str, str]:
    """Export files wait in a folder of this process for MkDocs to copy them,
    rather than in memory through the whole build (91 MB at 10,000 records)."""
    if _state.get("exports") is None:
        _state["exports"] = Path(tempfile.mkdtemp(prefix="mkdossier-exports-"))
    try:
        written = pipeline.write_files(files, _state["exports"])
    except pipeline.OutsideFolder as error:
        raise Abort(str(error)) from None
    return {path: str(target) for path, target in written.items()}


def on_shutdown():
    if _state.get("exports") is not None:
        shutil.rmtree(_state.pop("exports"), ignore_errors=True)


def on_files(files: Files, config) -> Files:
    """Add the generated pages as in-memory files (nothing is written to docs/)."""
    for path, markdown in _state["pages"].items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            log.warning(f"docs/{path} is replaced by a generated page of the same name")
            files.remove(existing)
        files.append(TrackedFile.generated(config, path, content=markdown))
    for path, written in _state.get("files", {}).items():
        files.append(TrackedFile.generated(config, path, abs_src_path=written))
    if _state.get("bundle"):
        files.append(File.generated(config, _state["bundle"], abs_src_path=str(_bundle(config))))
    return _state["session"].track(files) if _state["session"] else files


def on_nav(nav, config, files):
    if _state["session"]:
        _state["session"].plan(files, nav, config, _state["edit_urls"])
    return nav


def on_env(env, config, files):
    if _state["session"]:
        _state["session"].reuse_templates(env)
    return env


def on_build_error(error):
    if _state["session"]:
        _state["session"].forget()


@event_priority(10)  # before the search plugin writes its index (0)
def _before_search_index(config):
    if _state["session"]:
        _state["session"].finish(config)


@event_priority(-110)  # after the offline plugin has inlined the search index (-100)
def _zip_offline_bundle(config):
    """Under ``make offline``: zip the finished site into ``dist/``."""
    if _offline(config):
        out = _bundle(config)
        size = bundle.write_zip(Path(config.site_dir), out, top=out.stem)
        log.info(f"Offline bundle: {out} ({size / 1e6:.1f} MB)")


on_post_build = CombinedEvent(_before_search_index, _zip_offline_bundle)


def on_page_context(context, page, config, nav):
    """Point the theme's edit button at a record's YAML file (or hide it)."""
    if page.file.generated_by is not None or page.file.abs_src_path is None:
        page.edit_url = _state["edit_urls"].get(page.file.src_uri) or None
    if _state["session"]:
        _state["session"].built(page)
    return context
