// Small behaviours of the platform. No inline script anywhere: the CSP forbids it.
(function () {
  "use strict";
  // A refused save (409 conflict, 422 invalid input) carries a message to show in place.
  if (window.htmx) {
    window.htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "^(409|422)$", swap: true, error: false },
      { code: "[45]..", swap: false, error: true },
      { code: "...", swap: false }
    ];
  }
  // Send the CSRF token with every htmx request.
  document.addEventListener("htmx:configRequest", function (event) {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    var token = input ? input.value : (match ? decodeURIComponent(match[1]) : "");
    if (token) { event.detail.headers["X-CSRFToken"] = token; }
  });
  // Forms marked data-confirm ask before submitting.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
  // Buttons marked data-print open the print dialog.
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) { window.print(); }
  });
  // On a phone, the account and the main menu fold behind the "Menu" button. The button is shown
  // by this script only: without JavaScript the menu stays open (the CSS folds only .menu-closed).
  var header = document.querySelector(".site-header");
  var toggle = header && header.querySelector(".menu-toggle");
  if (toggle) {
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-closed", !open);
      header.classList.toggle("menu-open", open);
    };
    setOpen(false);
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    // Escape closes the open menu and gives the focus back to its button.
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true" && toggle.offsetParent) {
        setOpen(false);
        toggle.focus();
      }
    });
    // The skip link "Aller au menu" opens it.
    document.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("a[href='#navigation']")) { setOpen(true); }
    });
  }
  // A chart or a table wider than the screen scrolls sideways: it then gets a tab stop, so that
  // the keyboard can scroll it too.
  var markScrollable = function () {
    document.querySelectorAll(".chart-figure, .table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
      } else if (box.getAttribute("tabindex") === "0") {
        box.removeAttribute("tabindex");
      }
    });
  };
  document.addEventListener("DOMContentLoaded", markScrollable);
  window.addEventListener("resize", markScrollable);
  document.addEventListener("htmx:afterSettle", markScrollable);
  // Announce the number of results after a live filter.
  document.addEventListener("htmx:afterSwap", function (event) {
    var live = document.getElementById("resultats-annonce");
    var count = event.detail.target.querySelector("[data-result-count]");
    if (live && count) { live.textContent = count.getAttribute("data-result-count"); }
  });
})();
