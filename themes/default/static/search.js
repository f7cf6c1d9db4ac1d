/*
 * dossier default theme: client-side search.
 *
 * Progressive enhancement for the GET form in search.html:
 *   <form role="search" method="get" data-index="/search-index.json"> with <input name="q">
 * Without JavaScript the form still submits to the same page (?q=...).
 *
 * The index is {"pages": [{title, url, kind, summary, text, terms}]}. Pages are ranked
 * by how many query words they match; matches in the title weigh most, then terms,
 * then the summary, then the body text. Up to MAX_RESULTS are shown.
 *
 * Everything taken from the index is written with textContent, never innerHTML.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 20;
  var DEBOUNCE_MS = 200;
  var WEIGHTS = { title: 10, terms: 5, summary: 3, text: 1 };
  var form = document.querySelector("form[data-index]");
  if (!form || !window.fetch) {
    return;
  }
  // The words shown, in the page's language: the form's data-* attributes
  // (which a site in Welsh has), else English.
  var words = form.dataset;
  function say(name, english, values) {
    var text = words[name] || english;
    Object.keys(values || {}).forEach(function (k) {
      text = text.split("{" + k + "}").join(values[k]);
    });
    return text;
  }
  var KIND_LABELS = {
    "case-study": say("kindCaseStudy", "Case study"),
    "page": say("kindPage", "Page")
  };
  var input = form.querySelector('input[name="q"]');
  var results = document.getElementById("search-results");
  if (!input || !results) {
    return;
  }

  // The live region announces the result count; create it if the template has none.
  var status = document.getElementById("search-status");
  if (!status) {
    status = document.createElement("p");
    status.id = "search-status";
    status.setAttribute("aria-live", "polite");
    results.appendChild(status);
  }

  var list = null;
  var indexPromise = null;
  var timer = null;

  /* Lower-case, strip accents, so "Café" matches "cafe". */
  function normalise(value) {
    var s = String(value || "").toLowerCase();
    if (s.normalize) {
      s = s.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    return s;
  }

  /* Split a query into unique words of letters and digits. */
  function tokenise(query) {
    var words = normalise(query).split(/[^a-z0-9\u00c0-\uffff]+/);
    var seen = {};
    var out = [];
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      if (w && !seen[w]) {
        seen[w] = true;
        out.push(w);
      }
    }
    // Drop one-letter words unless they are all we have.
    var long = out.filter(function (w) { return w.length > 1; });
    return long.length ? long : out;
  }

  /* Fetch the index once and keep pre-normalised copies of each field. */
  function loadIndex() {
    if (!indexPromise) {
      indexPromise = fetch(form.getAttribute("data-index"), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          var pages = (data && Array.isArray(data.pages)) ? data.pages : [];
          return pages.map(function (page) {
            var terms = Array.isArray(page.terms) ? page.terms : [];
            return {
              page: page,
              title: normalise(page.title),
              terms: normalise(terms.join(" ")),
              summary: normalise(page.summary),
              text: normalise(page.text)
            };
          });
        });
    }
    return indexPromise;
  }

  /* Score one page: [words matched, weighted score]. */
  function score(entry, words) {
    var matched = 0;
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      var s = 0;
      if (entry.title.indexOf(w) !== -1) { s += WEIGHTS.title; }
      if (entry.terms.indexOf(w) !== -1) { s += WEIGHTS.terms; }
      if (entry.summary.indexOf(w) !== -1) { s += WEIGHTS.summary; }
      if (entry.text.indexOf(w) !== -1) { s += WEIGHTS.text; }
      if (s > 0) {
        matched += 1;
        total += s;
      }
    }
    return [matched, total];
  }

  function search(entries, query) {
    var words = tokenise(query);
    if (!words.length) {
      return [];
    }
    var hits = [];
    for (var i = 0; i < entries.length; i++) {
      var sc = score(entries[i], words);
      if (sc[0] > 0) {
        hits.push({ page: entries[i].page, matched: sc[0], score: sc[1], order: i });
      }
    }
    hits.sort(function (a, b) {
      return (b.matched - a.matched) || (b.score - a.score) || (a.order - b.order);
    });
    return hits;
  }

  /* Only follow relative or http(s) links from the index. */
  function safeHref(value) {
    var url = String(value || "");
    return /^(https?:|\/|\.|[^:]*$)/i.test(url) ? url : "#";
  }

  function clearList() {
    if (list && list.parentNode) {
      list.parentNode.removeChild(list);
    }
    list = null;
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function render(hits, query) {
    clearList();
    var shown = hits.slice(0, MAX_RESULTS);
    if (!hits.length) {
      setStatus(say("none", "No results for \u2018{query}\u2019.", { query: query }));
      return;
    }
    var count = hits.length === 1
      ? say("one", "1 result for \u2018{query}\u2019.", { query: query })
      : say("many", "{count} results for \u2018{query}\u2019.", { count: String(hits.length), query: query });
    if (hits.length > shown.length) {
      count += ", showing the first " + shown.length;
    }
    setStatus(count);

    list = document.createElement("ol");
    list.className = "search-results-list";
    shown.forEach(function (hit) {
      var page = hit.page;
      var li = document.createElement("li");
      li.className = "search-result";

      var link = document.createElement("a");
      link.className = "search-result-title";
      link.href = safeHref(page.url);
      link.textContent = String(page.title || page.url || "");
      li.appendChild(link);

      var kind = KIND_LABELS[page.kind];
      if (kind) {
        var kindEl = document.createElement("span");
        kindEl.className = "search-result-kind";
        kindEl.textContent = kind;
        li.appendChild(kindEl);
      }

      if (page.summary) {
        var summary = document.createElement("p");
        summary.className = "search-result-summary";
        summary.textContent = String(page.summary);
        li.appendChild(summary);
      }
      list.appendChild(li);
    });
    results.appendChild(list);
  }

  /* Keep ?q= in the address bar so results can be shared and survive reloads. */
  function updateUrl(query) {
    if (!window.history || !window.history.replaceState || !window.URL) {
      return;
    }
    var url = new URL(window.location.href);
    if (query) {
      url.searchParams.set("q", query);
    } else {
      url.searchParams.delete("q");
    }
    window.history.replaceState(null, "", url.toString());
  }

  function run() {
    var query = input.value.trim();
    updateUrl(query);
    if (!query) {
      clearList();
      setStatus("");
      return;
    }
    loadIndex().then(function (entries) {
      // Ignore stale answers if the user typed on while the index loaded.
      if (input.value.trim() === query) {
        render(search(entries, query), query);
      }
    }, function () {
      clearList();
      setStatus(say("unavailable", "Search is not available at the moment. Please try again later."));
    });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, DEBOUNCE_MS);
  });

  // Submitting (Enter or the button) searches in place instead of reloading.
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    run();
  });

  // Run a search passed in the URL, e.g. /search/?q=pooled+budgets
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run();
  }
})();
