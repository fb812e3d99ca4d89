"""MkDocs adapter for the mkdossier engine (``hooks:`` in mkdocs.yml).

``on_files`` runs the engine on ``data/`` and adds its pages as in-memory
files; the other events only decorate. The hook knows nothing of record
types: everything about records lives in the ``mkdossier`` package.

A knowledge base with problems stops ``mkdocs build`` with every problem
listed. Under ``mkdocs serve`` the server keeps running instead: the home
page lists the problems (the last good pages stay) until the files are fixed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from mkdossier import markup, pipeline
from mkdossier.render import Settings
from mkdossier.render.pages import HOME, front_matter, join_blocks

log = logging.getLogger("mkdocs.plugins.mkdossier")

_state = {"command": "build", "pages": {}, "edit_urls": {}}


def on_startup(command, dirty):
    _state["command"] = command


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


def _settings(config) -> Settings:
    return Settings(site_name=config.site_name, site_description=config.site_description or "",
                    edit_url=_data_edit_url(config))


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
    _state["edit_urls"] = {path: settings.edit_url.format(path=file)
                           for path, file in pipeline.page_files(result).items()}


def on_files(files: Files, config) -> Files:
    """Add the generated pages as in-memory files (nothing is written to docs/)."""
    for path, markdown in _state["pages"].items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            log.warning(f"docs/{path} is replaced by a generated page of the same name")
            files.remove(existing)
        files.append(File.generated(config, path, content=markdown))
    return files


def on_page_context(context, page, config, nav):
    """Point the theme's edit button at a record's YAML file (or hide it)."""
    if page.file.generated_by is not None or page.file.abs_src_path is None:
        page.edit_url = _state["edit_urls"].get(page.file.src_uri) or None
    return context
