/* « Partager » block of module and path pages: copy buttons (button[data-copier] names the element
   whose text is copied), with the Clipboard API or, failing that, a selected hidden textarea; the
   button reads « Copié » for a moment and a polite live region says so. A print button. The
   buttons are hidden in the page and shown here, so that without JavaScript none is offered. */
(function () {
  "use strict";

  var announce = document.querySelector("[data-copie-annonce]");
  var DONE_MS = 4000;

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "ads-sr";
    document.body.appendChild(area);
    area.select();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    document.body.removeChild(area);
    return copied ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function say(message) {
    if (!announce) return;
    announce.textContent = "";
    window.setTimeout(function () { announce.textContent = message; }, 50);
  }

  function selectText(target) {
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  document.querySelectorAll("button[data-copier]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copier"));
    if (!target) return;
    var label = button.textContent;
    var timer = null;
    button.hidden = false;
    button.addEventListener("click", function () {
      copy(target.textContent).then(function () {
        button.textContent = "Copié";
        button.classList.add("ads-copie");
        say("Copié dans le presse-papiers.");
        window.clearTimeout(timer);
        timer = window.setTimeout(function () {
          button.textContent = label;
          button.classList.remove("ads-copie");
        }, DONE_MS);
      }, function () {
        selectText(target);
        say("Copie impossible : le texte est sélectionné, copiez-le avec Ctrl+C.");
      });
    });
  });

  document.querySelectorAll("button[data-imprimer]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
