// Gives every control in the admin a name a screen reader can read out. Django's admin leaves
// some without one: the boxes of its searchable lists (Select2), the rich-text editor's
// writing area, the date and time boxes of a date-and-time field, the boxes in the rows of a
// table of items (such as a glossary), and the icon beside a two-list chooser's filter. Each is named after the field's own label, or its
// column's heading. Loaded on every admin page by templates/admin/base_site.html.
"use strict";
(function () {
  let counter = 0;

  function idOf(element) {
    if (!element.id) {
      counter += 1;
      element.id = `admin-name-${counter}`;
    }
    return element.id;
  }

  // The label of the field whose widget contains (or is) `element`: the label pointing at
  // the field, the row's own label, or the heading of the table column the field is in.
  function labelFor(field) {
    if (field.id) {
      const label = document.querySelector(`label[for="${CSS.escape(field.id)}"]`);
      if (label) return label;
    }
    const row = field.closest(".form-row .flex-container, .fieldBox");
    const rowLabel = row && row.querySelector(":scope > label");
    if (rowLabel) return rowLabel;
    const cell = field.closest("td");
    const table = cell && cell.closest("table");
    if (table) {
      const column = Array.from(cell.parentElement.children).indexOf(cell);
      const heading = table.querySelectorAll("thead tr th")[column];
      if (heading && heading.textContent.trim()) return heading;
    }
    return null;
  }

  function nameBy(element, ...labels) {
    const ids = labels.filter(Boolean).map(idOf);
    if (ids.length && !element.hasAttribute("aria-label")) {
      element.setAttribute("aria-labelledby", ids.join(" "));
    }
  }

  function isNamed(field) {
    return (
      field.labels?.length ||
      field.hasAttribute("aria-label") ||
      field.hasAttribute("aria-labelledby")
    );
  }

  function nameSearchableLists(root) {
    for (const container of root.querySelectorAll(".select2-container")) {
      const select = container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") continue;
      const label = labelFor(select);
      if (!label) continue;
      const box = container.querySelector(".select2-selection");
      const shown = container.querySelector(".select2-selection__rendered");
      // The choice shown (when there is one) is read out after the field's name.
      if (box) nameBy(box, label, box.classList.contains("select2-selection--single") && shown);
      // An open list says which list of options it controls, as a combobox must.
      if (box && box.hasAttribute("aria-owns")) {
        box.setAttribute("aria-controls", box.getAttribute("aria-owns"));
      } else if (box) {
        box.removeAttribute("aria-controls");
      }
      if (shown && shown.getAttribute("role") === "textbox") nameBy(shown, label);
      const search = container.querySelector(".select2-search__field");
      if (search) nameBy(search, label);
      // The "×" that clears every choice is for the mouse (Backspace does it from the
      // keyboard); hidden from screen readers, it no longer breaks the list of choices.
      const clear = container.querySelector("ul > .select2-selection__clear");
      if (clear) clear.setAttribute("aria-hidden", "true");
    }
    // The search box of the list that is open, which Select2 adds at the end of the page.
    const open = document.querySelector(".select2-container--open .select2-selection");
    const dropdownSearch = document.querySelector(".select2-dropdown .select2-search__field");
    if (open && dropdownSearch) {
      const select = open.closest(".select2-container").previousElementSibling;
      dropdownSearch.removeAttribute("aria-labelledby");
      nameBy(dropdownSearch, select && labelFor(select));
    }
  }

  function nameRichTextEditors(root) {
    for (const area of root.querySelectorAll(".prose-editor [contenteditable]")) {
      const textarea = area.closest(".prose-editor").querySelector("textarea");
      if (!textarea || area.hasAttribute("aria-labelledby")) continue;
      nameBy(area, labelFor(textarea));
      const help = textarea.getAttribute("aria-describedby");
      if (help) area.setAttribute("aria-describedby", help);
    }
  }

  // "Date:" and "Time:" become labels of their boxes, read out after the field's name.
  function nameDateAndTimeBoxes(root) {
    for (const pair of root.querySelectorAll("p.datetime")) {
      const fieldLabel = labelFor(pair);
      for (const input of pair.querySelectorAll("input")) {
        if (input.hasAttribute("aria-labelledby")) continue;
        const text = input.previousSibling;
        let part = null;
        if (text && text.nodeType === Node.TEXT_NODE && text.textContent.trim()) {
          part = document.createElement("span");
          part.textContent = text.textContent.trim();
          text.replaceWith(part, " ");
        }
        nameBy(input, fieldLabel, part);
      }
    }
  }

  function nameTableRowFields(root) {
    const fields = root.querySelectorAll(
      ".tabular td input:not([type=hidden]), .tabular td select, .tabular td textarea",
    );
    for (const field of fields) {
      if (isNamed(field)) continue;
      nameBy(field, labelFor(field));
    }
  }

  // The magnifying glass beside a two-list chooser's filter box is a picture with a name.
  function namePictures(root) {
    for (const icon of root.querySelectorAll("span.search-label-icon[aria-label]:not([role])")) {
      icon.setAttribute("role", "img");
    }
  }

  function nameEverything() {
    const root = document.getElementById("container") || document.body;
    nameSearchableLists(root);
    nameRichTextEditors(root);
    nameDateAndTimeBoxes(root);
    nameTableRowFields(root);
    namePictures(root);
  }

  nameEverything();
  document.addEventListener("DOMContentLoaded", nameEverything);
  // Searchable lists, editors and new rows are made after the page loads.
  new MutationObserver(nameEverything).observe(document.body, { childList: true, subtree: true });
})();
