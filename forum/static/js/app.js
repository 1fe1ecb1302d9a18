/* Convene: small enhancements only. Every page works without this file. */
(function () {
  "use strict";

  // Quick exit: leave at once and replace this page in the history, so the Back
  // button does not return here. Autosave stops first (nothing more is sent), and a
  // signed-in author's drafts are put away on the server until their next sign-in:
  // a beacon, which the browser sends on its own while the page is already gone.
  function quickExit(event) {
    var link = event.currentTarget;
    event.preventDefault();
    try { document.body.classList.add("exiting"); } catch (e) { /* ignore */ }
    try {
      document.dispatchEvent(new Event("convene:quick-exit"));
      var hold = link.getAttribute("data-drafts-hold");
      if (hold && navigator.sendBeacon) {
        var data = new FormData();
        data.append("csrf_token", link.getAttribute("data-csrf") || "");
        navigator.sendBeacon(hold, data);
      }
    } catch (e) { /* leaving matters more */ }
    window.location.replace(link.href);
  }

  // Drafts: while an author writes, the form is saved as a draft on the server (never
  // in the browser) a few seconds after they stop typing. The "Save draft" button does
  // the same without this script. Nothing is sent on leaving the page.
  function autosave(form) {
    var url = form.getAttribute("data-autosave");
    var status = form.querySelector("[data-draft-status]");
    var timer = null, controller = null, dirty = false, stopped = false;
    if (!url || !window.fetch || !window.FormData) { return; }
    function send() {
      timer = null;
      if (!dirty || stopped) { return; }
      dirty = false;
      var data = new FormData(form);
      data.delete("action");
      ["thread", "to"].forEach(function (name) {
        var value = form.getAttribute("data-draft-" + name);
        if (value) { data.set(name, value); }
      });
      controller = window.AbortController ? new AbortController() : null;
      window.fetch(url, {
        method: "POST", credentials: "same-origin", body: data,
        headers: { "Accept": "application/json" },
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        return response.json();
      }).then(function (body) {
        if (status && !stopped) { status.textContent = body.message || body.error || ""; }
        if (body.error) { stopped = true; }
      }).catch(function () { /* the "Save draft" button still works */ });
    }
    function stop() {
      stopped = true;
      if (timer) { window.clearTimeout(timer); }
      if (controller) { controller.abort(); }
    }
    form.addEventListener("input", function () {
      dirty = true;
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(send, 4000);
    });
    form.addEventListener("submit", stop);
    document.addEventListener("convene:quick-exit", stop);
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

  // Check-in desk: send each scan as JSON and show the answer in place, so the scan
  // box keeps its focus for the next badge. Without this, the form posts as usual.
  function showArrival(box, body) {
    box.textContent = "";
    var panel = document.createElement("div");
    panel.className = "notice checkin-outcome checkin-" + body.outcome +
      (body.ok ? "" : " notice-warning");
    var message = document.createElement("p");
    var strong = document.createElement("strong");
    message.className = "checkin-message";
    strong.textContent = body.message;
    message.appendChild(strong);
    panel.appendChild(message);
    if (body.person) {
      var person = document.createElement("p");
      var name = document.createElement("bdi");
      person.className = "checkin-person";
      name.className = "checkin-name";
      name.textContent = body.person.badge_name;
      person.appendChild(name);
      [[body.person.status_label, body.person.status === "approved" ? "badge-ok" : "badge-warn"],
       [body.person.role_label, "badge-muted"]].forEach(function (pair) {
        var badge = document.createElement("span");
        badge.className = "badge " + pair[1];
        badge.textContent = pair[0];
        person.appendChild(document.createTextNode(" "));
        person.appendChild(badge);
      });
      panel.appendChild(person);
    }
    box.appendChild(panel);
  }

  function checkInDesk(form) {
    var input = form.querySelector("[data-checkin-token]");
    var box = document.querySelector("[data-checkin-result]");
    var csrf = form.querySelector('input[name="csrf_token"]');
    if (!input || !box || !window.fetch) { return; }
    form.addEventListener("submit", function (event) {
      var token = input.value.trim();
      if (!token) { return; }  // the server explains what is missing
      event.preventDefault();
      input.value = "";
      input.focus();
      var headers = { "Content-Type": "application/json", "Accept": "application/json" };
      if (csrf) { headers["X-CSRFToken"] = csrf.value; }
      window.fetch(form.getAttribute("data-checkin-json"), {
        method: "POST", credentials: "same-origin", headers: headers,
        body: JSON.stringify({ token: token })
      }).then(function (response) {
        return response.json().then(function (body) {
          if (!body || !body.outcome) { throw new Error("no outcome"); }
          showArrival(box, body);
        });
      }).catch(function () {
        input.value = token;  // let the plain form try, and show its answer
        // `form.submit` is the form's Submit button here, hence the prototype's method.
        HTMLFormElement.prototype.submit.call(form);
      });
    });
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
    document.querySelectorAll("form[data-checkin-json]").forEach(checkInDesk);
    document.querySelectorAll("form[data-autosave]").forEach(autosave);
    var autofocus = document.querySelector("[data-autofocus]");
    if (autofocus) { autofocus.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
