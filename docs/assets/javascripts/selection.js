/* « Ma sélection »: modules a visitor sets aside, kept in this browser only (localStorage, no
   account, nothing sent anywhere).

   On every page: fills each module page's `[data-selection-module]` placeholder with a toggle
   button (aria-pressed) and a link to the selection page, and shows the selection's size beside
   every link to that page (header tabs, navigation).
   On /ma-selection/ (`#ma-selection`): lists the selected modules from the build-time facts
   (assets/generated/selection.json, see ads_catalog/selection.py), their total time, their
   upcoming sessions and one calendar file of them, a remove button per module and a link that
   shares the selection (`?modules=a,b,c`). Opening a shared link shows its modules and offers to
   keep them (replace or add); the visitor's own selection changes only when they choose so.
   Data and URL text reach the page through textContent only. */
(function () {
  "use strict";

  var KEY = "ads-selection";
  var ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
  var MAX_IDS = 1000;
  var script = document.currentScript;
  // This file is assets/javascripts/selection.js: the selection page is two folders up.
  var pageUrl = script ? new URL("../../ma-selection/", script.src).href : null;
  var fallback = [];

  // --- the stored selection ----------------------------------------------------------------

  function clean(list) {
    var ids = [];
    if (!Array.isArray(list)) return ids;
    list.forEach(function (id) {
      if (typeof id === "string" && id.length <= 60 && ID.test(id) && ids.indexOf(id) < 0) ids.push(id);
    });
    return ids.slice(0, MAX_IDS);
  }

  function load() {
    try {
      var raw = window.localStorage.getItem(KEY);
      return raw === null ? fallback.slice() : clean(JSON.parse(raw));
    } catch (error) {
      return fallback.slice(); // storage blocked, or a corrupt value: start from what this page knows
    }
  }

  function save(ids) {
    fallback = clean(ids);
    try {
      window.localStorage.setItem(KEY, JSON.stringify(fallback));
    } catch (error) {
      // storage blocked or full: the selection lasts as long as this page
    }
    showCount();
  }

  function plural(count, one, many) {
    return count + " " + (count > 1 ? many : one);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- every page: count beside the links to the selection page ----------------------------

  function showCount() {
    if (!pageUrl) return;
    var count = load().length;
    document.querySelectorAll("a[href]").forEach(function (link) {
      if (link.href !== pageUrl) return;
      var badge = link.querySelector(".ads-selection-compte");
      if (!count) {
        if (badge) badge.remove();
        return;
      }
      if (!badge) {
        badge = el("span", "ads-selection-compte");
        link.appendChild(badge);
      }
      badge.textContent = "";
      badge.append(el("span", "ads-sr", " : "), String(count), el("span", "ads-sr", count > 1 ? " modules" : " module"));
    });
  }

  // --- module pages: the toggle button -------------------------------------------------------

  function setupButton(holder) {
    var id = holder.getAttribute("data-selection-module");
    if (!ID.test(id || "")) return;
    var button = el("button", "md-button ads-selection__bouton");
    button.type = "button";
    var status = el("span", "ads-sr");
    status.setAttribute("role", "status");
    function refresh() {
      var selected = load().indexOf(id) >= 0;
      button.setAttribute("aria-pressed", String(selected));
      button.classList.toggle("md-button--primary", selected);
      button.textContent = selected ? "Dans ma sélection" : "Ajouter à ma sélection";
    }
    button.addEventListener("click", function () {
      var ids = load();
      var at = ids.indexOf(id);
      if (at >= 0) ids.splice(at, 1);
      else ids.push(id);
      save(ids);
      refresh();
      status.textContent = (at >= 0 ? "Module retiré de votre sélection" : "Module ajouté à votre sélection") +
        " (" + plural(ids.length, "module", "modules") + ").";
    });
    holder.textContent = "";
    holder.append(button);
    if (pageUrl) {
      var link = el("a", "ads-selection__lien", "Voir ma sélection");
      link.href = pageUrl;
      holder.append(" ", link);
    }
    holder.append(status);
    refresh();
    window.addEventListener("storage", refresh);
  }

  // --- the selection page ----------------------------------------------------------------------

  function sharedIds() {
    var params = new URLSearchParams(window.location.search);
    if (!params.has("modules")) return null;
    var seen = [];
    params.getAll("modules").join(",").split(",").forEach(function (part) {
      var id = part.trim();
      if (id && seen.indexOf(id) < 0) seen.push(id);
    });
    return seen.length ? seen.slice(0, MAX_IDS) : null; // "?modules=" alone: the visitor's own view
  }

  function setupPage(root) {
    var state = { root: root, data: null, shared: sharedIds() };
    state.status = el("p", "ads-sr");
    state.status.setAttribute("role", "status");
    state.content = el("div", "ads-ma-selection__contenu");
    root.textContent = "";
    root.append(state.status, state.content);
    fetch(root.getAttribute("data-donnees"))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.url);
        return response.json();
      })
      .then(function (data) {
        state.data = data;
        draw(state);
      })
      .catch(function () {
        state.content.append(el("p", "ads-selection-note",
          "La liste des modules n'a pas pu être chargée. Rechargez la page dans un instant."));
        root.setAttribute("data-etat", "erreur");
      });
    window.addEventListener("storage", function () {
      if (state.data) draw(state);
    });
  }

  function draw(state, focusSelector) {
    var modules = state.data.modules;
    var wanted = state.shared !== null ? state.shared : load();
    var known = wanted.filter(function (id) { return Object.prototype.hasOwnProperty.call(modules, id); });
    var unknown = wanted.filter(function (id) { return known.indexOf(id) < 0; });
    var content = state.content;
    content.textContent = "";
    if (state.shared !== null) content.append(sharedIntro(state, known, unknown));
    else if (unknown.length) {
      content.append(el("p", "ads-selection-note", plural(unknown.length, "module de votre sélection ne figure",
        "modules de votre sélection ne figurent") + " plus au catalogue : " + unknown.join(", ") + "."));
    }
    if (!known.length) content.append(emptyView(state));
    else {
      content.append(listView(state, known), sessionsView(state, known), shareView(known));
    }
    state.root.setAttribute("data-etat", state.shared !== null ? "partage" : "pret");
    if (focusSelector) {
      var target = content.querySelector(focusSelector) || content.querySelector("h2");
      if (target) target.focus();
    }
  }

  function heading(text, id) {
    var h2 = el("h2", null, text);
    h2.id = id;
    h2.tabIndex = -1;
    return h2;
  }

  function sharedIntro(state, known, unknown) {
    var box = el("section", "ads-selection-partagee");
    box.setAttribute("aria-labelledby", "selection-partagee");
    box.append(heading("Sélection partagée avec vous", "selection-partagee"));
    var own = load();
    box.append(el("p", null, "Ce lien présente " + plural(known.length, "module", "modules") +
      ". Votre propre sélection (" + plural(own.length, "module", "modules") +
      ") reste telle quelle tant que vous ne choisissez pas de garder celle-ci."));
    if (unknown.length) {
      var shown = unknown.slice(0, 10).map(function (id) { return "« " + id.slice(0, 60) + " »"; }).join(", ");
      box.append(el("p", "ads-selection-note", plural(unknown.length, "identifiant inconnu a été ignoré",
        "identifiants inconnus ont été ignorés") + " : " + shown + (unknown.length > 10 ? "…" : "") +
        " (module retiré du catalogue, ou lien mal copié)."));
    }
    if (known.length) {
      var actions = el("p", "ads-selection-actions");
      var sameAsOwn = own.length === known.length && known.every(function (id) { return own.indexOf(id) >= 0; });
      if (!own.length || sameAsOwn) {
        actions.append(keepButton(state, known, "Garder cette sélection", "replace", true));
      } else {
        actions.append(keepButton(state, known, "Remplacer ma sélection par celle-ci", "replace", true), " ",
          keepButton(state, known, "Ajouter ces modules à ma sélection", "add", false));
      }
      box.append(actions);
    }
    var back = el("a", null, "Voir ma propre sélection");
    back.href = window.location.pathname;
    var p = el("p");
    p.append(back);
    box.append(p);
    return box;
  }

  function keepButton(state, ids, label, mode, primary) {
    var button = el("button", "md-button" + (primary ? " md-button--primary" : ""), label);
    button.type = "button";
    button.addEventListener("click", function () {
      save(mode === "add" ? load().concat(ids) : ids);
      state.shared = null;
      window.history.replaceState(null, "", window.location.pathname);
      draw(state, "#selection-modules");
      state.status.textContent = "Sélection enregistrée dans ce navigateur : " + plural(load().length, "module", "modules") + ".";
    });
    return button;
  }

  function emptyView(state) {
    var box = el("div", "ads-selection-vide");
    var shared = state.shared !== null;
    box.append(heading(shared ? "Aucun module de ce lien n'est au catalogue" : "Votre sélection est vide", "selection-modules"));
    var p = el("p", null, "Ajoutez des modules depuis leur page avec le bouton « Ajouter à ma sélection » : parcourez le ");
    var link = el("a", null, "catalogue");
    link.href = state.root.getAttribute("data-catalogue");
    p.append(link, ".");
    box.append(p);
    return box;
  }

  function facts(data, module) {
    var levels = module.l.map(function (id) { return data.levels[id] || id; }).join(", ");
    var formats = module.f.map(function (id) { return data.formats[id] || id; }).join(", ");
    var parts = ["Niveaux : " + levels, "Formats : " + formats, "Durée : " + formatMinutes(module.m)];
    if (module.x) parts.push(data.statuses[module.x] || module.x);
    return parts.join(" · ");
  }

  function listView(state, ids) {
    var data = state.data;
    var own = state.shared === null;
    var box = el("div");
    box.append(heading((own ? "Mes modules" : "Modules de cette sélection") + " (" + ids.length + ")", "selection-modules"));
    var list = el("ul", "ads-selection-liste");
    var minutes = 0;
    ids.forEach(function (id, index) {
      var module = data.modules[id];
      minutes += module.m;
      var item = el("li", "ads-selection-item");
      item.setAttribute("data-id", id);
      var title = el("a", "ads-selection-item__titre", module.t);
      title.href = state.root.getAttribute("data-modules") + id + "/";
      item.append(title, el("p", "ads-selection-item__faits", facts(data, module)));
      if (own) item.append(removeButton(state, id, module.t, ids[index + 1] || ids[index - 1]));
      list.append(item);
    });
    var total = el("p", "ads-selection-total", "Durée totale : ");
    var value = el("strong", null, formatMinutes(minutes));
    value.id = "selection-total";
    value.setAttribute("data-minutes", String(minutes));
    total.append(value);
    box.append(list, total);
    return box;
  }

  function removeButton(state, id, title, nextId) {
    var button = el("button", "md-button ads-selection-retirer", "Retirer");
    button.type = "button";
    button.append(el("span", "ads-sr", " « " + title + " » de ma sélection"));
    button.addEventListener("click", function () {
      save(load().filter(function (other) { return other !== id; }));
      draw(state, nextId ? '[data-id="' + nextId + '"] .ads-selection-retirer' : "#selection-modules");
      state.status.textContent = "« " + title + " » retiré de votre sélection.";
    });
    return button;
  }

  // Same rule as ads_catalog.learning_paths.format_minutes: « 45 min », « 1 h 30 », « 7 h ».
  function formatMinutes(minutes) {
    var hours = Math.floor(minutes / 60);
    var rest = minutes % 60;
    if (!hours) return rest + " min";
    return rest ? hours + " h " + (rest < 10 ? "0" : "") + rest : hours + " h";
  }

  function sessionsView(state, ids) {
    var data = state.data;
    var box = el("div");
    box.append(heading("Sessions à venir", "selection-sessions"));
    var sessions = [];
    ids.forEach(function (id) {
      data.modules[id].s.forEach(function (s) { sessions.push({ id: id, s: s }); });
    });
    if (!sessions.length) {
      box.append(el("p", null, "Aucune session à venir pour ces modules (ceux en ligne se suivent à votre rythme)."));
      return box;
    }
    sessions.sort(function (a, b) { return a.s[0] < b.s[0] ? -1 : a.s[0] > b.s[0] ? 1 : 0; });
    var list = el("ul", "ads-selection-sessions");
    sessions.forEach(function (entry) {
      var s = entry.s;
      var item = el("li");
      item.setAttribute("data-id", entry.id);
      item.append(el("strong", null, s[1]), " — " + data.modules[entry.id].t + " (" +
        (data.levels[s[2]] || s[2]).toLowerCase() + ", " + (data.formats[s[3]] || s[3]).toLowerCase() + "), " + s[4]);
      list.append(item);
    });
    var withSessions = ids.filter(function (id) { return data.modules[id].s.length; });
    var button = el("button", "md-button", "Télécharger le calendrier de ces sessions (.ics)");
    button.type = "button";
    button.id = "selection-calendrier";
    button.addEventListener("click", function () { downloadCalendar(state, withSessions, button); });
    var p = el("p");
    p.append(button);
    box.append(el("p", null, plural(sessions.length, "session", "sessions") + ", de la plus proche à la plus lointaine :"), list, p);
    return box;
  }

  // One VCALENDAR made of the VEVENTs of each module's published calendar file (already escaped
  // and folded by the generator): lines between BEGIN:VEVENT and END:VEVENT are copied as they are.
  function downloadCalendar(state, ids, button) {
    var base = state.root.getAttribute("data-calendriers");
    button.disabled = true;
    Promise.all(ids.map(function (id) {
      return fetch(base + id + ".ics").then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + response.url);
        return response.text();
      });
    })).then(function (files) {
      var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Academie du Digital en Sante//Ma selection//FR",
        "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-CALNAME:Ma sélection"];
      var events = 0;
      files.forEach(function (text) {
        var inside = false;
        text.split(/\r?\n/).forEach(function (line) {
          if (line === "BEGIN:VEVENT") { inside = true; events += 1; }
          if (inside) lines.push(line);
          if (line === "END:VEVENT") inside = false;
        });
      });
      lines.push("END:VCALENDAR");
      var url = URL.createObjectURL(new Blob([lines.join("\r\n") + "\r\n"], { type: "text/calendar" }));
      var link = el("a");
      link.href = url;
      link.download = "ma-selection.ics";
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      state.status.textContent = "Calendrier téléchargé : " + plural(events, "session", "sessions") + ".";
    }).catch(function () {
      state.status.textContent = "Le calendrier n'a pas pu être préparé. Réessayez dans un instant.";
    }).then(function () {
      button.disabled = false;
    });
  }

  function shareView(ids) {
    var box = el("div", "ads-selection-partage");
    box.append(heading("Partager cette sélection", "selection-partage"));
    box.append(el("p", null, "Envoyez ce lien à votre équipe : chacun y voit ces modules et peut les garder dans sa propre sélection, sans compte."));
    var url = window.location.origin + window.location.pathname + "?modules=" + ids.join(",");
    var label = el("label", null, "Lien de la sélection");
    label.htmlFor = "selection-lien";
    var input = el("input", "ads-selection-lien");
    input.id = "selection-lien";
    input.type = "url";
    input.readOnly = true;
    input.value = url;
    var button = el("button", "md-button", "Copier le lien");
    button.type = "button";
    var status = el("span", "ads-selection-copie");
    status.setAttribute("role", "status");
    button.addEventListener("click", function () { copy(input, status); });
    var row = el("p", "ads-selection-lien-ligne");
    row.append(input, " ", button, " ", status);
    box.append(label, row);
    return box;
  }

  function copy(input, status) {
    function byHand() {
      input.focus();
      input.select();
      status.textContent = "Lien sélectionné : copiez-le avec Ctrl+C (ou ⌘+C).";
    }
    if (!navigator.clipboard || !window.isSecureContext) {
      byHand();
      return;
    }
    navigator.clipboard.writeText(input.value).then(function () {
      status.textContent = "Lien copié.";
    }, byHand);
  }

  // --- start -----------------------------------------------------------------------------------

  function start() {
    document.querySelectorAll("[data-selection-module]").forEach(setupButton);
    var root = document.getElementById("ma-selection");
    if (root) setupPage(root);
    showCount();
    window.addEventListener("storage", showCount);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
