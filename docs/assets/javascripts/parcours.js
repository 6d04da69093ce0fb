/* Path page progress, kept in this browser only (localStorage, no account, nothing sent).
   Adds a « Fait » checkbox to each step (.ads-etape, keyed by data-id and data-niveau), the
   summary #progression, a reset button, and turns « Commencer » into « Reprendre » at the first
   step not done. Without JavaScript none of this appears: the page lists every step as it is. */
(function () {
  "use strict";

  var list = document.querySelector(".ads-etapes[data-parcours]");
  if (!list) return;
  var steps = Array.prototype.slice.call(list.querySelectorAll(".ads-etape"));
  var storageKey = "ads-parcours:" + list.getAttribute("data-parcours");
  var zone = document.getElementById("progression-zone");
  var summary = document.getElementById("progression");
  var reset = document.getElementById("progression-effacer");
  var start = document.getElementById("commencer");
  var startText = start ? start.textContent : "";
  var memory = null; // used when localStorage is unavailable (private mode, blocked storage)
  /* A long path goes on over several pages (site.paginate): this page's steps are numbered from
     the list's start, and progress kept for the steps of the other pages is left as it is. */
  var paged = document.querySelector(".ads-pagination") !== null;
  var offset = (Number(list.getAttribute("start")) || 1) - 1;

  function stepKey(step) {
    return step.getAttribute("data-id") + ":" + step.getAttribute("data-niveau");
  }

  /* Same wording as the site's format_minutes: « 45 min », « 1 h 30 », « 7 h ». */
  function formatMinutes(minutes) {
    var hours = Math.floor(minutes / 60);
    var rest = minutes % 60;
    if (!hours) return rest + " min";
    return rest ? hours + " h " + (rest < 10 ? "0" : "") + rest : hours + " h";
  }

  /* The keys of the steps done, as stored; anything unreadable or foreign counts as nothing. */
  function load() {
    var raw = memory;
    try {
      raw = window.localStorage.getItem(storageKey);
    } catch (error) {
      /* storage blocked: keep the in-memory copy */
    }
    var parsed;
    try {
      parsed = JSON.parse(raw || "[]");
    } catch (error) {
      return [];
    }
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(function (item) { return typeof item === "string"; });
  }

  function save(done) {
    memory = JSON.stringify(done);
    try {
      if (done.length) window.localStorage.setItem(storageKey, memory);
      else window.localStorage.removeItem(storageKey);
    } catch (error) {
      /* storage full or blocked: progress lasts as long as the page */
    }
  }

  function doneKeys() {
    var here = steps.map(stepKey);
    var elsewhere = paged ? load().filter(function (key) { return here.indexOf(key) === -1; }) : [];
    return elsewhere.concat(steps.filter(function (step) {
      return step.querySelector(".ads-fait input").checked;
    }).map(stepKey));
  }

  function update() {
    var remaining = 0;
    var done = 0;
    var next = null;
    steps.forEach(function (step) {
      var checked = step.querySelector(".ads-fait input").checked;
      step.classList.toggle("ads-etape--faite", checked);
      if (checked) {
        done += 1;
      } else {
        remaining += Number(step.getAttribute("data-minutes")) || 0;
        if (!next) next = step;
      }
    });
    var total = steps.length;
    var text = done + " / " + total + " étape" + (total > 1 ? "s" : "") + (paged ? " de cette page" : "");
    text += next ? " · " + formatMinutes(remaining) + " restantes" : " · parcours terminé";
    summary.textContent = text;
    reset.disabled = done === 0;
    updateStart(done, next);
  }

  function updateStart(done, next) {
    if (!start) return;
    if (!done || !next) {
      start.textContent = startText;
      start.href = steps[0].querySelector(".ads-etape__titre a").href;
      return;
    }
    var link = next.querySelector(".ads-etape__titre a");
    start.textContent = "Reprendre : étape " + (offset + steps.indexOf(next) + 1) + ", " + link.textContent;
    start.href = link.href;
  }

  function addCheckbox(step, index, done) {
    var title = step.querySelector(".ads-etape__titre a");
    var box = document.createElement("p");
    box.className = "ads-fait";
    var input = document.createElement("input");
    input.type = "checkbox";
    input.id = "fait-" + (offset + index + 1);
    input.checked = done.indexOf(stepKey(step)) !== -1;
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = "Fait";
    var context = document.createElement("span");
    context.className = "ads-sr";
    context.textContent = " : étape " + (offset + index + 1) + ", " + (title ? title.textContent : "");
    label.appendChild(context);
    box.appendChild(input);
    box.appendChild(label);
    step.appendChild(box);
    input.addEventListener("change", function () {
      save(doneKeys());
      update();
    });
  }

  var stored = load();
  steps.forEach(function (step, index) { addCheckbox(step, index, stored); });
  reset.addEventListener("click", function () {
    steps.forEach(function (step) { step.querySelector(".ads-fait input").checked = false; });
    save([]);
    update();
    steps[0].querySelector(".ads-fait input").focus();
  });
  zone.hidden = false;
  update();
})();
