"""MkDocs adapter for the mkdossier engine (``hooks:`` in mkdocs.yml).

``on_files`` runs the engine on ``data/`` and adds its pages as in-memory
files; the other events only decorate. The hook knows nothing of record
types: everything about records lives in the ``mkdossier`` package.

A knowledge base with problems stops ``mkdocs build`` with every problem
listed. Under ``mkdocs serve`` the server keeps running instead: the home
page lists the problems (the last good pages stay) until the files are fixed.
Under ``mkdocs serve --dirty`` (``make serve``) a rebuild writes only the pages
that changed (``mkdossier_serve``).

Every page's content goes through the allowlist sanitizer (``sanitize``), and
every page gets a Content-Security-Policy (``csp``) that allows the theme's
own inline scripts by hash and nothing from other origins.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import re
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import Abort
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from mkdossier import bundle, cache, csp, markup, page_html, parallel, pipeline, report, sanitize, search_terms, site
from mkdossier.render import Settings, figures
from mkdossier.render.pages import HOME, front_matter, join_blocks
from mkdossier.store import Store
from mkdossier_handover import Handover
from mkdossier_kept import Kept
from mkdossier_nav import NavCache
from mkdossier_nav import enabled as nav_cache_enabled
from mkdossier_serve import GENERATOR, QUIET_DIRTY_WARNING, Session, TrackedFile

log = logging.getLogger(f"{GENERATOR}.plugins.mkdossier")

# "figures": the pages' figures as the engine drew them; "clean figures": the
# same through the sanitizer, the only ones put into pages.
_state = {"command": "build", "pages": {}, "clean figures": {}, "edit_urls": {}, "session": None,
          "handover": Handover(), "kept": Kept(), "nav cache": NavCache()}
DOWNLOADS = "downloads"
# The theme's partials that hold its inline scripts (material/templates/partials/javascripts).
THEME_SCRIPTS = ("base", "palette", "content", "outdated", "announce", "consent")
SHIM = "assets/vendor/iframe-worker/shim.js"
LIVERELOAD = "assets/javascripts/mkdossier-livereload.js"
COLLECT_AFTER = 2.0  # seconds after a rebuild under serve: the browser has its page by then
# The theme's settings for its script, printed in every page: the search
# worker's URL is read from there (and checked to be a plain relative path).
_THEME_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)


def on_startup(command, dirty):
    _state["command"] = command
    _remove_exports_on_signals()
    _state["session"] = Session() if command == "serve" and dirty else None
    if command == "serve":
        cache.remember()  # each rebuild reads the data folder's disk cache again
    if _state["session"]:
        logging.getLogger(f"{GENERATOR}.commands.build").addFilter(QUIET_DIRTY_WARNING)


@event_priority(100)  # before the search plugin reads its settings (0)
def on_config(config):
    """The search languages from the knowledge base (its sources' languages
    and its names' scripts), unless mkdocs.yml names them under ``search``;
    the nav's Records section from the model's record types (``site.RECORDS_NAV``)."""
    _put_off_work()  # before this build reads or makes anything
    project = _project_dir(config)
    # Read once per build: the engine checks and renders this same reading in ``on_pre_build``.
    loaded = _state["loaded"] = pipeline.load(project / "data", project)
    search = config.plugins.get("material/search")
    if search is not None and not search.config.lang:
        # Under serve each rebuild asks again: records' languages are kept by content and model.
        serving = _state["command"] == "serve" and loaded.cache is not None
        known = _state.setdefault("languages", {}) if serving else None
        if known is not None and len(known) > 2 * len(loaded.records) + 100:
            known.clear()  # edits leave the languages of contents gone
        search.config.lang = search_terms.search_languages(
            loaded.model, loaded.records, known, loaded.cache.fingerprint if serving else "")
    config["nav"] = site.nav_with_records(config["nav"], loaded.model)
    return config


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
    """Where the offline bundle is written and linked from: ``dist/``, or the
    folder ``$MKDOSSIER_BUNDLE_DIR`` names (``make build`` writes the new zip
    there and moves it into ``dist/`` only once both builds have succeeded)."""
    folder = os.environ.get("MKDOSSIER_BUNDLE_DIR") or "dist"
    return _project_dir(config) / folder / bundle.bundle_name(config.site_name)


def _settings(config) -> Settings:
    bundle_path = _bundle(config)
    offline_bundle = ""
    # Under serve a zip in dist/ is from an earlier build (pages since edited
    # or deleted): the Downloads page says how to make one instead.
    if not _offline(config) and bundle_path.is_file() and _state["command"] != "serve":
        offline_bundle = f"{DOWNLOADS}/{bundle_path.name}"
    return Settings(site_name=config.site_name, site_description=config.site_description or "",
                    edit_url=_data_edit_url(config), offline_bundle=offline_bundle,
                    offline_bundle_size=bundle_path.stat().st_size if offline_bundle else 0,
                    site_url=config.site_url or "", use_directory_urls=config.use_directory_urls,
                    data_license=config.extra.get("data_license", Settings.data_license),
                    figures=config.extra.get("figures", Settings.figures) is not False)


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
    serving = _state["command"] == "serve"
    # Under serve, the last good build: the pages an edit does not reach are kept from it (``reach``);
    # under build, the last build's rendering if nothing it reads has changed (``kept_render``).
    previous = _state.get("last build") if serving else None
    store = None if serving else _render_store(project, settings)
    loaded = _state.pop("loaded", None)
    # Under serve the disk cache is saved once the page is served (``_release_memory``).
    unsaved = loaded.cache if serving and loaded is not None else None
    result = pipeline.build(project / "data", settings, root=project, workers=parallel.cores(),
                            previous=previous, loaded=loaded, store=store, incremental=serving,
                            save_cache=unsaved is None)
    if unsaved is not None:
        _state["unsaved cache"] = unsaved
    for problem in result.problems:
        log.error(report.printable(str(problem)))  # no terminal control sequences from data
    if result.problems:
        if not serving:
            raise Abort(f"{len(result.problems)} problem(s) in the knowledge base; nothing was built.")
        _state["pages"] = {**_state["pages"], HOME: _problems_page(result.problems)}
        return
    log.debug(f"mkdossier: rendered {result.rendered} of {len(result.graph.records)} record pages")
    if serving:
        _state["last build"] = result
    _state["pages"] = result.pages
    _state["figures"] = result.figures  # cleaned in ``on_nav``
    _state["files"] = _write_exports(result.files)
    _state["bundle"] = settings.offline_bundle
    _state["edit_urls"] = {path: settings.edit_url.format(path=file)
                           for path, file in pipeline.page_files(result).items()}
    # The engine's data lives until the build ends: keep the collector from
    # scanning it on each of MkDocs' collections (at 10,000 records that
    # doubled the time the collector paused the build, and took 1.3-2.2 s of
    # a 7 s rebuild under serve, measured). Under serve it is released when
    # the build ends (``_release_memory``).
    gc.freeze()


def _render_store(project: Path, settings: Settings) -> Store | None:
    """Where the engine keeps its rendering for the next ``mkdocs build`` (none without a cache folder)."""
    store = Store(project, kind="render", variant=repr(settings))  # the site's apart from the offline bundle's
    if store.temporary:
        store.close()
        return None
    return store


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


def _remove_exports() -> None:
    folder = _state.pop("exports", None)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def on_shutdown():
    with _putting_off:  # the last rebuild's disk cache, if the server stops before it is saved
        _save_put_off_cache()
    _remove_exports()


def _remove_exports_on_signals() -> None:
    """A build stopped by SIGTERM or Ctrl-C never reaches ``on_shutdown``
    (SIGTERM) or may not (SIGINT): remove the export folder first, then let
    the signal do what it did before (end the process, raise KeyboardInterrupt)."""
    for signum in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)):
        if signum is None:
            continue
        previous = signal.getsignal(signum)
        if previous in (None, signal.SIG_IGN) or getattr(previous, "removes_exports", False):
            continue

        def handler(number, frame, previous=previous):
            _remove_exports()
            signal.signal(number, previous)
            if callable(previous):
                previous(number, frame)
            else:
                os.kill(os.getpid(), number)

        handler.removes_exports = True
        try:
            signal.signal(signum, handler)
        except ValueError:  # not the main thread: nothing to install
            return


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
    if _state["command"] == "serve":
        files.append(File.generated(config, LIVERELOAD, content=_LIVERELOAD_SCRIPT))
    return _state["session"].track(files) if _state["session"] else files


def on_nav(nav, config, files):
    """The last event before MkDocs reads the pages: the engine converts its
    own now, and each figure goes through the sanitizer once (many pages share
    one: see render/figures.py), on every core when the pages are converted.
    After a broken edit under serve there are no new figures: the last good ones stay."""
    if _state["session"]:
        _state["session"].plan(files, nav, config, _state["edit_urls"])
    _state["nav"] = nav
    drawn = _state.pop("figures", None)
    if _converting():
        _state["clean figures"] = _state["handover"].convert(_state["pages"], config, files, _project_dir(config),
                                                             drawn or {})
    elif drawn is not None:  # under serve: a figure cleaned by an earlier build is not cleaned again
        clean = _state["clean figures"]
        fresh = page_html.clean_fragments({key: html for key, html in drawn.items() if key not in clean})
        _state["clean figures"] = {key: clean[key] if key in clean else fresh[key] for key in drawn}
    return nav


def _converting() -> bool:
    """Whether the engine converts its pages (``mkdossier_handover``): under ``mkdocs build``."""
    return _state["command"] == "build" and page_html.enabled()


def on_env(env, config, files):
    _state["env"] = env
    _state["theme_hashes"] = {}
    _state["worker_hashes"] = {}
    if _state["session"]:
        _state["session"].reuse_templates(env)
    nav = _state.pop("nav", None)
    if _state["command"] == "build" and nav is not None:  # every page is read: those unchanged are kept
        kept = _state["kept"].plan(env, config, nav, files, _state["edit_urls"], _project_dir(config))
        log.debug(f"mkdossier: {kept} page(s) kept from an earlier build")
        if nav_cache_enabled():  # the pages that show the same navigation share its rendering
            _state["nav cache"].install(env, nav, config)
    gc.freeze()  # and MkDocs' files, pages and nav, which live until the build ends too
    return env


@event_priority(-100)  # last: the Markdown as MkDocs would convert it, after every other plugin
def on_page_markdown(markdown, page, config, files):
    """A page the engine has converted (exactly this Markdown) needs no
    conversion by MkDocs: its HTML comes in ``on_page_content`` (``mkdossier_handover``)."""
    return _state["handover"].markdown(markdown, page)


def on_build_error(error):
    _release_memory(None)
    if _state["session"]:
        _state["session"].forget()
    _state["handover"].finish(keep=False)
    _state["kept"].finish(keep=False)
    _state["nav cache"].finish()


@event_priority(10)  # before the search plugin writes its index (0)
def _before_search_index(config):
    if _state["session"]:
        _state["session"].finish(config)


@event_priority(-110)  # after the offline plugin has inlined the search index (-100)
def _zip_offline_bundle(config):
    """Under ``make offline``: zip the finished site into ``dist/``."""
    if _offline(config):
        out = _bundle(config)
        search = config.plugins.get("material/search")
        languages = list(search.config.lang or ["en"]) if search else ["en"]
        size = bundle.write_zip(Path(config.site_dir), out, top=out.stem,
                                leave_out=bundle.dead_weight(languages))
        log.info(f"Offline bundle: {out} ({size / 1e6:.1f} MB)")


def _keep_converted_pages(config):
    log.debug(f"mkdossier: {_state['handover'].indexed} page(s) indexed for search by the engine's workers")
    _state["handover"].finish(keep=True)
    _state["kept"].finish(keep=True)
    log.debug(f"mkdossier: {_state['nav cache'].finish()} page(s) given a navigation rendered for another")


@event_priority(-120)  # last
def _release_memory(config):
    """Under serve, what the build froze (``on_pre_build``) becomes collectable
    again: the last build's data, replaced by the next one, must not stay.
    The full collection that frees it waits a moment, so as not to hold up
    the reload the server now sends the browser, and so does saving the data
    folder's disk cache; if the next build begins first, both run before it
    starts (``on_config``), so no more than one build's garbage ever waits
    and each build reads the cache the last one saved."""
    if _state["command"] == "serve":
        gc.unfreeze()
        _state["uncollected"] = True
        later = threading.Timer(COLLECT_AFTER, _put_off_work)
        later.daemon = True
        later.start()


_putting_off = threading.Lock()


def _put_off_work() -> None:
    """What ``_release_memory`` put off, if nobody has run it yet: saving the
    disk cache, the full collection."""
    with _putting_off:
        _save_put_off_cache()
        if _state.pop("uncollected", False):
            gc.collect()


def _save_put_off_cache() -> None:
    """The disk cache ``on_pre_build`` left unsaved under serve, if nobody has saved it yet."""
    unsaved = _state.pop("unsaved cache", None)
    if unsaved is not None:
        unsaved.save()


on_post_build = CombinedEvent(_before_search_index, _zip_offline_bundle, _keep_converted_pages, _release_memory)


@event_priority(100)  # before the search plugin reads the page (0)
def _before_search(context, page, config, nav):
    _state["kept"].before_search(config)
    _state["handover"].before_search(page)
    return context


@event_priority(-50)  # after the search plugin has read the page (0): figures are not searched
def _page_context(context, page, config, nav):
    """Point the theme's edit button at a record's YAML file (or hide it), and
    put the page's figures, cleaned once each in ``on_nav``, into its HTML."""
    _state["handover"].after_search(page, config)
    _state["kept"].after_search(context, page, config)
    if page.content and figures.SLOT in page.content:
        page.content = figures.fill(page.content, _state["clean figures"])
    if page.file.generated_by is not None or page.file.abs_src_path is None:
        page.edit_url = _state["edit_urls"].get(page.file.src_uri) or None
    if _state["session"]:
        _state["session"].built(page)
    _state["page_hashes"] = _theme_hashes(context, config)
    return context


on_page_context = CombinedEvent(_before_search, _page_context)


@event_priority(100)  # first: other plugins see the page's HTML as if MkDocs had converted it
def _converted_content(html, page, config, files):
    """The engine's HTML of a page handed over in ``on_page_markdown``."""
    return _state["handover"].content(html, page, files)


@event_priority(-100)  # last, so that whatever another plugin added is cleaned too
def _sanitized_content(html, page, config, files):
    """Every page's content through the sanitizer. The hand-written pages in
    docs/ are cleaned too: it changes nothing visible on them, and one rule for
    all pages is simpler to trust. The search plugin indexes this cleaned HTML.
    The engine's converted pages come cleaned already: unless another plugin
    changed one since (it is no longer the very same string), it is not
    cleaned twice."""
    if _state["handover"].is_clean(html):
        return html
    return sanitize.clean(html)


on_page_content = CombinedEvent(_converted_content, _sanitized_content)


@event_priority(100)  # first: every plugin's on_post_page sees the page's output as the theme made it
def _kept_output(output, page, config):
    return _state["kept"].output(output, page, config)


def _policy(output, page, config):
    """The Content-Security-Policy as the first element of the page's head.
    The page's HTML is written now and read by nothing after (the search
    plugin took its text in ``on_page_context``): MkDocs would hold every
    page's content, figures included, to the end of the build."""
    page.content = None
    return _with_policy(output, _state.pop("page_hashes", ()), config)


on_post_page = CombinedEvent(_kept_output, _policy)


def on_template_context(context, template_name, config):
    if template_name.endswith(".html"):
        _state["template_hashes"] = _theme_hashes(context, config)
    return context


def on_post_template(output_content, template_name, config):
    """404.html gets the policy too (sitemap.xml is no HTML)."""
    if not template_name.endswith(".html"):
        return output_content
    return _with_policy(output_content, _state.pop("template_hashes", ()), config)


def _theme_hashes(context, config) -> tuple[str, ...]:
    """Hashes of the theme's inline scripts as rendered for this page: the
    partials are rendered on their own with the page's context (they depend
    only on its base URL and the site config), never read from the output."""
    base_url = context.get("base_url")
    cached = _state["theme_hashes"].get(base_url)
    if cached is None:
        env = _state["env"]
        scope = dict(context, features=config.theme.get("features") or [])
        scripts = []
        for name in THEME_SCRIPTS:
            scripts += csp.inline_scripts(env.get_template(f"partials/javascripts/{name}.html").render(scope))
        cached = _state["theme_hashes"][base_url] = tuple(csp.script_hash(s) for s in scripts)
    return cached


def _worker_hash(output: str, config) -> tuple[str, ...]:
    """From file:// the vendored iframe-worker shim runs the search worker
    through an inline script in an iframe, which has the page's policy."""
    if SHIM not in (config.extra.get("polyfills") or []):
        return ()
    settings = _THEME_CONFIG.search(output)
    worker_url = json.loads(settings.group(1)).get("search") if settings else None
    if not isinstance(worker_url, str):
        return ()
    if worker_url not in _state["worker_hashes"]:
        shim = (Path(config.docs_dir) / SHIM).read_text(encoding="utf-8")
        try:
            _state["worker_hashes"][worker_url] = csp.script_hash(csp.offline_worker_script(shim, worker_url))
        except ValueError as error:  # a theme or shim update changed what we hash
            raise Abort(f"Content-Security-Policy: {error}") from None
    return (_state["worker_hashes"][worker_url],)


def _with_policy(output: str, hashes, config) -> str:
    return csp.with_policy(output, csp.policy([*hashes, *_worker_hash(output, config)]))


def on_serve(server, config, builder):
    """MkDocs' server adds an inline live-reload script to each page it
    serves, which the policy blocks: it adds a same-origin one instead (the
    files on disk stay as ``mkdocs build`` writes them)."""
    mount = urlsplit(server.url).path

    def inject(content: bytes, epoch: int) -> bytes:
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        tag = f'<script src="{mount}{LIVERELOAD}?epoch={int(epoch)}"></script>'.encode()
        return content[:end] + tag + content[end:]

    # The one place MkDocs (and ProperDocs) adds its script; if a later version
    # moves it, live reload is blocked by the policy and pages stay safe.
    if hasattr(server, "_inject_js_into_html"):
        server._inject_js_into_html = inject
    return server


# MkDocs' live reload (mkdocs/livereload/__init__.py) as a file: the page
# reloads when the server has built a newer site than the one it was served from.
_LIVERELOAD_SCRIPT = """// Under `mkdocs serve` only: live reload under the Content-Security-Policy.
(function () {
  "use strict";
  var epoch = Number(new URL(document.currentScript.src).searchParams.get("epoch"));
  var id = String(Date.now()), request = null, timeout = null;
  function poll() {
    if (request || document.visibilityState !== "visible") return;
    request = new XMLHttpRequest();
    request.onloadend = function () {
      var status = this.status, value = parseFloat(this.responseText);
      request = null;
      if (status === 200 && value > epoch) return location.reload();
      timeout = setTimeout(poll, status === 200 ? 0 : 3000);
    };
    request.open("GET", "/livereload/" + epoch + "/" + id);
    request.send();
  }
  function stop() {
    if (request) request.abort();
    clearTimeout(timeout);
    request = null;
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") poll(); else stop();
  });
  window.addEventListener("beforeunload", stop);
  window.addEventListener("load", poll);
})();
"""
