// Builds static/css/site.min.css: compiles assets/scss/site.scss (Bootstrap's Sass sources and the
// site's own rules) and removes every rule whose classes and elements no page can use. Run it with
// `make css`, which installs the pinned tools first (npm ci). Same inputs, same bytes out.
//
// Where the class names come from (PurgeCSS reads every word in these files):
// - the site's templates and the Python that sets classes (widget attributes, template tags);
// - the form markup of the installed Django, crispy-forms and crispy-bootstrap5, found through
//   the project's Python (PYTHON, else .venv/bin/python).
// Classes that only appear at run time, or in rich text from the editor, are in SAFELIST.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { PurgeCSS } from "purgecss";
import * as sass from "sass";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = path.join(root, "assets", "scss", "site.scss");
const output = path.join(root, "static", "css", "site.min.css");

const python =
  process.env.PYTHON || (existsSync(path.join(root, ".venv/bin/python")) ? ".venv/bin/python" : "python3");
// The installed packages whose templates and code write the site's form markup: Django's widget
// templates (<select>, <textarea> ...), crispy-forms' template tags, crispy-bootstrap5's templates.
const packageFiles = JSON.parse(
  execFileSync(
    python,
    [
      "-c",
      [
        "import json, pathlib, crispy_bootstrap5, crispy_forms, django",
        "where = lambda module: pathlib.Path(module.__file__).parent",
        "print(json.dumps([",
        "    f\"{where(django)}/forms/templates/django/forms/**/*.html\",",
        "    f\"{where(crispy_forms)}/templatetags/*.py\",",
        "    f\"{where(crispy_bootstrap5)}/templates/**/*.html\",",
        "]))",
      ].join("\n"),
    ],
    { cwd: root, encoding: "utf8" },
  ),
);

const apps = "{groups,activities,newsletters,enquiries,oig_site}";
const content = [
  path.join(root, "templates/**/*.html"),
  path.join(root, `${apps}/**/*.html`),
  path.join(root, `${apps}/**/*.py`),
  ...packageFiles,
];

const SAFELIST = {
  standard: [
    // Set by the browser or by scripts, never written in a template.
    "is-invalid",
    "is-valid",
    "was-validated",
    "show",
    "collapse",
    "collapsing",
    "active",
    "disabled",
    // Elements the rich-text editor can produce (settings.RICH_TEXT_EXTENSIONS): stored in the
    // database, so no template names them.
    "p",
    "strong",
    "b",
    "em",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "br",
    // A group's colour class, group-colour-<colour> (groups.models.GroupColour): made from the
    // colour a coordinator chose, so no file spells each one out.
    /^group-colour-/,
  ],
};

const compiled = sass.compile(entry, {
  style: "compressed",
  loadPaths: [path.join(root, "node_modules")],
  quietDeps: true,
  // Bootstrap 5.3's Sass uses @import and global functions; sass warns about both.
  silenceDeprecations: ["import", "global-builtin", "color-functions", "if-function"],
});

const [result] = await new PurgeCSS().purge({
  content,
  css: [{ raw: compiled.css }],
  safelist: SAFELIST,
  variables: true,
  keyframes: true,
  fontFace: true,
});

mkdirSync(path.dirname(output), { recursive: true });
writeFileSync(output, `${result.css.trim()}\n`);
console.log(`Wrote ${path.relative(root, output)} (${Buffer.byteLength(result.css)} bytes).`);
