/* Chronology filters: narrow the incidents by person or organization, tag,
 * claim status and year range. The state lives in the URL query, so a
 * filtered view can be shared; without JavaScript the full list shows, under
 * a notice saying so. The table of contents follows the filter (hidden
 * headings leave it, and the tab order), and the count is announced.
 * Plain script, no dependencies: works from file:// as well as a server.
 * Loaded only by the pages with the filter form. */
(function () {
  "use strict";

  var NAMES = ["party", "tag", "status", "from", "to"];

  function words(element, name) {
    var value = element.getAttribute("data-" + name) || "";
    return value ? value.split(" ") : [];
  }

  function matches(entry, state) {
    if (state.party && words(entry, "party").indexOf(state.party) < 0) return false;
    if (state.tag && words(entry, "tag").indexOf(state.tag) < 0) return false;
    if (state.status && words(entry, "status").indexOf(state.status) < 0) return false;
    // A range that ends before it starts holds nothing.
    if (state.from && state.to && Number(state.from) > Number(state.to)) return false;
    var from = words(entry, "from")[0], to = words(entry, "to")[0];
    // An incident matches a year range if its possible dates overlap it.
    if (state.from && to && Number(to) < Number(state.from)) return false;
    if (state.to && from && Number(from) > Number(state.to)) return false;
    return true;
  }

  function hideEmptyHeadings(container) {
    var headings = container.querySelectorAll("h2, h3");
    Array.prototype.forEach.call(headings, function (heading) {
      var level = Number(heading.tagName.charAt(1)), visible = false;
      for (var node = heading.nextElementSibling; node; node = node.nextElementSibling) {
        if (/^H[1-3]$/.test(node.tagName) && Number(node.tagName.charAt(1)) <= level) break;
        if (node.classList.contains("dossier-entry") && !node.hidden) { visible = true; break; }
        if (!node.classList.contains("dossier-entry") && !/^H[1-6]$/.test(node.tagName)) { visible = true; break; }
      }
      heading.hidden = !visible;
      tocItems(heading.id).forEach(function (item) { item.hidden = heading.hidden; });
    });
  }

  // The table of contents' entries for a heading (the sidebar's, and the
  // copy in the navigation drawer on small screens).
  function tocItems(id) {
    if (!id) return [];
    var links = document.querySelectorAll(".md-nav--secondary a.md-nav__link");
    var items = [];
    Array.prototype.forEach.call(links, function (link) {
      if (link.getAttribute("href") === "#" + id && link.parentNode) items.push(link.parentNode);
    });
    return items;
  }

  function init() {
    var form = document.querySelector("form.dossier-filters");
    if (!form) return;
    var entries = document.querySelectorAll(".dossier-entry");
    var count = form.querySelector(".dossier-filters__count");
    var params = new URLSearchParams(window.location.search);
    NAMES.forEach(function (name) {
      var field = form.elements[name], value = params.get(name);
      if (field && value && field.querySelector('option[value="' + CSS.escape(value) + '"]')) field.value = value;
    });

    function apply(updateUrl) {
      var state = {}, query = new URLSearchParams(), shown = 0;
      NAMES.forEach(function (name) {
        state[name] = form.elements[name].value;
        if (state[name]) query.set(name, state[name]);
      });
      Array.prototype.forEach.call(entries, function (entry) {
        entry.hidden = !matches(entry, state);
        if (!entry.hidden) shown += 1;
      });
      hideEmptyHeadings(form.parentNode);
      count.textContent = shown === entries.length
        ? entries.length + " incidents"
        : "Showing " + shown + " of " + entries.length + " incidents";
      if (updateUrl) {
        var search = query.toString();
        var url = window.location.pathname + (search ? "?" + search : "") + window.location.hash;
        try { window.history.replaceState(null, "", url); } catch (error) { /* some file:// setups */ }
      }
    }

    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(true); }, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    Array.prototype.forEach.call(document.querySelectorAll(".dossier-nojs"), function (notice) {
      notice.hidden = true;
    });
    apply(false);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
