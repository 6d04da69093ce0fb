/* The competence matrix (/competences/): a selector that shows one job path's column
   (`?parcours=<id>`, kept in the address so the view can be shared). Without JavaScript the
   selector stays hidden (matrice.css) and every column shows. */
(function () {
  "use strict";

  var form = document.getElementById("matrice-choix");
  var select = document.getElementById("matrice-parcours");
  var table = document.querySelector("#matrice table");
  if (!form || !select || !table) return;

  var ids = Array.prototype.map.call(select.options, function (option) { return option.value; });

  function show(id) {
    var chosen = id && ids.indexOf(id) >= 0 ? id : "";
    select.value = chosen;
    table.querySelectorAll("[data-parcours]").forEach(function (cell) {
      cell.hidden = chosen !== "" && cell.getAttribute("data-parcours") !== chosen;
    });
    var columns = chosen ? 2 : ids.length; // ids holds "" (every path) then one id per path
    table.querySelectorAll(".ads-matrice__domaine th").forEach(function (cell) {
      cell.colSpan = columns;
    });
    return chosen;
  }

  select.addEventListener("change", function () {
    var chosen = show(select.value);
    var params = new URLSearchParams(window.location.search);
    if (chosen) params.set("parcours", chosen);
    else params.delete("parcours");
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  });

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  show(new URLSearchParams(window.location.search).get("parcours"));
  form.setAttribute("data-etat", "pret");
})();
