/* Search for a site opened from disk (file://), where a browser runs classic <script src> but lets a page neither
 * fetch() Pagefind's index nor import() its module. search.js loads this file only then: a hosted reader never
 * downloads it, nor the index it reads.
 *
 * The index, <site>/offline-search/index.js (generator/offline_index.py), holds the text Pagefind indexes, with
 * each page's title, meta (date, outlet, language), filters (topic, language) and language. This file indexes it
 * with lunr (theme/assets/javascripts/vendor/, MIT), one index per language with that language's stemmer
 * (lunr-languages, MPL, which mkdocs-material puts in assets/javascripts/lunr/min/; English is lunr's own), and
 * answers as a Pagefind instance does (search(), filters(), results with data()), so search.js draws both alike.
 *
 * Accents are optional, as with Pagefind: words are folded (NFD, combining marks removed) after the stop-word
 * filter and before the stemmer, in the index and in queries. Every word of a query must be on a page; a page
 * holding the query as a phrase comes first. */
(function () {
  "use strict";

  function load(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("cannot load " + src)); };
      document.head.appendChild(script);
    });
  }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // Letters, digits and marks make words; anything else parts them (apostrophes too: "l'Algérie" is two words).
  var SEPARATOR = /[^\p{L}\p{N}\p{M}]+/u;
  var EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

  // lunr's own tokenizer tests each character against the separator: splitting the text at once is several
  // times faster on a whole site's text, and gives the same words.
  function tokenizer(lunr) {
    return function (text, metadata) {
      if (text === null || text === undefined) return [];
      return String(text).toLowerCase().split(SEPARATOR).filter(Boolean).map(function (word) {
        return new lunr.Token(word, metadata || {});
      });
    };
  }

  function trim(token) {
    return token.update(function (s) { return s.replace(EDGES, ""); });
  }

  function folding(token) {
    return token.update(fold);
  }

  // The functions each language's words go through, in the index and in queries.
  function steps(lunr, language) {
    var own = language === "en" ? lunr : lunr[language];
    var chain = [trim];
    if (own && own.stopWordFilter) chain.push(own.stopWordFilter);
    chain.push(folding);
    if (own && own.stemmer) chain.push(own.stemmer);
    return chain;
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function Instance(lunr, language, pages, root) {
    var chain = steps(lunr, language);
    this.lunr = lunr;
    this.pages = pages;
    this.root = root;
    this.tokenize = tokenizer(lunr);
    this.pipeline = new lunr.Pipeline();
    this.pipeline.add.apply(this.pipeline, chain);
    var tokenize = this.tokenize;
    this.index = lunr(function () {
      var builder = this;
      builder.tokenizer = tokenize;
      builder.pipeline.reset();
      builder.searchPipeline.reset();
      builder.pipeline.add.apply(builder.pipeline, chain);
      builder.ref("id");
      builder.field("title", { boost: 5 });
      builder.field("text");
      pages.forEach(function (page, id) { builder.add({ id: String(id), title: page.title, text: page.text }); });
    });
  }

  // A query's words as the index holds them (stop words dropped, folded, stemmed).
  Instance.prototype.terms = function (text) {
    return this.pipeline.run(this.tokenize(text)).map(String).filter(Boolean);
  };

  Instance.prototype.filters = function () {
    var counts = {};
    this.pages.forEach(function (page) {
      Object.keys(page.filters || {}).forEach(function (key) {
        counts[key] = counts[key] || {};
        page.filters[key].forEach(function (value) { counts[key][value] = (counts[key][value] || 0) + 1; });
      });
    });
    return Promise.resolve(counts);
  };

  Instance.prototype.search = function (query, options) {
    var self = this;
    var lunr = this.lunr;
    var terms = this.terms(query);
    var chosen = (options && options.filters) || {};
    if (!terms.length) return Promise.resolve({ results: [] });
    var found = this.index.query(function (q) {
      terms.forEach(function (term) {
        q.term(term, { usePipeline: false, presence: lunr.Query.presence.REQUIRED });
      });
    });
    var phrase = fold(query.toLowerCase()).split(SEPARATOR).filter(Boolean).join(" ");
    var best = found.length ? found[0].score : 0;
    var results = found.map(function (hit) {
      var page = self.pages[Number(hit.ref)];
      return { page: page, score: hit.score + (self.holds(page, phrase) ? best : 0) };
    }).filter(function (r) {
      return Object.keys(chosen).every(function (key) {
        return ((r.page.filters || {})[key] || []).indexOf(chosen[key]) >= 0;
      });
    });
    results.sort(function (a, b) { return b.score - a.score; });
    return Promise.resolve({
      results: results.map(function (r) {
        return { score: r.score, data: function () { return Promise.resolve(self.data(r.page, terms)); } };
      })
    });
  };

  // Whether the page's text has the query's words in a row.
  Instance.prototype.holds = function (page, phrase) {
    if (phrase.indexOf(" ") < 0) return false;
    if (page.folded === undefined) {
      page.folded = " " + fold((page.title + " " + page.text).toLowerCase()).split(SEPARATOR).join(" ") + " ";
    }
    return page.folded.indexOf(" " + phrase + " ") >= 0;
  };

  // What search.js shows of a result: its address, its meta with the title, and the passage of 24 words that
  // holds the most of the words found (the first such), those in <mark> and the rest escaped.
  Instance.prototype.data = function (page, terms) {
    var self = this;
    var wanted = {};
    terms.forEach(function (t) { wanted[t] = true; });
    var words = page.text.split(/\s+/).filter(Boolean);
    var found = words.map(function (word) {
      return self.terms(word).some(function (t) { return wanted[t]; }) ? 1 : 0;
    });
    var size = 24, start = 0, best = -1, inside = 0;
    for (var i = 0; i < words.length; i++) {
      inside += found[i] - (i >= size ? found[i - size] : 0);
      if (inside > best) { best = inside; start = Math.max(0, i - size + 1); }
    }
    var passage = words.slice(start, start + size).map(function (word, k) {
      return found[start + k] ? "<mark>" + escapeHtml(word) + "</mark>" : escapeHtml(word);
    }).join(" ");
    var address = page.url.split("/").map(encodeURIComponent).join("/");
    var meta = { title: page.title };
    Object.keys(page.meta || {}).forEach(function (key) { meta[key] = page.meta[key]; });
    return { url: new URL(address, this.root).href, meta: meta, excerpt: passage };
  };

  // The instances for the site whose root is `root` (an absolute address): one per language of the index.
  function open(root, lunrSrc) {
    var lunr;
    return load(lunrSrc).then(function () {
      lunr = window.lunr;
      return load(new URL("offline-search/index.js", root).href);
    }).then(function () {
      var index = window.briefingOfflineIndex;
      if (!index || !Array.isArray(index.pages)) throw new Error("offline-search/index.js holds no index");
      var stemmers = (index.stemmers || []).filter(function (code) { return code !== "en"; });
      var base = new URL("assets/javascripts/lunr/min/", root).href;
      var ready = stemmers.length ? load(base + "lunr.stemmer.support.min.js") : Promise.resolve();
      return ready.then(function () {
        return Promise.all(stemmers.map(function (code) { return load(base + "lunr." + code + ".min.js"); }));
      }).then(function () {
        lunr.Pipeline.registerFunction(trim, "briefingTrim");
        lunr.Pipeline.registerFunction(folding, "briefingFold");
        var byLanguage = {};
        index.pages.forEach(function (page) {
          (byLanguage[page.language || "en"] = byLanguage[page.language || "en"] || []).push(page);
        });
        return Object.keys(byLanguage).sort().map(function (language) {
          return new Instance(lunr, language, byLanguage[language], root);
        });
      });
    });
  }

  window.briefingOfflineSearch = { open: open };
})();
