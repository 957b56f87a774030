// Test-only init script (tests/browser/conftest.py): every Content-Security-Policy violation of the
// page is reported to the test, whatever the console says. Never served by the platform.
(function () {
  "use strict";
  window.addEventListener("securitypolicyviolation", function (event) {
    var report = {
      page: window.location.pathname + window.location.search,
      directive: event.effectiveDirective || event.violatedDirective,
      blocked: event.blockedURI,
      source: event.sourceFile,
      line: event.lineNumber,
      sample: event.sample,
      element: event.target && event.target.outerHTML ? event.target.outerHTML.slice(0, 200) : ""
    };
    window.__cspViolations = window.__cspViolations || [];
    window.__cspViolations.push(report);
    if (typeof window.__reportCspViolation === "function") {
      window.__reportCspViolation(report);
    }
  }, true);
})();
