"""Imports go one way: the shell (settings, urls, sitemaps, home, dashboard) knows every app,
the apps know the core, and the core (``oig_site/core/``) knows no app. An import hidden inside
a function to dodge a cycle would mean a rule is in the wrong layer.

Both checks read the source itself (with ``ast``), so they see every import, run or not."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("groups", "activities", "newsletters", "enquiries", "asks")
PROJECT = (*APPS, "oig_site")


def source_files(folder: Path):
    """The site's own Python files under ``folder``: not the tests, migrations or virtualenv."""
    for path in sorted(folder.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if {"migrations", "tests", ".venv", "node_modules"} & set(parts):
            continue
        yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_names(node: ast.Import | ast.ImportFrom, path: Path) -> list[str]:
    """The full dotted names an import statement brings in, relative imports resolved."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    module = node.module or ""
    if node.level:
        package = module_name(path).split(".")
        if path.name != "__init__.py":
            package.pop()
        base = package[: len(package) - (node.level - 1)]
        module = ".".join([*base, module] if module else base)
    return [f"{module}.{alias.name}" for alias in node.names]


def is_project_module(name: str, packages: tuple[str, ...]) -> bool:
    return name.split(".")[0] in packages


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def test_the_core_imports_no_app_and_nothing_of_the_shell():
    core = ROOT / "oig_site" / "core"
    files = list(source_files(core))
    assert len(files) > 10, "the core's modules were not found"
    wrong = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for name in imported_names(node, path):
                outside_core = name == "oig_site" or (
                    name.startswith("oig_site.") and not name.startswith("oig_site.core")
                )
                if is_project_module(name, APPS) or outside_core:
                    wrong.append(f"{where(path, node)} imports {name}")
    assert wrong == [], "The core must not import the apps or the shell:\n" + "\n".join(wrong)


def test_no_function_imports_the_sites_own_modules():
    files = [path for package in PROJECT for path in source_files(ROOT / package)]
    assert len(files) > 40, "the site's modules were not found"
    wrong = set()
    for path in files:
        tree = ast.parse(path.read_text(), filename=str(path))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            for node in ast.walk(function):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                names = [n for n in imported_names(node, path) if is_project_module(n, PROJECT)]
                if names:
                    wrong.add(f"{where(path, node)} imports {', '.join(names)}")
    assert sorted(wrong) == [], (
        "Import these at the top of the module (or move the rule to the right layer):\n"
        + "\n".join(sorted(wrong))
    )


# What each app may import of the site's own code: the core, and (for activities and
# newsletters) groups, which they point at. groups reaches them only through relations.
APP_MAY_IMPORT = {
    "groups": {"groups"},
    "activities": {"activities", "groups"},
    "newsletters": {"newsletters", "groups"},
    "asks": {"asks", "groups"},
}


def test_apps_import_only_the_core_and_what_they_point_at():
    wrong = []
    for app, allowed in APP_MAY_IMPORT.items():
        files = list(source_files(ROOT / app))
        assert len(files) > 5, f"{app}'s modules were not found"
        for path in files:
            for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
                if not isinstance(node, ast.Import | ast.ImportFrom):
                    continue
                for name in imported_names(node, path):
                    top = name.split(".")[0]
                    shell = top == "oig_site" and not name.startswith("oig_site.core")
                    if shell or (top in APPS and top not in allowed):
                        wrong.append(f"{where(path, node)} imports {name}")
    assert wrong == [], "An app imports the shell or an app above it:\n" + "\n".join(wrong)
