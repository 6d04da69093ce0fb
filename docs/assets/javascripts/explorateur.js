/*
 * Catalogue explorer (/catalogue/): search box, facets with live counts, state in the URL.
 *
 * The page is server-rendered with every module card in #resultats; this script shows the form,
 * then reorders and filters those cards. State: ?q=…&categorie=…&domaine=…&niveau=…&format=…
 * &duree=…&disponibilite=…&partenaire=…&parcours=… (repeatable; see ads_catalog/explorer.py).
 * Values of one facet are OR-ed, facets are AND-ed; each count is the number of modules the
 * value would show given the query and the other facets.
 */
(function () {
  "use strict";

  var TYPING_PAUSE_MS = 1000;
  var MAX_PERSONAS = 3;
  var PAGE_SIZE = 60;

  /*
   * Material's site search opens itself over the page when the address has ?q= (and deletes q
   * once closed). On this page q belongs to the explorer (ARCHITECTURE.md, « Contracts »), so q is hidden
   * from the address while Material's components start (on DOMContentLoaded), then put back.
   * This script runs before Material's bundle, which sits at the end of <body>.
   */
  var hiddenAddress = hideQueryFromMaterial();

  function hideQueryFromMaterial() {
    if (!document.getElementById("explorateur")) return null;
    var url = new URL(window.location.href);
    if (!url.searchParams.has("q")) return null;
    var original = url.href;
    url.searchParams.delete("q");
    window.history.replaceState(window.history.state, "", url.href);
    return { original: original, hidden: url.href };
  }

  function restoreQuery() {
    if (hiddenAddress && window.location.href === hiddenAddress.hidden) {
      window.history.replaceState(window.history.state, "", hiddenAddress.original);
    }
    hiddenAddress = null;
  }

  function init() {
    var root = document.getElementById("explorateur");
    var dataNode = document.getElementById("explorateur-donnees");
    if (!root || !dataNode || root.getAttribute("data-etat")) return;
    root.setAttribute("data-etat", "chargement");
    var explorer = new Explorer(root, JSON.parse(dataNode.textContent));
    explorer.start(hiddenAddress ? new URL(hiddenAddress.original).search : window.location.search);
    window.setTimeout(restoreQuery, 0);
  }

  function Explorer(root, data) {
    this.root = root;
    this.data = data;
    this.params = data.facets.map(function (f) {
      return f.param;
    });
    this.labels = {};
    this.legends = {};
    var self = this;
    data.facets.forEach(function (f) {
      self.labels[f.param] = f.values;
      self.legends[f.param] = f.legend;
    });
    this.form = document.getElementById("filtres");
    this.input = document.getElementById("q");
    this.list = document.getElementById("resultats");
    this.cards = {};
    this.order = [];
    this.searcher = null;
    this.searchFailed = false;
    this.typing = false;
    this.typingTimer = null;
    this.pageSize = Number(window.__adsTaillePage) || PAGE_SIZE; // tests set a smaller page
    this.limit = this.pageSize;
    Array.prototype.forEach.call(this.list.querySelectorAll("[data-id]"), function (card) {
      var id = card.getAttribute("data-id");
      self.cards[id] = card;
      self.order.push(id);
    });
  }

  Explorer.prototype.start = function (search) {
    this.form.hidden = false;
    this.state = this.stateFromUrl(search);
    this.bind();
    this.render();
    this.loadIndex();
  };

  Explorer.prototype.loadIndex = function () {
    var self = this;
    fetch(this.data.index)
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (payload) {
        self.searcher = new window.AdsRecherche.Searcher(payload);
        self.root.setAttribute("data-etat", "pret");
        self.render();
      })
      .catch(function () {
        self.searchFailed = true;
        self.root.setAttribute("data-etat", "erreur");
        self.render();
      });
  };

  /* ---- state <-> URL ------------------------------------------------------------------ */

  Explorer.prototype.stateFromUrl = function (search) {
    var params = new URLSearchParams(search === undefined ? window.location.search : search);
    var state = { q: params.get("q") || "", filters: [] };
    var self = this;
    params.forEach(function (value, key) {
      if (self.params.indexOf(key) >= 0 && self.labels[key][value] !== undefined && !hasFilter(state, key, value)) {
        state.filters.push([key, value]);
      }
    });
    return state;
  };

  function hasFilter(state, param, value) {
    return state.filters.some(function (f) {
      return f[0] === param && f[1] === value;
    });
  }

  function stateUrl(state) {
    var params = new URLSearchParams();
    if (state.q.trim()) params.append("q", state.q);
    state.filters.forEach(function (f) {
      params.append(f[0], f[1]);
    });
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  }

  Explorer.prototype.commit = function (replace) {
    var url = stateUrl(this.state);
    if (url === window.location.pathname + window.location.search + window.location.hash) return;
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  };

  /* ---- events ------------------------------------------------------------------------- */

  Explorer.prototype.bind = function () {
    var self = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.endTyping();
    });
    this.form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox") return;
      self.toggle(box.name, box.value, box.checked);
    });
    this.input.addEventListener("input", function () {
      self.limit = self.pageSize;
      self.state.q = self.input.value;
      self.commit(self.typing);
      self.typing = true;
      window.clearTimeout(self.typingTimer);
      self.typingTimer = window.setTimeout(function () {
        self.typing = false;
      }, TYPING_PAUSE_MS);
      self.render();
    });
    document.getElementById("tout-effacer").addEventListener("click", function () {
      self.clearAll();
    });
    document.getElementById("vide-tout-effacer").addEventListener("click", function () {
      self.clearAll();
    });
    document.getElementById("retirer-dernier").addEventListener("click", function () {
      self.dropLast();
    });
    document.getElementById("plus-de-resultats").addEventListener("click", function () {
      self.showMore();
    });
    window.addEventListener("popstate", function () {
      self.endTyping();
      self.state = self.stateFromUrl();
      self.render();
    });
  };

  /* Every change of query or filters starts again from the first page of results. */
  Explorer.prototype.endTyping = function () {
    this.typing = false;
    window.clearTimeout(this.typingTimer);
    this.limit = this.pageSize;
  };

  Explorer.prototype.showMore = function () {
    var first = this.limit;
    this.limit += this.pageSize;
    this.render();
    var next = this.list.children[first];
    var link = next && next.querySelector("a");
    if (link) link.focus();
  };

  Explorer.prototype.toggle = function (param, value, on) {
    this.endTyping();
    this.state.filters = this.state.filters.filter(function (f) {
      return !(f[0] === param && f[1] === value);
    });
    if (on) this.state.filters.push([param, value]);
    this.commit(false);
    this.render();
  };

  Explorer.prototype.clearAll = function () {
    this.endTyping();
    this.state = { q: "", filters: [] };
    this.commit(false);
    this.render();
    this.input.focus();
  };

  Explorer.prototype.dropLast = function () {
    this.endTyping();
    if (this.state.filters.length) this.state.filters.pop();
    else this.state.q = "";
    this.commit(false);
    this.render();
    this.input.focus();
  };

  /* ---- computing the view ------------------------------------------------------------- */

  Explorer.prototype.searchResults = function () {
    var q = this.state.q.trim();
    if (!q) return { ids: this.order, paths: [], approximate: false, pending: false };
    if (!this.searcher) {
      return { ids: this.searchFailed ? [] : this.order, paths: [], approximate: false, pending: !this.searchFailed };
    }
    var found = this.searcher.search(q);
    if (found === null) return { ids: this.order, paths: [], approximate: false, pending: false };
    var cards = this.cards;
    var ids = found.modules
      .map(function (m) {
        return m.id;
      })
      .filter(function (id) {
        return cards[id];
      });
    return { ids: ids, paths: found.paths, approximate: found.approximate, pending: false };
  };

  Explorer.prototype.selection = function () {
    var selected = {};
    this.state.filters.forEach(function (f) {
      (selected[f[0]] = selected[f[0]] || {})[f[1]] = true;
    });
    return selected;
  };

  /* Does the module pass every selected facet, except `skip` (for that facet's own counts)? */
  Explorer.prototype.passes = function (id, selected, skip) {
    var values = this.data.modules[id];
    return Object.keys(selected).every(function (param) {
      if (param === skip) return true;
      return values[param].some(function (v) {
        return selected[param][v];
      });
    });
  };

  Explorer.prototype.counts = function (ids, selected) {
    var counts = {};
    var self = this;
    this.params.forEach(function (param) {
      var perValue = (counts[param] = {});
      ids.forEach(function (id) {
        if (!self.passes(id, selected, param)) return;
        self.data.modules[id][param].forEach(function (v) {
          perValue[v] = (perValue[v] || 0) + 1;
        });
      });
    });
    return counts;
  };

  /* ---- rendering ---------------------------------------------------------------------- */

  Explorer.prototype.render = function () {
    var results = this.searchResults();
    var selected = this.selection();
    var self = this;
    var visible = results.ids.filter(function (id) {
      return self.passes(id, selected, null);
    });
    if (this.input.value !== this.state.q) this.input.value = this.state.q;
    this.renderCards(visible);
    this.renderFacets(this.counts(results.ids, selected), selected);
    this.renderChips();
    this.renderCount(visible.length, results);
    this.renderPersonas(results.paths);
    this.renderEmpty(visible.length === 0 && !results.pending);
  };

  /* The first `limit` results (a long list costs layout on every keystroke), then a button. */
  Explorer.prototype.renderCards = function (ids) {
    var cards = this.cards;
    var fragment = document.createDocumentFragment();
    ids.slice(0, this.limit).forEach(function (id) {
      fragment.appendChild(cards[id]);
    });
    this.list.replaceChildren(fragment);
    var more = document.getElementById("plus-de-resultats");
    var rest = ids.length - this.limit;
    more.hidden = rest <= 0;
    if (rest > 0) {
      var next = Math.min(rest, this.pageSize);
      setText(more, "Afficher " + next + " module" + (next > 1 ? "s" : "") + " de plus (" + rest + " restant" + (rest > 1 ? "s" : "") + ")");
    }
  };

  Explorer.prototype.renderFacets = function (counts, selected) {
    var boxes = this.form.querySelectorAll("input[type=checkbox]");
    Array.prototype.forEach.call(boxes, function (box) {
      var count = counts[box.name][box.value] || 0;
      box.checked = Boolean(selected[box.name] && selected[box.name][box.value]);
      // A value that would show nothing cannot be picked (a checked one can always be unchecked).
      box.disabled = count === 0 && !box.checked;
      var label = box.parentNode.querySelector("[data-compte]");
      if (label) setText(label, "(" + count + ")");
      box.parentNode.classList.toggle("ads-vide-compte", box.disabled);
    });
  };

  /* One button per active filter, to remove it; focus then goes to the search box. */
  Explorer.prototype.renderChips = function () {
    var list = document.getElementById("filtres-actifs");
    var self = this;
    var items = document.createDocumentFragment();
    this.state.filters.forEach(function (f) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ads-puce";
      button.textContent = self.legends[f[0]] + " : " + self.labels[f[0]][f[1]] + " ✕";
      button.setAttribute("aria-label", "Retirer le filtre " + self.legends[f[0]] + " : " + self.labels[f[0]][f[1]]);
      button.addEventListener("click", function () {
        self.toggle(f[0], f[1], false);
        self.input.focus();
      });
      li.appendChild(button);
      items.appendChild(li);
    });
    list.replaceChildren(items);
    list.hidden = this.state.filters.length === 0;
  };

  /* Text is only replaced when it changes, so the live region announces real changes only. */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  Explorer.prototype.renderCount = function (n, results) {
    var words = n > 1 ? "modules" : "module";
    if (results.pending) words += " (chargement de la recherche…)";
    else if (this.searchFailed && this.state.q.trim()) words += " (la recherche n'a pas pu être chargée)";
    setText(document.getElementById("nb-resultats"), String(n));
    setText(document.getElementById("nb-libelle"), words);
    document.getElementById("nb-approche").hidden = !results.approximate || n === 0;
  };

  Explorer.prototype.renderPersonas = function (personas) {
    var section = document.getElementById("parcours-suggeres");
    var list = section.querySelector("ul");
    var items = document.createDocumentFragment();
    personas.slice(0, MAX_PERSONAS).forEach(function (p) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = "../parcours/" + encodeURIComponent(p.id) + "/";
      link.setAttribute("data-parcours", p.id);
      link.textContent = "Parcours « " + p.title + " »";
      li.appendChild(link);
      if (p.jobTitles.length) {
        li.appendChild(document.createTextNode(" — pour : " + p.jobTitles.slice(0, 3).join(" ; ")));
      }
      items.appendChild(li);
    });
    list.replaceChildren(items);
    section.hidden = personas.length === 0;
  };

  Explorer.prototype.renderEmpty = function (empty) {
    var box = document.getElementById("aucun-resultat");
    box.hidden = !empty;
    if (!empty) return;
    var button = document.getElementById("retirer-dernier");
    var last = this.state.filters[this.state.filters.length - 1];
    if (last) {
      button.textContent = "Retirer le dernier filtre : " + this.legends[last[0]] + " « " + this.labels[last[0]][last[1]] + " »";
      button.hidden = false;
    } else if (this.state.q.trim()) {
      button.textContent = "Effacer la recherche « " + this.state.q.trim() + " »";
      button.hidden = false;
    } else {
      button.hidden = true;
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  }
})();
