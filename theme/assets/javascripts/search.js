/* The search page (theme/search.html): queries the Pagefind index in <site>/pagefind/ and shows the results.
 *
 * Pagefind keeps one index per language, stemmed in that language, and searches the one of the page's <html lang>
 * only. A briefing mixes languages (a French article in an English interface), so this page opens one Pagefind
 * instance per language of the index, each with its own stemmer, asks them all and merges the results by score:
 * a French query finds French pages from an English interface. Each instance downloads only the chunks of the
 * index its query needs. Opened from disk (file://), where a browser lets it neither fetch() nor import() that
 * index, the page searches the offline one instead (offline-search.js, loaded only then), through the same code.
 *
 * Source text is untrusted: titles, dates, outlets and languages are set as text, and a result's excerpt is
 * copied as text with only Pagefind's <mark> elements kept. */
(function () {
  "use strict";
  var box = document.querySelector(".bf-search");
  if (!box) return;
  var strings = JSON.parse(box.dataset.strings);
  var uiLanguage = box.dataset.language || "en";
  var form = box.querySelector(".bf-search__form");
  var input = box.querySelector(".bf-search__input");
  var statusLine = box.querySelector(".bf-search__status");
  var list = box.querySelector(".bf-search__results");
  var more = box.querySelector(".bf-search__more");
  var filterBox = box.querySelector(".bf-search__filters");
  var PAGE = 10;

  var params = new URLSearchParams(window.location.search);
  input.value = params.get("q") || "";

  var bundle = new URL(box.dataset.bundle, window.location.href).href;
  var root = new URL(box.dataset.root, window.location.href);
  var searcher = null;  // { filters: {filter: {value: pages}}, answer(query, options): one answer per language }
  var chosen = {};
  var shown = [];
  var generation = 0;

  function say(text) { statusLine.textContent = text; }

  function count(n) {
    var forms = strings.results;
    var key = new Intl.PluralRules(uiLanguage).select(n);
    var text = forms[key] || forms.other;
    return text.replace("{n}", n.toLocaleString(uiLanguage));
  }

  // The index is one or more bundles (generator/search_index.py), listed in bundles.json with their languages
  // and the values of the filters their pages declare. One Pagefind instance per language, made when a query
  // first needs it: it opens the first bundle holding that language and merges the others holding it
  // (mergeIndex: searched with the WebAssembly already loaded, their results ranked together). Each instance is
  // loaded as its own module (the address differs by a query string): the instances of one module share its
  // WebAssembly memory, which holds one language's code at a time. Pagefind takes an instance's language from
  // <html lang> when it is created (it has no option for it): the attribute is set for that moment, and put back
  // at once. noWorker: a worker would download Pagefind's code a second time (41 KB) for each language.
  function openPagefind() {
    return fetch(bundle + "bundles.json").then(function (r) {
      if (!r.ok) throw new Error("bundles.json: " + r.status);
      return r.json();
    }).then(function (manifest) {
      var byLanguage = {};
      (manifest.bundles || []).forEach(function (b) {
        (b.languages || []).forEach(function (language) {
          (byLanguage[language] = byLanguage[language] || []).push(new URL(b.path, bundle).href);
        });
      });
      var options = { baseUrl: root.pathname, excerptLength: 24, noWorker: true };
      var made = {};
      function instance(language) {
        if (made[language]) return made[language];
        var paths = byLanguage[language];
        made[language] = import(paths[0] + "pagefind.js?language=" + encodeURIComponent(language)).then(function (pagefind) {
          var html = document.documentElement;
          var own = html.getAttribute("lang");
          var created;
          html.setAttribute("lang", language);
          try {
            created = pagefind.createInstance(Object.assign({ basePath: paths[0] }, options));
          } finally {
            html.setAttribute("lang", own);
          }
          return created.init().then(function () {
            return Promise.all(paths.slice(1).map(function (path) {
              return created.mergeIndex(path, Object.assign({ language: language }, options));
            }));
          }).then(function () { return created; });
        }).catch(function (error) {
          delete made[language];  // the next query tries again
          throw error;
        });
        return made[language];
      }
      return {
        filters: manifest.filters || {},
        answer: function (query, searchOptions) {
          // A language the reader chose narrows the results: the query is asked of every language, as Pagefind
          // would, and the filter keeps the chosen one's pages.
          var chosenLanguage = !!(searchOptions && searchOptions.filters && searchOptions.filters.language);
          var read = reading(query, Object.keys(byLanguage), chosenLanguage);
          return Promise.all(read.languages.map(function (language) {
            return instance(language).then(function (p) { return p.search(read.query, searchOptions); });
          }));
        }
      };
    });
  }

  // How a query is searched (generator/data/query_words.yml says why): the languages whose pages are asked, and
  // the words asked. A query whose function words belong to one language only is a sentence in that language:
  // it is searched in that language's pages, without its function words. Any other query is searched in every
  // language, as typed (less the words that are function words of all of them). A quoted query keeps its words.
  var queryWords = {};
  (function (lists) {
    Object.keys(lists || {}).forEach(function (language) {
      queryWords[language] = {};
      lists[language].forEach(function (word) { queryWords[language][word] = true; });
    });
  })(JSON.parse(box.dataset.words || "{}"));

  function wordLanguages(word, languages) {
    var key = word.normalize("NFC").toLowerCase().replace(/\u2019/g, "'").replace(/^[^\p{L}']+|[^\p{L}']+$/gu, "");
    var elided = key.indexOf("'") > 0 && key.indexOf("'") < key.length - 1 ? key.slice(0, key.indexOf("'") + 1) : null;
    var own = languages.filter(function (language) {
      var list = queryWords[language];
      return list && (list[key] || (elided && list[elided]));
    });
    return { key: key, elided: !!elided, languages: own };
  }

  function reading(query, languages, everyLanguage) {
    var words = query.split(/\s+/).filter(Boolean);
    var told = {};
    words.forEach(function (word) {
      var found = wordLanguages(word, languages);
      if (found.languages.length === 1) told[found.languages[0]] = true;
    });
    var asked = Object.keys(told).length === 1 && !everyLanguage ? Object.keys(told) : languages.slice();
    if (/["\u201c\u201d\u00ab\u00bb]/.test(query)) return { languages: asked, query: query };
    var kept = words.filter(function (word) {
      var found = wordLanguages(word, asked);
      return found.elided || found.languages.length < asked.length;
    });
    return { languages: asked, query: kept.length ? kept.join(" ") : query };
  }

  // A page opened from disk may not fetch() or import() the Pagefind index, but it runs classic scripts: it
  // searches the offline index instead (offline-search.js), which answers as Pagefind instances do.
  function openOffline() {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = box.dataset.offline;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("cannot load " + box.dataset.offline)); };
      document.head.appendChild(script);
    }).then(function () {
      return window.briefingOfflineSearch.open(root.href, box.dataset.lunr);
    }).then(function (instances) {
      return Promise.all(instances.map(function (p) { return p.filters(); })).then(function (all) {
        return {
          filters: filters(all),
          answer: function (query, options) {
            return Promise.all(instances.map(function (p) { return p.search(query, options); }));
          }
        };
      });
    });
  }

  var fromDisk = window.location.protocol === "file:";

  function open() {
    if (fromDisk) say(strings.preparing);
    return fromDisk ? openOffline() : openPagefind();
  }

  function filters(all) {
    var merged = {};
    all.forEach(function (one) {
      Object.keys(one || {}).forEach(function (key) {
        merged[key] = merged[key] || {};
        Object.keys(one[key]).forEach(function (value) {
          merged[key][value] = (merged[key][value] || 0) + one[key][value];
        });
      });
    });
    return merged;
  }

  function drawFilters(available) {
    ["topic", "language"].forEach(function (key) {
      var values = Object.keys(available[key] || {}).sort(function (a, b) { return a.localeCompare(b, uiLanguage); });
      if (values.length < 2) return;
      var label = document.createElement("label");
      label.className = "bf-search__filter";
      label.appendChild(document.createTextNode(strings[key] + " "));
      var select = document.createElement("select");
      select.name = key;
      select.appendChild(new Option(strings.any, ""));
      values.forEach(function (value) { select.appendChild(new Option(value, value)); });
      select.value = params.get(key) || "";
      if (select.value) chosen[key] = select.value;
      select.addEventListener("change", function () {
        if (select.value) chosen[key] = select.value; else delete chosen[key];
        run();
      });
      label.appendChild(select);
      filterBox.appendChild(label);
      filterBox.hidden = false;
    });
  }

  // The excerpt as text, with Pagefind's <mark> around the words found and nothing else of its markup.
  function excerpt(html) {
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    var out = document.createElement("p");
    out.className = "bf-search__excerpt";
    (function copy(from, to) {
      from.childNodes.forEach(function (node) {
        if (node.nodeType === Node.TEXT_NODE) {
          to.appendChild(document.createTextNode(node.textContent));
        } else if (node.nodeType === Node.ELEMENT_NODE) {
          if (node.tagName === "MARK") {
            var mark = document.createElement("mark");
            copy(node, mark);
            to.appendChild(mark);
          } else {
            copy(node, to);
          }
        }
      });
    })(doc.body, out);
    return out;
  }

  function item(data) {
    var href = new URL(data.url, window.location.href);
    // Only the site's own pages (a file: address has no origin to compare, only its protocol and host).
    if (href.protocol !== window.location.protocol || href.host !== window.location.host) return null;
    var li = document.createElement("li");
    li.className = "bf-search__result";
    var a = document.createElement("a");
    a.href = href.href;
    a.textContent = (data.meta && data.meta.title) || href.pathname;
    li.appendChild(a);
    var facts = ["date", "outlet", "language"].map(function (k) { return data.meta && data.meta[k]; })
      .filter(Boolean);
    if (facts.length) {
      var cite = document.createElement("span");
      cite.className = "bf-cite";
      cite.textContent = facts.join(" · ");
      li.appendChild(cite);
    }
    li.appendChild(excerpt(data.excerpt || ""));
    return li;
  }

  function showMore(mine) {
    var next = shown.slice(list.children.length, list.children.length + PAGE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (pages) {
      if (mine !== generation) return;
      pages.forEach(function (data) {
        var li = item(data);
        if (li) list.appendChild(li);
      });
      more.hidden = list.children.length >= shown.length;
    });
  }

  function run() {
    var query = input.value.trim();
    var mine = ++generation;
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url.href);
    list.textContent = "";
    more.hidden = true;
    if (!query) { say(""); return Promise.resolve(); }
    say(strings.searching);
    var options = Object.keys(chosen).length ? { filters: chosen } : {};
    return searcher.answer(query, options).then(function (answers) {
      if (mine !== generation) return;
      // Scores are relative to their own index: a language with few pages scores lower for the same match (its
      // words are less rare there). Each result is ranked by its score over the best of its language, so the
      // best French page of an English briefing comes near the top, not after every English one.
      shown = [];
      answers.forEach(function (answer) {
        if (!answer || !answer.results.length) return;
        var best = answer.results[0].score || 1;
        answer.results.forEach(function (r) { shown.push({ result: r, rank: r.score / best }); });
      });
      shown.sort(function (a, b) { return b.rank - a.rank || b.result.score - a.result.score; });
      shown = shown.map(function (s) { return s.result; });
      return showMore(mine).then(function () {
        if (mine === generation) say(shown.length ? count(shown.length) : strings.none);
      });
    }).catch(function (error) {
      // An index a query needed could not be read (the page's own load went well: the server or the network).
      if (mine === generation) say(strings.failed);
      if (window.console) console.error(error);
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { ready.then(run); }, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    ready.then(run);
  });
  more.addEventListener("click", function () { showMore(generation); });

  var ready = open().then(function (opened) {
    searcher = opened;
    drawFilters(searcher.filters);
    if (fromDisk) say("");
    box.dataset.ready = "true";
    if (input.value.trim()) return run();
  }).catch(function (error) {
    say(fromDisk ? strings.offline_failed : strings.failed);
    box.dataset.ready = "failed";
    if (window.console) console.error(error);
  });
})();
