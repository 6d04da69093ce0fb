/*
 * French search for the ADS catalogue, on top of lunr.js 2.3.9 and lunr-languages' stemmer-fr.
 *
 * The pipeline functions mirror ads_catalog/search.py and are registered under the same names,
 * so the index prebuilt by lunr.py loads here. Query-time extras (accent restoration, prefix and
 * typo expansion against the shipped vocabulary, "every word must match") live here too.
 *
 * Browser: window.AdsRecherche = factory(window.lunr). Node (tests): require(this)(lunr).
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory;
  } else {
    root.AdsRecherche = factory(root.lunr);
  }
})(this, function (lunr) {
  "use strict";

  var EXACT_BOOST = 10;
  var PREFIX_BOOST = 3;
  var TYPO_BOOST = 2;
  var PHRASE_WORD_BOOST = 1;
  var MIN_PREFIX = 3;
  var MIN_TYPO = 5;
  var MAX_EXPANSIONS = 20;

  var settings = null;
  var stopWords = {};
  var elisionRe = null;
  var chunkRe = null;
  var apostropheRe = null;
  var keyCache = {};
  var titleTerms = {}; // a job title's index terms, analysed once (each keystroke may ask again)

  function stemWord(word) {
    return lunr.fr.stemmer(word);
  }

  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/\p{Mn}/gu, "")
      .replace(/œ/g, "oe")
      .replace(/æ/g, "ae")
      .normalize("NFC");
  }

  /* Same as search.py _split_token: non-word characters split, elided articles dropped. */
  function splitToken(text) {
    var words = [];
    text
      .normalize("NFC")
      .toLowerCase()
      .split(chunkRe)
      .forEach(function (chunk) {
        chunk
          .replace(elisionRe, "")
          .split(apostropheRe)
          .forEach(function (part) {
            if (part) words.push(part);
          });
      });
    return words;
  }

  function wordKey(word) {
    if (!Object.prototype.hasOwnProperty.call(keyCache, word)) {
      keyCache[word] = fold(stemWord(fold(word)));
    }
    return keyCache[word];
  }

  function elision(token) {
    return splitToken(token.toString()).map(function (word) {
      return token.clone(function () {
        return word;
      });
    });
  }

  function stopWordFilter(token) {
    return stopWords[token.toString()] ? undefined : token;
  }

  function variantEndingAt(variants, i, tokens) {
    for (var v = 0; v < variants.length; v++) {
      var variant = variants[v];
      var start = i - variant.length + 1;
      if (start < 0) continue;
      var matches = true;
      for (var k = 0; k < variant.length && matches; k++) {
        matches = wordKey(tokens[start + k].toString()) === variant[k];
      }
      if (matches) {
        return tokens.slice(start, i + 1).map(function (t) {
          return t.metadata.index === undefined ? i : t.metadata.index;
        });
      }
    }
    return null;
  }

  function synonyms(token, i, tokens) {
    var result = [token];
    settings.synonyms.forEach(function (group) {
      var term = group[0];
      var covered = variantEndingAt(group[1], i, tokens);
      if (covered !== null && term !== token.toString()) {
        var meta = Object.assign({}, token.metadata, { couvre: covered });
        result.push(new lunr.Token(term, meta));
      }
    });
    return result;
  }

  function stemmer(token) {
    return token.update(function (s) {
      return stemWord(s);
    });
  }

  function foldToken(token) {
    return token.update(function (s) {
      return fold(s);
    });
  }

  var PIPELINE = [
    [elision, "ads-fr-elision"],
    [stopWordFilter, "ads-fr-stop-words"],
    [synonyms, "ads-fr-synonyms"],
    [stemmer, "ads-fr-stemmer"],
    [foldToken, "ads-fr-fold"],
  ];

  function escapeClass(text) {
    return text.replace(/[\\\]\-^]/g, "\\$&");
  }

  /* Must run before lunr.Index.load: the serialized index names these functions. */
  function configure(given) {
    settings = given;
    stopWords = {};
    given.stopWords.forEach(function (w) {
      stopWords[w] = true;
    });
    var apos = escapeClass(given.apostrophes);
    elisionRe = new RegExp("^(?:" + given.elisions.join("|") + ")[" + apos + "]", "u");
    chunkRe = new RegExp("[^\\p{L}\\p{N}" + apos + "]+", "u");
    apostropheRe = new RegExp("[" + apos + "]+", "u");
    keyCache = {};
    titleTerms = {};
    PIPELINE.forEach(function (entry) {
      if (lunr.Pipeline.registeredFunctions[entry[1]] !== entry[0]) {
        lunr.Pipeline.registerFunction(entry[0], entry[1]);
      }
    });
  }

  function run(fns, tokens) {
    var pipeline = new lunr.Pipeline();
    fns.forEach(function (entry) {
      pipeline.add(entry[0]);
    });
    return pipeline.run(tokens);
  }

  /* Index terms of a text, exactly as search.analyse() gives them in Python. */
  function analyse(text) {
    return run(PIPELINE, lunr.tokenizer(text)).map(String);
  }

  /* ---- query side --------------------------------------------------------------------- */

  function Vocabulary(words) {
    var byFolded = {};
    words.forEach(function (word) {
      var key = fold(word);
      (byFolded[key] = byFolded[key] || []).push(word);
    });
    this.byFolded = byFolded;
    this.sorted = Object.keys(byFolded).sort();
    this.tokenSet = lunr.TokenSet.fromArray(this.sorted);
  }

  Vocabulary.prototype.originals = function (folded) {
    return this.byFolded[folded] || [];
  };

  Vocabulary.prototype.withPrefix = function (prefix) {
    var list = this.sorted;
    var lo = 0;
    var hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    var found = [];
    for (var i = lo; i < list.length && list[i].indexOf(prefix) === 0; i++) {
      if (list[i] !== prefix) found.push(list[i]);
    }
    found.sort(function (a, b) {
      return a.length - b.length;
    });
    return found.slice(0, MAX_EXPANSIONS);
  };

  Vocabulary.prototype.near = function (word) {
    if (word.length < MIN_TYPO || this.byFolded[word]) return [];
    var fuzzy = lunr.TokenSet.fromFuzzyString(word, 1);
    return this.tokenSet.intersect(fuzzy).toArray().slice(0, MAX_EXPANSIONS);
  };

  /*
   * A word typed without its accents gets them back from the vocabulary ("donnees" → "données").
   * Tokens are cloned: the later pipeline steps update tokens in place.
   */
  function restoreAccents(vocabulary, words) {
    var alternatives = [];
    var restored = words.map(function (token) {
      var typed = token.toString();
      var originals = vocabulary.originals(fold(typed));
      if (!originals.length) return token.clone();
      var main = originals.indexOf(typed) >= 0 ? typed : originals[0];
      originals.forEach(function (other) {
        if (other !== main) alternatives.push([token.metadata.index, other]);
      });
      return token.clone(function () {
        return main;
      });
    });
    return { tokens: restored, alternatives: alternatives };
  }

  function QueryPlan() {
    this.boosts = {};
    this.groups = {};
  }

  QueryPlan.prototype.add = function (position, term, boost) {
    if (!(this.boosts[term] >= boost)) this.boosts[term] = boost;
    (this.groups[position] = this.groups[position] || {})[term] = true;
  };

  QueryPlan.prototype.addWord = function (position, word, boost) {
    var self = this;
    analyse(word).forEach(function (term) {
      self.add(position, term, boost);
    });
  };

  QueryPlan.prototype.isEmpty = function () {
    return Object.keys(this.boosts).length === 0;
  };

  /* Every query word (any of its expansions) must be among the matched terms. */
  QueryPlan.prototype.coveredBy = function (matchedTerms) {
    var groups = this.groups;
    return Object.keys(groups).every(function (position) {
      return matchedTerms.some(function (term) {
        return groups[position][term];
      });
    });
  };

  /*
   * A phrase with a synonym ("intelligence artificielle" → "ia") is searched as its canonical
   * term, like the acronym: its own words only add a little (PHRASE_WORD_BOOST) and get no
   * prefix or typo expansion, so "IA" and "intelligence artificielle" rank modules alike.
   */
  function phrasePositions(tokens) {
    var inPhrase = {};
    tokens.forEach(function (token) {
      var covers = token.metadata.couvre;
      if (covers && covers.length > 1) {
        covers.forEach(function (position) {
          inPhrase[position] = true;
        });
      }
    });
    return inPhrase;
  }

  function plan(vocabulary, query) {
    var result = new QueryPlan();
    var words = run(PIPELINE.slice(0, 2), lunr.tokenizer(query));
    var restored = restoreAccents(vocabulary, words);
    var analysed = run(PIPELINE.slice(2), restored.tokens);
    var inPhrase = phrasePositions(analysed);
    analysed.forEach(function (token) {
      var covers = token.metadata.couvre;
      var boost = !covers && inPhrase[token.metadata.index] ? PHRASE_WORD_BOOST : EXACT_BOOST;
      (covers || [token.metadata.index]).forEach(function (position) {
        result.add(position, token.toString(), boost);
      });
    });
    restored.alternatives.forEach(function (alt) {
      result.addWord(alt[0], alt[1], inPhrase[alt[0]] ? PHRASE_WORD_BOOST : EXACT_BOOST);
    });
    words.forEach(function (token) {
      if (!inPhrase[token.metadata.index]) expand(vocabulary, result, token);
    });
    return result;
  }

  /* Prefix (search as you type) and typo (edit distance 1) expansions of one query word. */
  function expand(vocabulary, result, token) {
    var folded = fold(token.toString());
    var position = token.metadata.index;
    var prefixed = folded.length >= MIN_PREFIX ? vocabulary.withPrefix(folded) : [];
    prefixed.forEach(function (w) {
      vocabulary.originals(w).forEach(function (original) {
        result.addWord(position, original, PREFIX_BOOST);
      });
    });
    vocabulary.near(folded).forEach(function (w) {
      vocabulary.originals(w).forEach(function (original) {
        result.addWord(position, original, TYPO_BOOST);
      });
    });
  }

  /*
   * lunr's serialized index from its compact form (ads_catalog/search_index.py): postings as gaps
   * between refs, each followed by -tf when the term occurs tf > 1 times; the vectors are computed
   * here as lunr's builder does (BM25, k1 = 1.2, b = 0.75, scores rounded to 3 decimals).
   */
  function expandIndex(compact) {
    var fields = compact.fields;
    var count = compact.documents;
    var lengths = fields.map(function () {
      return new Array(count).fill(0);
    });
    var frequencies = fields.map(function () {
      var perDocument = [];
      for (var ref = 0; ref < count; ref++) perDocument.push([]);
      return perDocument;
    });
    var idf = [];
    var inverted = compact.terms.map(function (term, i) {
      var posting = { _index: i };
      var withTerm = 0;
      compact.postings[i].forEach(function (encoded, f) {
        var refs = (posting[fields[f]] = {});
        var ref = 0;
        var last = null;
        for (var k = 0; k < encoded.length; k++) {
          if (encoded[k] < 0) {
            lengths[f][ref] += -encoded[k] - 1;
            last[1] = -encoded[k];
            continue;
          }
          ref += encoded[k];
          refs[ref] = {};
          withTerm += 1;
          lengths[f][ref] += 1;
          last = [i, 1];
          frequencies[f][ref].push(last);
        }
      });
      var x = (count - withTerm + 0.5) / (withTerm + 0.5);
      idf.push(Math.log(1 + Math.abs(x)));
      return [term, posting];
    });
    var averages = lengths.map(function (perDocument) {
      return (
        perDocument.reduce(function (a, b) {
          return a + b;
        }, 0) / count
      );
    });
    var vectors = [];
    for (var ref = 0; ref < count; ref++) {
      fields.forEach(function (field, f) {
        var vector = [];
        frequencies[f][ref].forEach(function (pair) {
          var tf = pair[1];
          var score = (idf[pair[0]] * ((1.2 + 1) * tf)) / (1.2 * (1 - 0.75 + 0.75 * (lengths[f][ref] / averages[f])) + tf);
          vector.push(pair[0], Math.round(score * compact.boosts[f] * 1000) / 1000);
        });
        vectors.push([field + "/" + ref, vector]);
      });
    }
    return { version: compact.version, fields: fields, fieldVectors: vectors, invertedIndex: inverted, pipeline: compact.pipeline };
  }

  function Searcher(payload) {
    configure(payload.settings);
    this.index = lunr.Index.load(payload.index.terms ? expandIndex(payload.index) : payload.index);
    this.vocabulary = new Vocabulary(payload.vocabulary);
    this.personas = payload.paths || {};
    this.documents = payload.documents || [];
  }

  /*
   * Returns null for an empty query, else {modules: [{id, score}], paths: [{id, title,
   * jobTitles}], approximate: bool}. Results must match every query word; when none does, the
   * results matching any word are returned with approximate = true.
   */
  Searcher.prototype.search = function (query) {
    var queryPlan = plan(this.vocabulary, query || "");
    if (queryPlan.isEmpty()) return null;
    var index = this.index;
    var terms = Object.keys(queryPlan.boosts).filter(function (term) {
      return Object.prototype.hasOwnProperty.call(index.invertedIndex, term);
    });
    if (!terms.length) return { modules: [], paths: [], approximate: false };
    var hits = index.query(function (q) {
      terms.forEach(function (term) {
        q.term(term, { usePipeline: false, boost: queryPlan.boosts[term] });
      });
    });
    var strict = hits.filter(function (hit) {
      return queryPlan.coveredBy(Object.keys(hit.matchData.metadata));
    });
    var approximate = strict.length === 0 && hits.length > 0;
    return this.split(approximate ? hits : strict, approximate);
  };

  Searcher.prototype.split = function (hits, approximate) {
    var modules = [];
    var paths = [];
    var personas = this.personas;
    var documents = this.documents;
    hits.forEach(function (hit) {
      var ref = documents[hit.ref] || hit.ref;
      var colon = ref.indexOf(":");
      var kind = ref.slice(0, colon);
      var id = ref.slice(colon + 1);
      if (kind === "module") {
        modules.push({ id: id, score: hit.score });
      } else if (kind === "parcours" && personas[id] && !approximate) {
        var matched = Object.keys(hit.matchData.metadata);
        paths.push({
          id: id,
          title: personas[id].title,
          jobTitles: matchingTitles(personas[id].jobTitles, matched),
        });
      }
    });
    return { modules: modules, paths: paths, approximate: approximate };
  };

  function matchingTitles(titles, matched) {
    var scored = titles.map(function (title) {
      var terms = titleTerms[title] || (titleTerms[title] = analyse(title));
      var hits = matched.filter(function (t) {
        return terms.indexOf(t) >= 0;
      }).length;
      return { title: title, hits: hits };
    });
    return scored
      .filter(function (s) {
        return s.hits > 0;
      })
      .sort(function (a, b) {
        return b.hits - a.hits;
      })
      .map(function (s) {
        return s.title;
      });
  }

  return {
    configure: configure,
    analyse: analyse,
    fold: fold,
    stem: stemWord,
    splitWords: function (text) {
      return splitToken(text);
    },
    Searcher: Searcher,
    expandIndex: expandIndex,
    PIPELINE_NAMES: PIPELINE.map(function (entry) {
      return entry[1];
    }),
  };
});
