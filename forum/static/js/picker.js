/* Long lists of checkboxes (forum.forms.PickerWidget): loaded by the lists themselves, so
   pages without one do not carry it. Without this script the list still works: every
   checkbox is a tab stop and nothing is filtered. */
(function () {
  "use strict";

  // Long lists of checkboxes (countries, languages): a filter box shows only the options
  // whose label holds what was typed, accents and case aside. Ticked options stay shown.
  function fold(text) {
    var plain = text.toLowerCase();
    return plain.normalize ? plain.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : plain;
  }
  function picker(box) {
    var input = box.querySelector("[data-picker-filter]");
    if (!input) { return; }
    var items = Array.prototype.slice.call(box.querySelectorAll("li"));
    var words = items.map(function (item) { return fold(item.textContent); });
    var boxes = items.map(function (item) { return item.querySelector("input"); });
    function shown() { return boxes.filter(function (b, index) { return !items[index].hidden; }); }
    // One tab stop for the whole list, arrows inside it (a composite widget): without it a
    // keyboard user tabs through 250 countries to reach the next field.
    function rove(target) {
      boxes.forEach(function (b) { b.tabIndex = b === target ? 0 : -1; });
    }
    rove(shown().filter(function (b) { return b.checked; })[0] || shown()[0]);
    box.addEventListener("focusin", function (event) {
      if (boxes.indexOf(event.target) !== -1) { rove(event.target); }
    });
    box.addEventListener("keydown", function (event) {
      var visible = shown();
      var at = visible.indexOf(document.activeElement);
      var moves = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: visible.length - 1 };
      if (at === -1 || !(event.key in moves)) { return; }
      event.preventDefault();
      var next = visible[Math.max(0, Math.min(visible.length - 1, moves[event.key]))];
      rove(next);
      next.focus();
    });
    input.hidden = false;
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      items.forEach(function (item, index) {
        var ticked = item.querySelector("input").checked;
        item.hidden = !(ticked || !wanted || words[index].indexOf(wanted) !== -1);
      });
      var visible = shown();
      if (visible.length && visible.every(function (b) { return b.tabIndex !== 0; })) {
        rove(visible[0]);
      }
    });
    // Enter in the filter box must not send the form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
  }

  function ready() {
    document.querySelectorAll("[data-picker]:not([data-picker-ready])").forEach(function (box) {
      box.setAttribute("data-picker-ready", "");
      picker(box);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
