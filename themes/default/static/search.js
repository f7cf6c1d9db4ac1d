/*
 * dossier default theme: client-side search.
 *
 * Progressive enhancement for the GET form in search.html:
 *   <form role="search" method="get" data-search="/search/"> with <input name="q">
 * Without JavaScript the form still submits to the same page (?q=...).
 *
 * The index is split so that a search downloads only what it needs
 * (docs/templates.md describes the files):
 *   search/index.json     {version, edition, pages, per_fragment, chunks: [first word of each chunk]}
 *   search/words/K.json   [[word, postings], ...], words sorted
 *   search/pages/K.json   [[title, url, kind, summary], ...]
 * A query word matches every indexed word it begins (a word of one or two
 * letters only itself). Pages are ranked by how many query words they
 * match; matches in the title weigh most, then terms, then the summary,
 * then the body text. Up to MAX_RESULTS are shown, and only their details
 * are fetched.
 *
 * Everything taken from the index is written with textContent, never innerHTML.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 20;
  var DEBOUNCE_MS = 200;
  // Field bits of a posting, and their weights.
  var FIELDS = [[1, 10], [2, 5], [4, 3], [8, 1]];
  // A query word whose matches span more chunks than this matches only
  // itself; so does one past the query's whole allowance. Words after the
  // first MAX_WORDS are not searched. A chunk is at most 16 KB, so a first
  // search fetches at most about MAX_WORDS chunks' worth of words.
  var MAX_CHUNKS = 3;
  var MAX_QUERY_CHUNKS = 8;
  var MAX_WORDS = 10;
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var form = document.querySelector("form[data-search]");
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
  var timer = null;
  var base = form.getAttribute("data-search");
  var fetched = {};
  // The index's edition (a hash of its files), named in the address of each
  // file after the table of contents, so a cache never mixes two builds.
  var edition = "";

  /* One file of the index, fetched once. The table of contents is checked
     with the server each time the page loads. */
  function load(path) {
    if (!fetched[path]) {
      var toc = path === "index.json";
      var url = base + path + (toc || !edition ? "" : "?v=" + encodeURIComponent(edition));
      fetched[path] = fetch(url, { credentials: "same-origin", cache: toc ? "no-cache" : "default" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        });
      // A failed fetch may be tried again by the next search.
      fetched[path].catch(function () { delete fetched[path]; });
    }
    return fetched[path];
  }

  /* Lower-case, strip accents, so "Café" matches "cafe". The index's words
     are cut the same way (src/site/search/words.rs). */
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
    return (long.length ? long : out).slice(0, MAX_WORDS);
  }

  /* The chunks that hold the words a query word matches: [first, last, exact]. */
  function chunksFor(chunks, word, allowance) {
    if (!chunks.length) {
      return [0, -1, true];
    }
    var lo = 0;
    var hi = chunks.length - 1;
    // The last chunk whose first word is not after the word.
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (chunks[mid] <= word) { lo = mid; } else { hi = mid - 1; }
    }
    var last = lo;
    while (last + 1 < chunks.length && chunks[last + 1].indexOf(word) === 0) {
      last += 1;
    }
    if (word.length < 3 || last - lo + 1 > Math.min(MAX_CHUNKS, allowance)) {
      return [lo, lo, true];
    }
    return [lo, last, false];
  }

  /* Add the pages of a posting list to found: page number -> field bits. */
  function decode(postings, found) {
    var page = -1;
    var n = 0;
    for (var i = 0; i < postings.length; i++) {
      var d = DIGITS.indexOf(postings.charAt(i));
      n = n * 32 + (d & 31);
      if (d >= 32) {
        page += Math.floor(n / 16);
        found[page] = (found[page] || 0) | (n % 16);
        n = 0;
      }
    }
  }

  /* For one query word and its chunks, the pages it matches: page number -> field bits. */
  function pagesFor(toc, range, word) {
    var loads = [];
    for (var k = range[0]; k <= range[1]; k++) {
      loads.push(load("words/" + k + ".json"));
    }
    return Promise.all(loads).then(function (chunks) {
      var found = {};
      chunks.forEach(function (entries) {
        entries.forEach(function (entry) {
          var w = entry[0];
          if (w === word || (!range[2] && w.indexOf(word) === 0)) {
            decode(entry[1], found);
          }
        });
      });
      return found;
    });
  }

  /* Rank the pages: [{page, matched, score}], best first. */
  function rank(perWord) {
    var pages = {};
    perWord.forEach(function (found) {
      Object.keys(found).forEach(function (p) {
        var s = 0;
        FIELDS.forEach(function (f) {
          if (found[p] & f[0]) { s += f[1]; }
        });
        var hit = pages[p] || (pages[p] = { page: Number(p), matched: 0, score: 0 });
        hit.matched += 1;
        hit.score += s;
      });
    });
    var hits = Object.keys(pages).map(function (p) { return pages[p]; });
    hits.sort(function (a, b) {
      return (b.matched - a.matched) || (b.score - a.score) || (a.page - b.page);
    });
    return hits;
  }

  /* Fill in the title, url, kind and summary of the hits shown. */
  function details(toc, hits) {
    var per = toc.per_fragment;
    return Promise.all(hits.map(function (hit) {
      return load("pages/" + Math.floor(hit.page / per) + ".json").then(function (fragment) {
        var d = fragment[hit.page % per] || [];
        hit.title = d[0];
        hit.url = d[1];
        hit.kind = d[2];
        hit.summary = d[3];
      });
    }));
  }

  /* Search: the hits, with details for those shown. */
  function search(query) {
    var words = tokenise(query);
    if (!words.length) {
      return Promise.resolve([]);
    }
    return load("index.json").then(function (toc) {
      edition = String(toc.edition || "");
      // Each word's chunks, within the query's allowance.
      var allowance = MAX_QUERY_CHUNKS;
      var ranges = words.map(function (w) {
        var range = chunksFor(toc.chunks, w, allowance);
        allowance -= range[1] - range[0] + 1;
        return range;
      });
      return Promise.all(words.map(function (w, i) { return pagesFor(toc, ranges[i], w); }))
        .then(function (perWord) {
          var hits = rank(perWord);
          return details(toc, hits.slice(0, MAX_RESULTS)).then(function () { return hits; });
        });
    });
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
      count += " " + say("showing", "The first {shown} are shown.", { shown: String(shown.length) });
    }
    setStatus(count);

    list = document.createElement("ol");
    list.className = "search-results-list";
    shown.forEach(function (page) {
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
    search(query).then(function (hits) {
      // Ignore stale answers if the user typed on while the index loaded.
      if (input.value.trim() === query) {
        render(hits, query);
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
