/*
 * Job finder (home page and /metiers/): a combobox that answers as you type (WAI-ARIA APG,
 * « combobox with listbox popup », list autocomplete with manual selection).
 *
 * The server renders the label, the input, an empty listbox and a live region inside
 * .ads-trouver (hidden without JavaScript, where the page links to or shows the full list). The
 * data (assets/generated/metiers.json, see ads_catalog/finder.py) gives each job title its folded
 * words per form (« Chargé / chargée d'études » has two), its other names and its path. A title
 * matches when every typed word starts one of the words of one of its forms or other names, in
 * any order, accents and case ignored (the same fold as ads_catalog.text.sort_key).
 * Keys: Down/Up move the active option, Enter opens it (or the best match), Escape closes the
 * list, then clears the field.
 */
(function () {
  "use strict";

  var finder = document.querySelector(".ads-trouver[data-metiers]");
  if (!finder) return;
  var input = finder.querySelector("[role=combobox]");
  var listbox = document.getElementById(input.getAttribute("aria-controls"));
  var status = finder.querySelector("[role=status]");
  var root = new URL(finder.getAttribute("data-racine"), window.location.href);
  var jobs = null;
  var shown = [];
  var active = -1;

  function fold(text) {
    return text
      .normalize("NFD")
      .replace(/\p{Mn}/gu, "")
      .replace(/[œŒ]/g, "oe")
      .replace(/[æÆ]/g, "ae")
      .replace(/ß/g, "ss")
      .toLowerCase();
  }

  function typedWords(text) {
    return fold(text).match(/[a-z0-9]+/g) || [];
  }

  /* 0: the typed words are the form's words; 1: the form starts with the typed words in order;
     2: its first word starts with the first typed word; 3: every typed word starts one of its
     words, in any order; -1: no match. */
  function rank(typed, form) {
    var inOrder = typed.length <= form.length;
    var exact = typed.length === form.length;
    for (var i = 0; i < typed.length; i++) {
      var word = typed[i];
      if (!form.some(function (w) { return w.indexOf(word) === 0; })) return -1;
      if (inOrder && form[i].indexOf(word) !== 0) inOrder = false;
      if (exact && form[i] !== word) exact = false;
    }
    if (exact) return 0;
    if (inOrder) return 1;
    return form[0].indexOf(typed[0]) === 0 ? 2 : 3;
  }

  function bestRank(typed, forms) {
    var best = -1;
    forms.forEach(function (form) {
      var r = rank(typed, form);
      if (r >= 0 && (best < 0 || r < best)) best = r;
    });
    return best;
  }

  /* A title's own forms before its other names at the same rank; ties keep the A-Z order. */
  function match(job, typed) {
    var score = bestRank(typed, job.forms);
    var best = score >= 0 ? { job: job, score: score * 2, other: null } : null;
    job.others.forEach(function (other) {
      var r = bestRank(typed, other.forms);
      if (r >= 0 && (!best || r * 2 + 1 < best.score)) best = { job: job, score: r * 2 + 1, other: other.name };
    });
    return best;
  }

  function search(text) {
    var typed = typedWords(text);
    if (!typed.length || !jobs) return [];
    var found = [];
    jobs.forEach(function (job) {
      var m = match(job, typed);
      if (m) found.push(m);
    });
    return found.sort(function (a, b) { return a.score - b.score; });
  }

  function option(found, index) {
    var li = document.createElement("li");
    li.id = "trouver-metier-option-" + index;
    li.setAttribute("role", "option");
    li.setAttribute("aria-selected", "false");
    li.className = "ads-trouver-option";
    var title = document.createElement("span");
    title.className = "ads-trouver-titre";
    title.textContent = found.job.title;
    li.appendChild(title);
    if (found.other) {
      var other = document.createElement("span");
      other.className = "ads-trouver-aussi";
      other.textContent = " (aussi : " + found.other + ")";
      li.appendChild(other);
    }
    var path = document.createElement("span");
    path.className = "ads-trouver-parcours";
    path.textContent = "Parcours " + found.job.pathTitle;
    li.appendChild(path);
    li.addEventListener("click", function () { open(found); });
    return li;
  }

  function announce(count) {
    if (!input.value.trim()) status.textContent = "";
    else if (!jobs) status.textContent = "Chargement de la liste des métiers…";
    else if (count === 0) status.textContent = "Aucun métier ne correspond : essayez un autre mot ou le début d'un mot.";
    else if (count === 1) status.textContent = "1 métier correspond.";
    else status.textContent = count + " métiers correspondent.";
  }

  function update() {
    shown = search(input.value);
    listbox.textContent = "";
    shown.forEach(function (found, index) { listbox.appendChild(option(found, index)); });
    setActive(-1);
    setExpanded(shown.length > 0);
    announce(shown.length);
  }

  function setExpanded(expanded) {
    listbox.hidden = !expanded;
    input.setAttribute("aria-expanded", expanded ? "true" : "false");
    if (!expanded) setActive(-1);
  }

  function setActive(index) {
    var previous = document.getElementById("trouver-metier-option-" + active);
    if (previous) previous.setAttribute("aria-selected", "false");
    active = index;
    var current = index >= 0 ? document.getElementById("trouver-metier-option-" + index) : null;
    if (current) {
      current.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", current.id);
      current.scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function open(found) {
    window.location.assign(new URL(found.job.path, root).href);
  }

  function move(step) {
    if (!shown.length) return;
    if (listbox.hidden) setExpanded(true);
    var next = active + step;
    if (next >= shown.length) next = 0;
    if (next < 0) next = shown.length - 1;
    setActive(next);
  }

  input.addEventListener("input", update);
  /* On a phone the on-screen keyboard would cover the list: bring the finder to the top. */
  var narrow = window.matchMedia("(max-width: 44.984375em)");
  input.addEventListener("focus", function () {
    if (narrow.matches) finder.scrollIntoView({ block: "start" });
    if (shown.length) setExpanded(true);
  });
  input.addEventListener("blur", function () { setExpanded(false); });
  /* Keep the focus in the field while an option is pressed, so the click lands on it. */
  listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
  input.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "ArrowDown") move(1);
    else if (event.key === "ArrowUp") move(-1);
    else if (event.key === "Enter" && shown.length) open(shown[active >= 0 ? active : 0]);
    else if (event.key === "Escape" && !listbox.hidden) setExpanded(false);
    else if (event.key === "Escape" && input.value) { input.value = ""; update(); }
    else return;
    event.preventDefault();
  });

  fetch(finder.getAttribute("data-metiers"))
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (data) {
      jobs = data.jobs;
      finder.setAttribute("data-etat", "pret");
      if (input.value.trim()) update();
    })
    .catch(function () {
      status.textContent = "La liste des métiers n'a pas pu être chargée : consultez la page Métiers.";
    });
})();
