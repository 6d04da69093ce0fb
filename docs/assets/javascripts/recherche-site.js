/*
 * Site-wide search box: when Material's own search is disabled (its index is built in the
 * visitor's browser, without accent folding, and its French stemming breaks on its trailing
 * wildcard), put a search box in the header that opens the catalogue explorer with ?q=…, where
 * the prebuilt French index answers. Does nothing while Material's search is on the page.
 */
(function () {
  "use strict";

  function siteBase() {
    var node = document.getElementById("__config");
    var base = ".";
    if (node) {
      try {
        base = JSON.parse(node.textContent).base || ".";
      } catch (error) {
        base = ".";
      }
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) node.textContent = text;
    return node;
  }

  function init() {
    if (document.querySelector('[data-md-component="search"]') || document.getElementById("ads-recherche-site")) {
      return;
    }
    var header = document.querySelector(".md-header__inner");
    if (!header) return;
    var form = element("form", {
      id: "ads-recherche-site",
      class: "ads-recherche-site",
      role: "search",
      method: "get",
      action: new URL("catalogue/", siteBase()).href,
    });
    form.appendChild(element("label", { for: "ads-q-site", class: "ads-masque" }, "Rechercher une formation"));
    form.appendChild(
      element("input", {
        id: "ads-q-site",
        type: "search",
        name: "q",
        autocomplete: "off",
        placeholder: "Rechercher",
      })
    );
    form.appendChild(element("button", { type: "submit" }, "Rechercher"));
    header.insertBefore(form, header.querySelector(".md-header__source"));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
