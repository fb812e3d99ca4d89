/* Chronology filters: narrow the incidents by the form's selects (who or
 * what is involved, the filter fields the model declares, claim status,
 * source reliability) and a year range. The state lives in the URL query,
 * so a filtered view can be shared; without JavaScript the full list shows,
 * under a notice saying so. The table of contents follows the filter
 * (hidden headings leave it, and the tab order), and the count is announced.
 *
 * The facets are the form's: every select but the year range is one, named
 * by its query key. An incident on the page says its values in one
 * attribute, data-facets="party=ada,beta tag=oil from=2022 to=2023" (each
 * value percent-encoded, so no value holds a comma or a space).
 *
 * On the chronology's index the filters cover every incident of every year,
 * also those on pages of their own: the incidents come from
 * chronology/incidents.js (a script, so it loads from file:// too), and the
 * matches are listed here, with links. On a year's page they filter that page.
 * Plain script, no dependencies. Loaded only by the pages with the form. */
(function () {
  "use strict";

  var RANGE = ["from", "to"];

  // An element's facets: {key: [value, …]}.
  function facetsOf(element) {
    var found = {};
    (element.getAttribute("data-facets") || "").split(" ").forEach(function (pair) {
      var cut = pair.indexOf("=");
      if (cut < 1) return;
      found[pair.slice(0, cut)] = pair.slice(cut + 1).split(",").map(decodeURIComponent);
    });
    return found;
  }

  // An incident matches a year range if its possible dates overlap it; a
  // range that ends before it starts holds nothing.
  function inRange(from, to, state) {
    if (state.from && state.to && Number(state.from) > Number(state.to)) return false;
    if (state.from && to && Number(to) < Number(state.from)) return false;
    if (state.to && from && Number(from) > Number(state.to)) return false;
    return true;
  }

  // ``facets`` as facetsOf gives them; ``keys`` the form's facets but the years.
  function matches(facets, state, keys) {
    for (var i = 0; i < keys.length; i++) {
      var key = keys[i];
      if (state[key] && (facets[key] || []).indexOf(state[key]) < 0) return false;
    }
    return inRange((facets.from || [])[0], (facets.to || [])[0], state);
  }

  function hideEmptyHeadings(container) {
    var headings = container.querySelectorAll("h2, h3");
    Array.prototype.forEach.call(headings, function (heading) {
      if (heading.closest(".dossier-results")) return;
      var level = Number(heading.tagName.charAt(1)), visible = false;
      for (var node = heading.nextElementSibling; node; node = node.nextElementSibling) {
        if (/^H[1-3]$/.test(node.tagName) && Number(node.tagName.charAt(1)) <= level) break;
        if (node.classList.contains("dossier-results")) break;
        if (node.hidden) continue;
        if (node.classList.contains("dossier-entry")) { visible = true; break; }
        if (!/^H[1-6]$/.test(node.tagName)) { visible = true; break; }
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

  /* Every incident, from chronology/incidents.js (see render/chronology.py),
   * with its facets as facetsOf gives them. */
  function allIncidents(data) {
    return data.incidents.map(function (row) {
      var facets = {from: row[4] ? [String(row[4])] : [], to: row[5] ? [String(row[5])] : []};
      data.facets.forEach(function (facet, n) {
        facets[facet[0]] = row[7 + n].map(function (i) { return facet[1][i][0]; });
      });
      return {id: row[0], title: row[1], when: row[2], year: row[3], folder: row[6], facets: facets};
    });
  }

  // The select's options from the data, where the page lists only some, in
  // the data's order (the form's); "any" stays first.
  function fillOptions(select, pairs) {
    var present = {};
    Array.prototype.forEach.call(select.options, function (option) { present[option.value] = option; });
    pairs.forEach(function (pair) {
      var option = present[pair[0]];
      if (!option) {
        option = document.createElement("option");
        option.value = pair[0];
        option.textContent = pair[1];
      }
      select.appendChild(option);
    });
  }

  function siteBase() {
    var config = document.getElementById("__config");
    try { return JSON.parse(config.textContent).base || "."; } catch (error) { return ".."; }
  }

  function incidentUrl(data, incident) {
    var page = data.folders[incident.folder] + incident.id + (data.directoryUrls ? "/" : ".html");
    return new URL(siteBase() + "/" + page, window.location.href).href;
  }

  /* The matches across all pages, grouped by year, each a link. */
  function renderResults(results, data, found) {
    results.textContent = "";
    var heading = null, list = null;
    found.forEach(function (incident) {
      var year = incident.year ? String(incident.year) : "Undated";
      if (!heading || heading.textContent !== year) {
        heading = document.createElement("h2");
        heading.id = "matching-" + year.toLowerCase();
        heading.textContent = year;
        list = document.createElement("ul");
        results.appendChild(heading);
        results.appendChild(list);
      }
      var item = document.createElement("li"), date = document.createElement("strong");
      var link = document.createElement("a");
      date.textContent = incident.when;
      link.href = incidentUrl(data, incident);
      link.textContent = incident.title;
      item.appendChild(date);
      item.appendChild(document.createTextNode(" — "));
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  // The table of contents during a filter across pages: the matching years
  // (in the sidebar, and in its copy in the navigation drawer).
  function resultsToc(results, show) {
    var tocs = document.querySelectorAll(".md-nav--secondary > .md-nav__list");
    Array.prototype.forEach.call(tocs, function (toc) {
      Array.prototype.forEach.call(toc.querySelectorAll(".dossier-results-toc"), function (item) {
        item.parentNode.removeChild(item);
      });
      Array.prototype.forEach.call(toc.children, function (item) { item.hidden = show; });
      if (!show) return;
      Array.prototype.forEach.call(results.querySelectorAll("h2"), function (heading) {
        var item = document.createElement("li"), link = document.createElement("a");
        item.className = "md-nav__item dossier-results-toc";
        link.className = "md-nav__link";
        link.href = "#" + heading.id;
        link.textContent = heading.textContent;
        item.appendChild(link);
        toc.appendChild(item);
      });
    });
  }

  function init() {
    var form = document.querySelector("form.dossier-filters");
    if (!form) return;
    var entries = document.querySelectorAll(".dossier-entry");
    var entryFacets = Array.prototype.map.call(entries, facetsOf);
    var count = form.querySelector(".dossier-filters__count");
    var total = document.querySelector(".dossier-chronology-total");
    // What an incident is called (the model's words), for the count.
    var one = form.querySelector(".dossier-filters__one"), many = form.querySelector(".dossier-filters__many");
    one = one ? one.textContent : "incident";
    many = many ? many.textContent : "incidents";
    var names = Array.prototype.map.call(form.querySelectorAll("select"), function (select) { return select.name; });
    var keys = names.filter(function (name) { return RANGE.indexOf(name) < 0; });
    var data = window.dossierIncidents;
    // Across pages only where this page does not list every incident itself.
    var across = data && data.incidents.length > entries.length ? allIncidents(data) : null;
    var results = null, others = [];
    if (across) {
      data.facets.forEach(function (facet) {
        if (form.elements[facet[0]]) fillOptions(form.elements[facet[0]], facet[1]);
      });
      results = document.createElement("div");
      results.className = "dossier-results";
      results.hidden = true;
      form.parentNode.insertBefore(results, form.nextSibling);
      for (var node = results.nextElementSibling; node; node = node.nextElementSibling) others.push(node);
    }
    var params = new URLSearchParams(window.location.search);
    names.forEach(function (name) {
      var field = form.elements[name], value = params.get(name);
      if (field && value && field.querySelector('option[value="' + CSS.escape(value) + '"]')) field.value = value;
    });

    function counted(number) {
      return number + " " + (number === 1 ? one : many);
    }

    // On a page of one year: the link to the chronology carries the filter there.
    var everyYear = form.querySelector(".dossier-filters__all");
    var everyYearBase = everyYear && everyYear.getAttribute("href");

    function apply(updateUrl) {
      var state = {}, query = new URLSearchParams(), shown = 0, filtered = false, all = entries.length;
      names.forEach(function (name) {
        state[name] = form.elements[name].value;
        if (state[name]) { query.set(name, state[name]); filtered = true; }
      });
      if (across) {
        var found = filtered ? across.filter(function (incident) { return matches(incident.facets, state, keys); }) : [];
        all = across.length;
        shown = filtered ? found.length : all;
        renderResults(results, data, found);
        results.hidden = !filtered;
        others.forEach(function (node) { node.hidden = filtered; });
        resultsToc(results, filtered);
      } else {
        Array.prototype.forEach.call(entries, function (entry, n) {
          entry.hidden = !matches(entryFacets[n], state, keys);
          if (!entry.hidden) shown += 1;
        });
        hideEmptyHeadings(form.parentNode);
      }
      count.textContent = shown === all ? counted(all) : "Showing " + shown + " of " + counted(all);
      if (total) total.textContent = shown === all ? counted(all) : shown + " of " + counted(all);
      var search = query.toString();
      if (everyYear) everyYear.setAttribute("href", everyYearBase + (search ? "?" + search : ""));
      if (updateUrl) {
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
