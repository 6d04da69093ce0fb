/* Module page opened from a path step (?niveau=<level>#niveau-<level>): highlight that level, say
   that the path asks for it, and mark its sessions and list them first. Without JavaScript the
   anchor still scrolls to the level and CSS (:target) outlines it. */
(function () {
  "use strict";

  var wanted = new URLSearchParams(window.location.search).get("niveau");
  if (!wanted) return;
  var section = null;
  document.querySelectorAll(".ads-niveau[data-niveau]").forEach(function (candidate) {
    if (candidate.getAttribute("data-niveau") === wanted) section = candidate;
  });
  if (!section) return; // unknown or foreign value: the page stays as it is

  var heading = section.querySelector("h3");
  var levelTitle = heading ? heading.textContent : wanted;
  section.classList.add("ads-niveau--demande");

  var marked = 0;
  document.querySelectorAll(".ads-sessions").forEach(function (list) {
    var mine = Array.prototype.filter.call(list.children, function (item) {
      return item.getAttribute("data-niveau") === wanted;
    });
    mine.reverse().forEach(function (item) {
      item.classList.add("ads-session--demandee");
      var badge = document.createElement("p");
      badge.className = "ads-session__badge";
      badge.textContent = "Niveau de votre parcours";
      item.insertBefore(badge, item.firstChild);
      list.insertBefore(item, list.firstChild);
      marked += 1;
    });
  });

  var note = document.getElementById("niveau-demande");
  if (note) {
    note.textContent = "Votre parcours demande le niveau « " + levelTitle + " »" +
      (marked ? " : ses sessions sont marquées et listées en premier." : ".");
    note.hidden = false;
  }
})();
