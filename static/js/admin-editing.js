/* The admin's change and add pages (loaded by templates/admin/change_form.html).

   1. Leaving a changed page asks first. The page counts as changed once anything in its form
      is typed, chosen or ticked (or differs from how it was when first used), and when it came
      back with a mistake (nothing on it is saved yet). Saving clears it.
   2. The rich-text editor checks spelling in British English. */
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

  // Naming the editor and the boxes Django leaves unnamed is static/js/admin-accessibility.js's
  // work (every admin page); here the editor only gets its spelling language.
  function polishEditor(editable) {
    editable.setAttribute("spellcheck", "true");
    editable.setAttribute("lang", "en-GB");
    editable.setAttribute("aria-multiline", "true");
  }

  document.addEventListener("prose-editor:ready", function (event) {
    polishEditor(event.detail.editor.view.dom);
  });
  document.querySelectorAll(".prose-editor .ProseMirror[contenteditable]").forEach(polishEditor);
})();
