/* The admin's change and add pages (loaded by templates/admin/change_form.html).

   1. Leaving a changed page asks first. The page counts as changed once anything in its form
      is typed, chosen or ticked (or differs from how it was when first used), and when it came
      back with a mistake (nothing on it is saved yet). Saving clears it.
   2. The rich-text editor checks spelling in British English and is named by its label for
      screen readers.
   3. The boxes Django's admin leaves unnamed are named for screen readers. */
(function () {
  "use strict";

  var form = document.querySelector("#content-main form[id$='_form']");

  function snapshot(target) {
    var parts = [];
    new FormData(target).forEach(function (value, key) {
      parts.push(key + "=" + (typeof value === "string" ? value : value.name + ":" + value.size));
    });
    return parts.join("&");
  }

  if (form) {
    var changed = Boolean(document.querySelector(".errornote"));
    var submitting = false;
    var first = null;
    var markChanged = function () { changed = true; };
    form.addEventListener("input", markChanged);
    form.addEventListener("change", markChanged);
    // "Today", "Now", the calendar and the autocomplete boxes set values without an event:
    // compare with the form as it was just before it was first used (the editors and the
    // page's scripts have set it up by then).
    var firstUse = function (event) {
      if (first === null && event.isTrusted) { first = snapshot(form); }
    };
    form.addEventListener("pointerdown", firstUse, true);
    form.addEventListener("keydown", firstUse, true);
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("pageshow", function () { submitting = false; });
    window.addEventListener("beforeunload", function (event) {
      if (submitting) { return; }
      if (changed || (first !== null && snapshot(form) !== first)) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  function polishEditor(editable) {
    editable.setAttribute("spellcheck", "true");
    editable.setAttribute("lang", "en-GB");
    editable.setAttribute("aria-multiline", "true");
    var wrapper = editable.closest(".prose-editor");
    var textarea = wrapper && wrapper.querySelector("textarea[id]");
    var label = textarea && document.querySelector("label[for='" + textarea.id + "']");
    if (label) { editable.setAttribute("aria-labelledby", labelId(label)); }
  }

  // Boxes that Django's admin leaves without a name for screen readers: those in a table of
  // inline rows, the date and time boxes of a date and time, and the autocomplete's.
  function labelText(label) {
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function fieldLabel(element) {
    var row = element.closest(".form-row, .fieldBox");
    return labelText(row && row.querySelector("label"));
  }

  function labelId(label) {
    if (!label.id) { label.id = label.htmlFor + "_label"; }
    return label.id;
  }

  function fieldLabelOfSelect2(element) {
    var container = element.closest(".select2-container");
    var select = container && container.previousElementSibling;
    return select && select.id ? document.querySelector("label[for='" + select.id + "']") : null;
  }

  function headerOf(cell) {
    var table = cell.closest("table");
    var field = Array.prototype.find.call(cell.classList, function (name) {
      return name.indexOf("field-") === 0;
    });
    if (field) { return table.querySelector("thead th.column-" + field.slice(6)); }
    return cell.classList.contains("delete") ? table.querySelector("thead th:last-child") : null;
  }

  function nameUnlabelledBoxes() {
    // A table of inline rows names its boxes only by the column's heading: "Text (row 2)".
    document.querySelectorAll(".tabular tr.form-row").forEach(function (row) {
      var number = parseInt(row.id.split("-").pop(), 10);
      row.querySelectorAll("td input:not([type=hidden]), td select, td textarea")
        .forEach(function (box) {
          if (box.labels.length || box.hasAttribute("aria-label")) { return; }
          var header = headerOf(box.closest("td"));
          var name = header && header.textContent.trim();
          if (name) {
            box.setAttribute("aria-label", isNaN(number) ? name : name + " (row " + (number + 1) + ")");
          }
        });
    });
    document.querySelectorAll("p.datetime input[id$='_0'], p.datetime input[id$='_1']")
      .forEach(function (input) {
        if (input.labels.length || input.hasAttribute("aria-label")) { return; }
        var part = input.id.slice(-1) === "0" ? "date" : "time";
        input.setAttribute("aria-label", (fieldLabel(input) + " " + part).trim());
      });
    document.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (box) {
      var label = fieldLabelOfSelect2(box);
      if (label) { box.setAttribute("aria-label", labelText(label)); }
    });
    // The autocomplete's "remove all" cross (for the mouse; the keyboard removes with
    // Backspace) sits in its list of chosen items, where only items belong.
    document.querySelectorAll(".select2-selection__rendered > .select2-selection__clear")
      .forEach(function (cross) { cross.setAttribute("aria-hidden", "true"); });
    document.querySelectorAll(".select2-selection__rendered[role=textbox]:not([aria-label])")
      .forEach(function (box) {
        var label = fieldLabelOfSelect2(box);
        if (label) { box.setAttribute("aria-label", labelText(label)); }
      });
    // A single-choice autocomplete box is named by what is chosen, so nothing when empty: by
    // its field's label first.
    document.querySelectorAll(".select2-selection--single[aria-labelledby]").forEach(function (box) {
      var label = fieldLabelOfSelect2(box);
      var named = box.getAttribute("aria-labelledby");
      if (label && named.indexOf(labelId(label)) === -1) {
        box.setAttribute("aria-labelledby", labelId(label) + " " + named);
      }
    });
  }

  window.addEventListener("load", nameUnlabelledBoxes);
  document.addEventListener("formset:added", nameUnlabelledBoxes);
  if (window.django && window.django.jQuery) {
    window.django.jQuery(document).on("select2:open select2:close change", nameUnlabelledBoxes);
  }

  document.addEventListener("prose-editor:ready", function (event) {
    polishEditor(event.detail.editor.view.dom);
  });
  document.querySelectorAll(".prose-editor .ProseMirror[contenteditable]").forEach(polishEditor);
})();
