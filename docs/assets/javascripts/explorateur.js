/*
 * Catalogue explorer (/catalogue/): results first, filters beside them (a panel on phones).
 *
 * The page server-renders the first cards in #resultats (the next ones are on /catalogue/page/2/…
 * for visitors without JavaScript); this script shows the search box, the filters and the sort,
 * then filters and orders every module from the compact data of the page, drawing the cards the
 * page did not render from blocks of card data fetched when first shown. The full-text index is
 * fetched only when needed: a query in the address, the search box used, or the page idle.
 * Facet counts are updated on each keystroke for the modules whose match changed only. State in the address:
 * ?q=…&categorie=…&domaine=…&niveau=…&format=…&duree=…&disponibilite=…&partenaire=…&parcours=…
 * &competence=…&tri=… (see ads_catalog/explorer.py). Every change replaces the history entry: Back
 * leaves the page. Values of one filter are OR-ed, filters are AND-ed. The unit of the per-level
 * filters (niveau, format, duree, competence) is a module's level: a module shows when ONE of its
 * levels matches all of them, and its card then names the matching levels. Each count is the
 * number of modules the value would show given the query and the other filters.
 */
(function () {
  "use strict";

  var MAX_PERSONAS = 3;
  var PAGE_SIZE = 50;
  var PHONE = "(max-width: 59.9375em)";
  var ADDRESS_DELAY_MS = 300;
  var KEPT_ANSWERS = 64;

  function init() {
    var root = document.getElementById("explorateur");
    var dataNode = document.getElementById("explorateur-donnees");
    if (!root || !dataNode || root.getAttribute("data-etat")) return;
    root.setAttribute("data-etat", "chargement");
    var data = JSON.parse(dataNode.textContent);
    if (data.modules) {
      begin(root, data);
      return;
    }
    // A large catalogue: the page shows its first cards while the modules' data arrives.
    fetch(data.donnees)
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (more) {
        data.facets = more.facets;
        data.modules = more.modules;
        data.paths = more.paths;
        begin(root, data);
      })
      .catch(function () {
        root.setAttribute("data-etat", "erreur");
      });
  }

  function begin(root, data) {
    var explorer = new Explorer(root, data);
    explorer.start(window.location.search);
  }

  function byId(id) {
    return document.getElementById(id);
  }

  /* Text is only replaced when it changes, so the live region announces real changes only. */
  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  function Explorer(root, data) {
    var self = this;
    this.root = root;
    this.data = data;
    this.params = [];
    this.labels = {};
    this.legends = {};
    this.scope = {};
    this.sorts = [];
    this.values = {};
    data.facets.forEach(function (f) {
      var labels = (self.labels[f.param] = {});
      self.values[f.param] = f.values.map(function (pair) {
        labels[pair[0]] = pair[1];
        return pair[0];
      });
      self.params.push(f.param);
      self.legends[f.param] = f.legend;
      self.scope[f.param] = f.scope;
    });
    this.form = byId("filtres");
    this.input = byId("q");
    this.list = byId("resultats");
    this.panel = byId("panneau-filtres");
    this.opener = byId("ouvrir-filtres");
    this.sortSelect = byId("tri");
    Array.prototype.forEach.call(this.sortSelect.options, function (option) {
      self.sorts.push(option.value);
    });
    this.phone = window.matchMedia(PHONE);
    this.expanded = {};
    this.searcher = null;
    this.answers = new Map(); // query -> results, for the searcher loaded
    this.searchFailed = false;
    this.pageSize = Number(window.__adsTaillePage) || data.pageSize || PAGE_SIZE; // tests set a smaller page
    this.limit = this.pageSize;
    this.cards = {};
    this.blocks = {}; // block number -> "loading" | "done" | "failed"
    Array.prototype.forEach.call(this.list.querySelectorAll("[data-id]"), function (card) {
      self.cards[card.getAttribute("data-id")] = card;
    });
    this.unpack(data);
  }

  /*
   * The compact data (see explorer_data in ads_catalog/explorer.py): values are positions in
   * their facet's values, a single one without its list; back to ids here, once.
   */
  Explorer.prototype.unpack = function (data) {
    var modules = (this.modules = {});
    var order = (this.order = []);
    var rank = (this.rank = {});
    var values = this.values;
    function ids(param, packed) {
      return (Array.isArray(packed) ? packed : [packed]).map(function (i) {
        return values[param][i];
      });
    }
    data.modules.forEach(function (entry) {
      var id = entry[0];
      var own = { parcours: [] };
      data.moduleFields.forEach(function (param, i) {
        own[param] = ids(param, entry[1][i]);
      });
      var levels = entry[2].map(function (level) {
        var unpacked = { minutes: level[level.length - 1] };
        data.levelFields.forEach(function (param, i) {
          unpacked[param] = ids(param, level[i]);
        });
        return unpacked;
      });
      order.push(id);
      modules[id] = { values: own, levels: levels, next: entry[3] };
    });
    this.paths = {};
    Object.keys(data.paths).forEach(function (pid) {
      this.paths[pid] = data.paths[pid].map(function (i) {
        modules[order[i]].values.parcours.push(pid);
        return order[i];
      });
    }, this);
    this.order.forEach(function (id, i) {
      rank[id] = i;
    });
  };

  Explorer.prototype.start = function (search) {
    this.state = this.stateFromUrl(search);
    if (!this.state.q && this.input.value) this.state.q = this.input.value; // typed while the data came
    this.collectGroups();
    this.bind();
    this.render();
    if (this.state.q.trim()) this.loadIndex();
    else this.loadIndexLater();
  };

  /* Without a query the first results need no index: it comes when the search box is used, or
     once the page is loaded and the browser idle. */
  Explorer.prototype.loadIndexLater = function () {
    var load = this.loadIndex.bind(this);
    ["focus", "pointerdown", "input"].forEach(function (type) {
      this.input.addEventListener(type, load, { once: true });
    }, this);
    function whenIdle() {
      if (window.requestIdleCallback) window.requestIdleCallback(load, { timeout: 2000 });
      else window.setTimeout(load, 200);
    }
    if (document.readyState === "complete") whenIdle();
    else window.addEventListener("load", whenIdle, { once: true });
  };

  Explorer.prototype.loadIndex = function () {
    var self = this;
    if (this.indexRequested) return;
    this.indexRequested = true;
    fetch(this.data.index)
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (payload) {
        return afterScripts().then(function () {
          self.searcher = new window.AdsRecherche.Searcher(payload);
          self.root.setAttribute("data-etat", "pret");
          self.render();
        });
      })
      .catch(function () {
        self.searchFailed = true;
        self.root.setAttribute("data-etat", "erreur");
        self.render();
      });
  };

  /* The search scripts (lunr, recherche-fr.js) come after this one: ready once the page is parsed. */
  function afterScripts() {
    return new Promise(function (resolve) {
      if (document.readyState !== "loading") resolve();
      else document.addEventListener("DOMContentLoaded", resolve);
    });
  }

  /* ---- state <-> URL ------------------------------------------------------------------ */

  Explorer.prototype.stateFromUrl = function (search) {
    var params = new URLSearchParams(search === undefined ? window.location.search : search);
    var sort = params.get("tri");
    var state = { q: params.get("q") || "", filters: [], sort: this.sorts.indexOf(sort) > 0 ? sort : this.sorts[0] };
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

  Explorer.prototype.stateUrl = function () {
    var params = new URLSearchParams();
    var state = this.state;
    if (state.q.trim()) params.append("q", state.q);
    state.filters.forEach(function (f) {
      params.append(f[0], f[1]);
    });
    if (state.sort !== this.sorts[0]) params.append("tri", state.sort);
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "") + window.location.hash;
  };

  /* The address follows the state, always in place: Back leaves the explorer. */
  Explorer.prototype.commit = function () {
    var url = this.stateUrl();
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(null, "", url);
    }
  };

  /* ---- events ------------------------------------------------------------------------- */

  Explorer.prototype.bind = function () {
    var self = this;
    byId("recherche-catalogue").addEventListener("submit", function (event) {
      event.preventDefault();
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    this.form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type === "checkbox") self.toggle(box.name, box.value, box.checked);
    });
    this.input.addEventListener("input", function () {
      self.state.q = self.input.value;
      self.update(true);
    });
    window.addEventListener("pagehide", this.commit.bind(this)); // a query typed just before leaving
    this.sortSelect.addEventListener("change", function () {
      self.state.sort = self.sortSelect.value;
      self.update();
    });
    var clicks = {
      "tout-effacer": this.clearAll,
      "vide-tout-effacer": this.clearAll,
      "retirer-dernier": this.dropLast,
      "plus-de-resultats": this.showMore,
      "ouvrir-filtres": this.openPanel,
      "fermer-filtres": this.closePanel,
      "afficher-resultats": this.closePanel,
    };
    Object.keys(clicks).forEach(function (id) {
      byId(id).addEventListener("click", clicks[id].bind(self));
    });
    this.panel.addEventListener("keydown", this.panelKey.bind(this));
    this.phone.addEventListener("change", function () {
      if (self.isOpen()) self.closePanel(false);
    });
    window.addEventListener("popstate", function () {
      self.state = self.stateFromUrl();
      self.render();
    });
  };

  /*
   * Every change of query, filters or order starts again from the first page of results. While
   * typing, the results follow each keystroke but the address only the pause after it: browsers
   * refuse more than about 100 history changes in 10 seconds (WebKit throws, which would stop
   * the results), and a held Backspace repeats 30 times a second.
   */
  Explorer.prototype.update = function (typing) {
    this.limit = this.pageSize;
    window.clearTimeout(this.addressTimer);
    if (typing) this.addressTimer = window.setTimeout(this.commit.bind(this), ADDRESS_DELAY_MS);
    else this.commit();
    this.render();
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
    this.state.filters = this.state.filters.filter(function (f) {
      return !(f[0] === param && f[1] === value);
    });
    if (on) this.state.filters.push([param, value]);
    this.update();
  };

  Explorer.prototype.clearAll = function () {
    this.state = { q: "", filters: [], sort: this.sorts[0] };
    this.update();
    if (this.isOpen()) this.closePanel(false);
    this.input.focus();
  };

  Explorer.prototype.dropLast = function () {
    if (this.state.filters.length) this.state.filters.pop();
    else this.state.q = "";
    this.update();
    this.input.focus();
  };

  /* ---- the filter panel on phones: a modal dialog ------------------------------------- */

  Explorer.prototype.isOpen = function () {
    return this.panel.classList.contains("ads-ouvert");
  };

  Explorer.prototype.openPanel = function () {
    this.panel.classList.add("ads-ouvert");
    this.panel.setAttribute("role", "dialog");
    this.panel.setAttribute("aria-modal", "true");
    this.panel.setAttribute("aria-labelledby", "filtres-titre");
    this.opener.setAttribute("aria-expanded", "true");
    document.documentElement.classList.add("ads-panneau-ouvert");
    byId("fermer-filtres").focus();
  };

  /* Closes the panel; focus goes back to the « Filtres » button unless `refocus` is false. */
  Explorer.prototype.closePanel = function (refocus) {
    this.panel.classList.remove("ads-ouvert");
    this.panel.removeAttribute("role");
    this.panel.removeAttribute("aria-modal");
    this.panel.removeAttribute("aria-labelledby");
    this.opener.setAttribute("aria-expanded", "false");
    document.documentElement.classList.remove("ads-panneau-ouvert");
    if (refocus !== false) this.opener.focus();
  };

  Explorer.prototype.focusables = function () {
    var nodes = this.panel.querySelectorAll("button, input, select, a[href]");
    return Array.prototype.filter.call(nodes, function (node) {
      return !node.disabled && node.getClientRects().length > 0;
    });
  };

  /* Escape closes; Tab and Shift+Tab cycle inside the open panel. */
  Explorer.prototype.panelKey = function (event) {
    if (!this.isOpen()) return;
    if (event.key === "Escape") {
      event.preventDefault();
      this.closePanel();
      return;
    }
    if (event.key !== "Tab") return;
    var nodes = this.focusables();
    var first = nodes[0];
    var last = nodes[nodes.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  /* ---- filter groups: a long one shows its most frequent values, then « Voir les N autres » */

  /*
   * The groups as the server rendered them, each value's item, box and count found once. A long
   * group has its most frequent values only (`first` of them) and a button: the others are added
   * from the data when it is expanded or one of them is selected (completeGroup).
   */
  Explorer.prototype.collectGroups = function () {
    var self = this;
    this.groups = {};
    Array.prototype.forEach.call(this.form.querySelectorAll("fieldset[data-facette]"), function (fieldset) {
      var param = fieldset.getAttribute("data-facette");
      var more = fieldset.querySelector(".ads-voir-plus");
      var group = { list: fieldset.querySelector("ul"), more: more, items: [], has: {}, complete: !more };
      Array.prototype.forEach.call(fieldset.querySelectorAll("li"), function (item) {
        addItem(group, item);
      });
      group.first = group.items.length;
      self.groups[param] = group;
      if (more) {
        more.addEventListener("click", function () {
          self.expanded[param] = !self.expanded[param];
          self.renderFacets();
        });
      }
    });
  };

  function addItem(group, item) {
    var box = item.querySelector("input");
    group.items.push({ node: item, box: box, value: box.value, count: item.querySelector("[data-compte]"), shown: null });
    group.has[box.value] = true;
  }

  /* Adds the values the server left out, in the order of the data, as the server renders one. */
  Explorer.prototype.completeGroup = function (param) {
    var group = this.groups[param];
    var labels = this.labels[param];
    var fragment = document.createDocumentFragment();
    group.complete = true;
    this.values[param].forEach(function (value) {
      if (group.has[value]) return;
      var item = element("li");
      var box = element("input");
      box.type = "checkbox";
      box.id = "f-" + param + "-" + value;
      box.name = param;
      box.value = value;
      var label = element("label", null, labels[value] + " ");
      label.htmlFor = box.id;
      var count = element("span", "ads-compte");
      count.setAttribute("data-compte", "");
      label.appendChild(count);
      item.appendChild(box);
      item.appendChild(label);
      fragment.appendChild(item);
      addItem(group, item);
    });
    group.list.appendChild(fragment);
  };

  /* ---- computing the view ------------------------------------------------------------- */

  Explorer.prototype.searchResults = function () {
    var q = this.state.q.trim();
    if (!q) return { ids: this.order, paths: [], approximate: false, pending: false };
    if (!this.searcher) {
      return { ids: this.searchFailed ? [] : this.order, paths: [], approximate: false, pending: !this.searchFailed };
    }
    // Backspace comes back to queries already answered: their results are kept (the last few).
    var known = this.answers.get(q);
    if (!known) {
      if (this.answers.size >= KEPT_ANSWERS) this.answers.delete(this.answers.keys().next().value);
      known = this.search(q);
      this.answers.set(q, known);
    }
    return known;
  };

  Explorer.prototype.search = function (q) {
    var found = this.searcher.search(q);
    if (found === null) return { ids: this.order, paths: [], approximate: false, pending: false };
    var modules = this.modules;
    var ids = found.modules
      .map(function (m) {
        return m.id;
      })
      .filter(function (id) {
        return modules[id];
      });
    var paths = found.paths.slice(0, MAX_PERSONAS);
    return { ids: this.withPathModules(ids, paths), paths: paths, approximate: found.approximate, pending: false };
  };

  /*
   * A job title names a path: its modules join the results, after the modules whose text
   * matches, so the suggested path and the list below it always agree.
   */
  Explorer.prototype.withPathModules = function (ids, paths) {
    var seen = {};
    var all = ids.slice();
    var modules = this.modules;
    var pathModules = this.paths;
    ids.forEach(function (id) {
      seen[id] = true;
    });
    paths.forEach(function (p) {
      (pathModules[p.id] || []).forEach(function (id) {
        if (!seen[id] && modules[id]) {
          seen[id] = true;
          all.push(id);
        }
      });
    });
    return all;
  };

  Explorer.prototype.selection = function () {
    var selected = {};
    this.state.filters.forEach(function (f) {
      (selected[f[0]] = selected[f[0]] || {})[f[1]] = true;
    });
    return selected;
  };

  function anySelected(values, chosen) {
    return values.some(function (v) {
      return chosen[v];
    });
  }

  /* The levels of a module that match every selected per-level filter, except `skip`. */
  Explorer.prototype.matchingLevels = function (id, selected, skip) {
    var scope = this.scope;
    var params = Object.keys(selected).filter(function (param) {
      return param !== skip && scope[param] === "level";
    });
    return this.modules[id].levels.filter(function (level) {
      return params.every(function (param) {
        return anySelected(level[param], selected[param]);
      });
    });
  };

  /* Does the module pass every selected filter, except `skip` (for that filter's own counts)? */
  Explorer.prototype.passes = function (id, selected, skip) {
    var values = this.modules[id].values;
    var scope = this.scope;
    var moduleOk = Object.keys(selected).every(function (param) {
      return param === skip || scope[param] === "level" || anySelected(values[param], selected[param]);
    });
    return moduleOk && this.matchingLevels(id, selected, skip).length > 0;
  };

  /* Values of one filter a module would count for: its own, or those of its matching levels. */
  Explorer.prototype.valuesFor = function (id, param, selected) {
    if (this.scope[param] !== "level") return this.modules[id].values[param];
    var values = {};
    this.matchingLevels(id, selected, param).forEach(function (level) {
      level[param].forEach(function (v) {
        values[v] = true;
      });
    });
    return Object.keys(values);
  };

  /*
   * Counts per filter value over the modules `ids`. With the same filters as last time (a keystroke
   * in the search box), only the modules that entered or left the results are counted again: each
   * module's contribution depends on the filters only, and is kept until they change.
   */
  Explorer.prototype.counts = function (ids, selected) {
    var key = JSON.stringify(this.state.filters.slice().sort());
    var memo = this.countMemo;
    if (!memo || memo.key !== key) {
      memo = this.countMemo = { key: key, shares: {}, members: new Set(), counts: {} };
      this.params.forEach(function (param) {
        memo.counts[param] = {};
      });
    }
    var next = new Set(ids);
    var self = this;
    memo.members.forEach(function (id) {
      if (!next.has(id)) self.addShare(memo, id, selected, -1);
    });
    next.forEach(function (id) {
      if (!memo.members.has(id)) self.addShare(memo, id, selected, 1);
    });
    memo.members = next;
    return memo.counts;
  };

  /* Adds (sign 1) or removes (-1) what one module counts for, under each filter. */
  Explorer.prototype.addShare = function (memo, id, selected, sign) {
    var self = this;
    var share = memo.shares[id];
    if (!share) {
      share = memo.shares[id] = this.params.map(function (param) {
        return self.passes(id, selected, param) ? self.valuesFor(id, param, selected) : [];
      });
    }
    this.params.forEach(function (param, i) {
      var perValue = memo.counts[param];
      share[i].forEach(function (v) {
        perValue[v] = (perValue[v] || 0) + sign;
      });
    });
  };

  /* Sort keys: the shortest matching level, the next session (none: last); ties by title. */
  Explorer.prototype.sorted = function (ids, selected) {
    var self = this;
    var sort = this.state.sort;
    if (sort === "pertinence") return ids;
    var key = {};
    ids.forEach(function (id) {
      if (sort === "duree") {
        key[id] = Math.min.apply(
          null,
          self.matchingLevels(id, selected, null).map(function (level) {
            return level.minutes;
          })
        );
      } else if (sort === "session") {
        key[id] = self.modules[id].next || "9999";
      } else {
        key[id] = 0;
      }
    });
    return ids.slice().sort(function (a, b) {
      if (key[a] < key[b]) return -1;
      if (key[a] > key[b]) return 1;
      return self.rank[a] - self.rank[b];
    });
  };

  /* ---- rendering ---------------------------------------------------------------------- */

  Explorer.prototype.render = function () {
    var results = this.searchResults();
    var selected = this.selection();
    var self = this;
    var visible = !this.state.filters.length
      ? results.ids
      : results.ids.filter(function (id) {
          return self.passes(id, selected, null);
        });
    visible = this.sorted(visible, selected);
    if (this.input.value !== this.state.q) this.input.value = this.state.q;
    if (this.sortSelect.value !== this.state.sort) this.sortSelect.value = this.state.sort;
    this.renderCards(visible, selected);
    this.renderFacets(this.counts(results.ids, selected), selected);
    this.renderChips();
    this.renderCount(visible.length, results);
    this.renderPersonas(visible.length ? results.paths : []);
    this.renderEmpty(visible.length === 0 && !results.pending);
  };

  /* The first `limit` results (a long list costs layout on every keystroke), then a button. */
  Explorer.prototype.renderCards = function (ids, selected) {
    var self = this;
    var shown = ids.slice(0, this.limit);
    this.loadCards(shown);
    shown = shown.filter(function (id) {
      return self.cards[id]; // the others' block is on its way: drawn by the render that follows
    });
    var levelsKey = this.levelFilterKey(selected);
    shown.forEach(function (id) {
      self.showLevels(id, selected, levelsKey);
    });
    // Cards already in their place stay (no style or layout work for them); the others move in.
    var list = this.list;
    var here = list.firstElementChild;
    shown.forEach(function (id) {
      var card = self.cards[id];
      if (card === here) here = here.nextElementSibling;
      else list.insertBefore(card, here);
    });
    while (here) {
      var after = here.nextElementSibling;
      list.removeChild(here);
      here = after;
    }
    var more = byId("plus-de-resultats");
    var rest = ids.length - this.limit;
    more.hidden = rest <= 0;
    if (rest > 0) {
      var next = Math.min(rest, this.pageSize);
      setText(more, "Afficher " + next + " module" + (next > 1 ? "s" : "") + " de plus (" + rest + " restant" + (rest > 1 ? "s" : "") + ")");
    }
  };

  /* Fetches the blocks of card data of the modules `ids` that have no card yet, then renders again. */
  Explorer.prototype.loadCards = function (ids) {
    var self = this;
    var size = this.data.cards.block;
    var wanted = {};
    ids.forEach(function (id) {
      var block = Math.floor(self.rank[id] / size);
      if (!self.cards[id] && !self.blocks[block]) wanted[block] = true;
    });
    Object.keys(wanted).forEach(function (block) {
      self.blocks[block] = "loading";
      fetch(self.data.cards.base + block + ".json")
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (entries) {
          entries.forEach(function (entry) {
            if (!self.cards[entry[0]]) self.cards[entry[0]] = buildCard(entry);
          });
          self.blocks[block] = "done";
          self.render();
        })
        .catch(function () {
          self.blocks[block] = "failed";
        });
    });
  };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The same card as the server renders (module_card in templates/_macros.j2), from
     [id, title, URL, summary, status, [[label, value]…]] (card_blocks in explorer.py). */
  function buildCard(entry) {
    var card = element("li", "ads-carte ads-statut-" + entry[4]);
    card.setAttribute("data-id", entry[0]);
    var heading = element("h2", "ads-carte__titre");
    var link = element("a", null, entry[1]);
    link.href = entry[2];
    heading.appendChild(link);
    card.appendChild(heading);
    card.appendChild(element("p", "ads-carte__resume", entry[3]));
    var facts = element("dl", "ads-carte__infos");
    entry[5].forEach(function (fact) {
      var row = element("div");
      var term = element("dt", null, fact[0]);
      var value = element("dd");
      row.appendChild(term);
      row.appendChild(value);
      if (typeof fact[1] === "string") {
        value.textContent = fact[1];
      } else {
        row.className = "ads-carte__niveaux";
        term.setAttribute("data-libelle-niveaux", "");
        var list = element("ul");
        fact[1].forEach(function (level) {
          var item = element("li", null, level[1]);
          item.setAttribute("data-niveau", level[0]);
          list.appendChild(item);
        });
        value.appendChild(list);
      }
      facts.appendChild(row);
    });
    card.appendChild(facts);
    return card;
  }

  /* The per-level filters set, as a key ("" for none): a card's levels change with it only. */
  Explorer.prototype.levelFilterKey = function (selected) {
    var scope = this.scope;
    return JSON.stringify(
      this.state.filters.filter(function (f) {
        return scope[f[0]] === "level" && selected[f[0]];
      })
    );
  };

  /* With a per-level filter set, a card lists only its matching levels, under « Niveau correspondant ». */
  Explorer.prototype.showLevels = function (id, selected, key) {
    var card = this.cards[id];
    if (card.adsLevelsKey === key) return;
    card.adsLevelsKey = key;
    var filtered = key !== "[]";
    var matching = {};
    this.matchingLevels(id, selected, null).forEach(function (level) {
      matching[level.niveau[0]] = true;
    });
    Array.prototype.forEach.call(card.querySelectorAll("[data-niveau]"), function (item) {
      item.hidden = filtered && !matching[item.getAttribute("data-niveau")];
    });
    var label = card.querySelector("[data-libelle-niveaux]");
    var n = Object.keys(matching).length;
    if (label) setText(label, filtered ? (n > 1 ? "Niveaux correspondants" : "Niveau correspondant") : "Niveaux");
  };

  Explorer.prototype.renderFacets = function (counts, selected) {
    counts = counts || this.lastCounts;
    selected = selected || this.selection();
    this.lastCounts = counts;
    this.params.forEach(function (param) {
      var group = this.groups[param];
      var chosen = selected[param] || {};
      var open = Boolean(this.expanded[param]);
      if (!group.complete && (open || Object.keys(chosen).some(missingFrom(group)))) this.completeGroup(param);
      var perValue = counts[param];
      group.items.forEach(function (item, i) {
        var count = perValue[item.value] || 0;
        var checked = Boolean(chosen[item.value]);
        var hidden = i >= group.first && !open && !checked;
        // Most values keep their count on a keystroke: those are not touched.
        var shown = count + (checked ? "c" : "") + (hidden ? "h" : "");
        if (item.shown === shown && item.box.checked === checked) return;
        item.shown = shown;
        item.box.checked = checked;
        // A value that would show nothing cannot be picked (a checked one can always be unchecked).
        item.box.disabled = count === 0 && !checked;
        setText(item.count, "(" + count + ")");
        item.node.classList.toggle("ads-vide-compte", item.box.disabled);
        item.node.hidden = hidden;
      });
      if (group.more) {
        group.more.setAttribute("aria-expanded", String(open));
        setText(group.more, open ? "Voir moins" : "Voir les " + (this.values[param].length - group.first) + " autres");
      }
    }, this);
  };

  function missingFrom(group) {
    return function (value) {
      return !group.has[value];
    };
  }

  /* One button per active filter, to remove it; focus then goes to the search box. */
  Explorer.prototype.renderChips = function () {
    var key = JSON.stringify(this.state.filters);
    if (key === this.chipsKey) return;
    this.chipsKey = key;
    var list = byId("filtres-actifs");
    var self = this;
    var items = document.createDocumentFragment();
    this.state.filters.forEach(function (f) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      var name = self.legends[f[0]] + " : " + self.labels[f[0]][f[1]];
      button.type = "button";
      button.className = "ads-puce";
      button.textContent = name + " ✕";
      button.setAttribute("aria-label", "Retirer le filtre " + name);
      button.addEventListener("click", function () {
        self.toggle(f[0], f[1], false);
        self.input.focus();
      });
      li.appendChild(button);
      items.appendChild(li);
    });
    list.replaceChildren(items);
    list.hidden = this.state.filters.length === 0;
    setText(byId("nb-filtres"), String(this.state.filters.length));
  };

  Explorer.prototype.renderCount = function (n, results) {
    var words = n > 1 ? "modules" : "module";
    if (results.pending) words += " (chargement de la recherche…)";
    else if (this.searchFailed && this.state.q.trim()) words += " (la recherche n'a pas pu être chargée)";
    setText(byId("nb-resultats"), String(n));
    setText(byId("nb-libelle"), words);
    byId("nb-approche").hidden = !results.approximate || n === 0;
    setText(byId("afficher-resultats"), n > 1 ? "Afficher les " + n + " modules" : "Afficher " + n + " module");
  };

  Explorer.prototype.renderPersonas = function (personas) {
    var key = JSON.stringify(personas);
    if (key === this.personasKey) return;
    this.personasKey = key;
    var section = byId("parcours-suggeres");
    var list = section.querySelector("ul");
    var items = document.createDocumentFragment();
    personas.forEach(function (p) {
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
    var note = personas.length > 1 ? "Les modules de ces parcours" : "Les modules de ce parcours";
    setText(section.querySelector(".ads-parcours-suggeres__note"), note + " font partie des résultats ci-dessous.");
  };

  Explorer.prototype.renderEmpty = function (empty) {
    var box = byId("aucun-resultat");
    box.hidden = !empty;
    if (!empty) return;
    var button = byId("retirer-dernier");
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

  /*
   * The script comes right after the explorer's markup and its data: it starts at once, before
   * the browser paints the page without it (no layout shift), and again on DOMContentLoaded
   * for a page where it came first (init runs once).
   */
  init();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
})();
