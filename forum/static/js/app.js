/* Convene: small enhancements only. Every page works without this file. */
(function () {
  "use strict";

  // Quick exit: leave at once and replace this page in the history, so the Back
  // button does not return here.
  function quickExit(event) {
    var link = event.currentTarget;
    event.preventDefault();
    try { document.body.classList.add("exiting"); } catch (e) { /* ignore */ }
    window.location.replace(link.href);
  }

  // Ask before destructive actions (forms or buttons marked with data-confirm).
  function confirmSubmit(event) {
    var submitter = event.submitter || null;
    var message = (submitter && submitter.getAttribute("data-confirm")) ||
      event.currentTarget.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }

  function ready() {
    document.querySelectorAll("[data-quick-exit]").forEach(function (link) {
      link.addEventListener("click", quickExit);
    });
    document.querySelectorAll("form").forEach(function (form) {
      // Buttons may sit outside the form they submit (`form="id"`), e.g. on thread pages.
      var outside = form.id && document.querySelector('[form="' + form.id + '"][data-confirm]');
      if (form.hasAttribute("data-confirm") || form.querySelector("[data-confirm]") || outside) {
        form.addEventListener("submit", confirmSubmit);
      }
    });
    var autofocus = document.querySelector("[data-autofocus]");
    if (autofocus) { autofocus.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
