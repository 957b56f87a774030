// Improvement plan: filtering the list of requirements of the action form. No inline script (CSP).
(function () {
  "use strict";
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/œ/g, "oe").toLowerCase();
  }
  function applyFilter(input) {
    var list = document.getElementById(input.getAttribute("data-picker-filter"));
    if (!list) { return; }
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    list.querySelectorAll("[data-picker-item]").forEach(function (item) {
      var box = item.querySelector("input[type=checkbox]");
      var text = fold(item.textContent);
      var match = words.every(function (word) { return text.indexOf(word) !== -1; });
      var visible = match || (box && box.checked);
      item.hidden = !visible;
      if (visible) { shown += 1; }
    });
    list.querySelectorAll("fieldset.picker-commitment").forEach(function (group) {
      group.hidden = !group.querySelector("[data-picker-item]:not([hidden])");
    });
    list.querySelectorAll("details.picker-part").forEach(function (part) {
      var any = part.querySelector("[data-picker-item]:not([hidden])");
      part.hidden = !any;
      if (words.length && any) { part.open = true; }
    });
    var live = document.getElementById("exigences-filtre-annonce");
    if (live) { live.textContent = words.length ? shown + " exigence(s) affichée(s)" : ""; }
  }
  document.addEventListener("input", function (event) {
    if (event.target.matches("[data-picker-filter]")) { applyFilter(event.target); }
  });
  // Enter in the filter box must not submit the action form.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.matches("[data-picker-filter]")) { event.preventDefault(); }
  });
})();
