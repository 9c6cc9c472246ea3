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
    if (label) {
      if (!label.id) { label.id = textarea.id + "_label"; }
      editable.setAttribute("aria-labelledby", label.id);
    }
  }

  // Boxes that Django's admin leaves without a name for screen readers: the date and time
  // boxes of a date and time (named after their field) and the autocomplete's search box.
  function fieldLabel(element) {
    var row = element.closest(".form-row, .fieldBox");
    var label = row && row.querySelector("label");
    return label ? label.textContent.replace(/:\s*$/, "").trim() : "";
  }

  function nameUnlabelledBoxes() {
    document.querySelectorAll("p.datetime input[id$='_0'], p.datetime input[id$='_1']")
      .forEach(function (input) {
        if (input.labels.length || input.hasAttribute("aria-label")) { return; }
        var part = input.id.slice(-1) === "0" ? "date" : "time";
        input.setAttribute("aria-label", (fieldLabel(input) + " " + part).trim());
      });
    document.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (box) {
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      var label = select && select.id && document.querySelector("label[for='" + select.id + "']");
      if (label) {
        box.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
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
