/* Chronology filters: narrow the incidents by who or what is involved, tag,
 * claim status and year range. The state lives in the URL query, so a
 * filtered view can be shared; without JavaScript the full list shows, under
 * a notice saying so. The table of contents follows the filter (hidden
 * headings leave it, and the tab order), and the count is announced.
 *
 * On the chronology's index the filters cover every incident of every year,
 * also those on pages of their own: the incidents come from
 * chronology/incidents.js (a script, so it loads from file:// too), and the
 * matches are listed here, with links. On a year's page they filter that page.
 * Plain script, no dependencies. Loaded only by the pages with the form. */
(function () {
  "use strict";

  var NAMES = ["party", "tag", "status", "from", "to"];

  function words(element, name) {
    var value = element.getAttribute("data-" + name) || "";
    return value ? value.split(" ") : [];
  }

  // An incident matches a year range if its possible dates overlap it; a
  // range that ends before it starts holds nothing.
  function inRange(from, to, state) {
    if (state.from && state.to && Number(state.from) > Number(state.to)) return false;
    if (state.from && to && Number(to) < Number(state.from)) return false;
    if (state.to && from && Number(from) > Number(state.to)) return false;
    return true;
  }

  function matches(entry, state) {
    if (state.party && words(entry, "party").indexOf(state.party) < 0) return false;
    if (state.tag && words(entry, "tag").indexOf(state.tag) < 0) return false;
    if (state.status && words(entry, "status").indexOf(state.status) < 0) return false;
    return inRange(words(entry, "from")[0], words(entry, "to")[0], state);
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

  /* Every incident, from chronology/incidents.js (see render/chronology.py). */
  function allIncidents(data) {
    return data.incidents.map(function (row) {
      return {
        id: row[0], title: row[1], when: row[2], year: row[3], from: row[4], to: row[5],
        party: row[6].map(function (i) { return data.parties[i][0]; }),
        tag: row[7].map(function (i) { return data.tags[i][0]; }),
        status: row[8].map(function (i) { return data.statuses[i][0]; })
      };
    });
  }

  function incidentMatches(incident, state) {
    if (state.party && incident.party.indexOf(state.party) < 0) return false;
    if (state.tag && incident.tag.indexOf(state.tag) < 0) return false;
    if (state.status && incident.status.indexOf(state.status) < 0) return false;
    return inRange(incident.from || "", incident.to || "", state);
  }

  // The select's options from the data, where the page lists only some.
  function fillOptions(select, pairs) {
    var present = {};
    Array.prototype.forEach.call(select.options, function (option) { present[option.value] = true; });
    pairs.forEach(function (pair) {
      if (present[pair[0]]) return;
      var option = document.createElement("option");
      option.value = pair[0];
      option.textContent = pair[1];
      select.appendChild(option);
    });
  }

  function siteBase() {
    var config = document.getElementById("__config");
    try { return JSON.parse(config.textContent).base || "."; } catch (error) { return ".."; }
  }

  function incidentUrl(data, id) {
    var page = data.folder + id + (data.directoryUrls ? "/" : ".html");
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
      link.href = incidentUrl(data, incident.id);
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

  function incidentsText(count) {
    return count + (count === 1 ? " incident" : " incidents");
  }

  function init() {
    var form = document.querySelector("form.dossier-filters");
    if (!form) return;
    var entries = document.querySelectorAll(".dossier-entry");
    var count = form.querySelector(".dossier-filters__count");
    var total = document.querySelector(".dossier-chronology-total");
    var data = window.dossierIncidents;
    // Across pages only where this page does not list every incident itself.
    var across = data && data.incidents.length > entries.length ? allIncidents(data) : null;
    var results = null, others = [];
    if (across) {
      fillOptions(form.elements.party, data.parties);
      fillOptions(form.elements.tag, data.tags);
      fillOptions(form.elements.status, data.statuses);
      results = document.createElement("div");
      results.className = "dossier-results";
      results.hidden = true;
      form.parentNode.insertBefore(results, form.nextSibling);
      for (var node = results.nextElementSibling; node; node = node.nextElementSibling) others.push(node);
    }
    var params = new URLSearchParams(window.location.search);
    NAMES.forEach(function (name) {
      var field = form.elements[name], value = params.get(name);
      if (field && value && field.querySelector('option[value="' + CSS.escape(value) + '"]')) field.value = value;
    });

    function apply(updateUrl) {
      var state = {}, query = new URLSearchParams(), shown = 0, filtered = false, all = entries.length;
      NAMES.forEach(function (name) {
        state[name] = form.elements[name].value;
        if (state[name]) { query.set(name, state[name]); filtered = true; }
      });
      if (across) {
        var found = filtered ? across.filter(function (incident) { return incidentMatches(incident, state); }) : [];
        all = across.length;
        shown = filtered ? found.length : all;
        renderResults(results, data, found);
        results.hidden = !filtered;
        others.forEach(function (node) { node.hidden = filtered; });
        resultsToc(results, filtered);
      } else {
        Array.prototype.forEach.call(entries, function (entry) {
          entry.hidden = !matches(entry, state);
          if (!entry.hidden) shown += 1;
        });
        hideEmptyHeadings(form.parentNode);
      }
      count.textContent = shown === all ? incidentsText(all) : "Showing " + shown + " of " + incidentsText(all);
      if (total) total.textContent = shown === all ? incidentsText(all) : shown + " of " + incidentsText(all);
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
