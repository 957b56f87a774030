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
  // Announce the number of results after a live filter.
  document.addEventListener("htmx:afterSwap", function (event) {
    var live = document.getElementById("resultats-annonce");
    var count = event.detail.target.querySelector("[data-result-count]");
    if (live && count) { live.textContent = count.getAttribute("data-result-count"); }
  });
})();
