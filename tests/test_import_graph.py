"""Imports point one way: no module of the site imports itself through others, no two apps
import each other, and each app imports only the layers below it.

Two modules that import each other can only be read, tested and loaded together, and an
import moved inside a function to let them load is a circle kept out of sight. These
tests read every module's imports with `ast` (nothing is run), build the graph of the
site's own modules, and fail with the circle, each step with its line.

An import of `a.b.c` counts as an edge to `a.b.c` alone, as import-linter and grimp count
it: Python also runs the package `a.b` first, but Django imports every app's models
package before any other module of the app, so a package is always loaded by then.

The layers are import-linter's contract in pyproject.toml, which `make lint` also runs.
"""

import ast
import graphlib
import itertools
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The packages whose modules make up the graph: the apps, and truvisory/, which wires them
# together (a circle through it would be a circle too). Their tests/ folders are left out.
APPS = ["pages", "guides", "analytics", "page_cache", "accounts", "machine_readable", "search"]
PACKAGES = [*APPS, "worker", "truvisory"]
# The apps in which an import inside a function must be one of these, with its reason.
CHECKED_APPS = (*APPS, "worker")
READY = "AppConfig.ready(): Django imports an app's apps.py before any models exist, so "
ALLOWED_INSIDE_FUNCTIONS = {
    ("pages.apps", "pages.checks"): READY + "its system checks are registered here.",
    ("pages.apps", "pages.site_url"): READY + "the signal handler is connected here.",
    ("pages.apps", "pages.roles"): READY + "the signal handler is connected here.",
    ("pages.apps", "pages.changes"): READY + "the signal handlers are connected here.",
    ("guides.apps", "guides.models"): READY + "the signal's sender is imported here.",
    ("guides.apps", "guides.roles"): READY + "the signal handlers are connected here.",
    ("analytics.apps", "analytics.models"): READY + "the signals' senders are imported here.",
    ("analytics.apps", "analytics.sources"): READY + "the signal handlers are connected here.",
    ("analytics.apps", "analytics.views"): READY + "the signal handlers are connected here.",
    ("analytics.apps", "analytics.roles"): READY + "the signal handler is connected here.",
    ("analytics.apps", "pages.models"): READY + "the signals' senders are imported here.",
    ("page_cache.apps", "page_cache.invalidation"): READY + "its signal handlers connect here.",
}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    function: str | None  # the function it stands in; None at module level

    def __str__(self):
        where = f", inside {self.function}()" if self.function else ""
        return f"{self.importer} imports {self.imported} (line {self.line}{where})"


def site_modules():
    """{dotted module name: its file} for every module of PACKAGES."""
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if "tests" in parts:
                continue
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_modules(node, module, is_package, modules):
    """The site modules an import statement loads, relative imports resolved. In
    `from a import b`, b is the module a.b if there is one, else a name in a."""
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names} & modules.keys()
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join([*package, base] if base else package)
    names = {f"{base}.{alias.name}" for alias in node.names}
    return {name if name in modules else base for name in names} & modules.keys()


def imports_of(module, path, modules):
    """Every import of a site module in this module, each with the function it stands in."""
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                is_package = path.name == "__init__.py"
                for target in imported_modules(child, module, is_package, modules) - {module}:
                    found.append(Import(module, target, child.lineno, function))
            is_function = isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            visit(child, function or (child.name if is_function else None))

    visit(ast.parse(path.read_text(), filename=str(path)), None)
    return found


def all_imports():
    modules = site_modules()
    return [found for name, path in modules.items() for found in imports_of(name, path, modules)]


def circle(imports):
    """The imports that form a circle, in order, or [] when the graph has none."""
    graph = {}
    for found in imports:
        graph.setdefault(found.importer, set()).add(found.imported)
    try:
        graphlib.TopologicalSorter(graph).prepare()
    except graphlib.CycleError as error:
        # graphlib lists the circle with each module imported by the one after it.
        nodes = error.args[1][::-1]
        steps = list(zip(nodes, nodes[1:], strict=False))
        return [next(i for i in imports if (i.importer, i.imported) == step) for step in steps]
    return []


def importlinter():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def ignored_by_contract(found, patterns):
    """Whether the layers contract lets this import through: its ignore_imports are
    "importer -> imported", where * is one part of a dotted name and ** one or more."""
    for pattern in patterns:
        names = [
            re.escape(side).replace(r"\*\*", ".+").replace(r"\*", "[^.]+")
            for side in pattern.split(" -> ")
        ]
        if re.fullmatch(names[0], found.importer) and re.fullmatch(names[1], found.imported):
            return True
    return False


def app_imports():
    """{(app, app it imports): the first such import}, for every pair of PACKAGES, leaving
    out the imports the layers contract lets through."""
    layers = next(c for c in importlinter()["contracts"] if c["type"] == "layers")
    ignored = layers.get("ignore_imports", [])
    steps = {}
    for found in all_imports():
        step = (found.importer.split(".")[0], found.imported.split(".")[0])
        if step[0] != step[1] and not ignored_by_contract(found, ignored):
            steps.setdefault(step, found)
    return steps


def chain(steps, start, end):
    """The fewest imports by which app `start` reaches app `end`, or [] if it does not."""
    reached, queue = {start: []}, [start]
    for current in queue:  # breadth first: the queue grows as apps are reached
        for (importer, imported), found in steps.items():
            if importer == current and imported not in reached:
                reached[imported] = [*reached[current], found]
                queue.append(imported)
    return reached.get(end, [])


def describe(steps):
    return "An import circle:\n  " + "\n  ".join(str(step) for step in steps)


def test_modules_import_each_other_one_way_only():
    at_module_level = [found for found in all_imports() if found.function is None]
    steps = circle(at_module_level)
    assert not steps, describe(steps)


def test_no_import_inside_a_function_hides_a_circle():
    """Were every import inside a function moved to the top of its module, there would
    still be no circle: none of them is there to break one."""
    steps = circle(all_imports())
    assert not steps, describe(steps)


def test_no_two_apps_import_each_other():
    """Each app can be read with only the apps below it: no app imports another that
    imports it back, directly or through others (an import inside a function counts).
    What the layers contract lets through is left out, as lint-imports leaves it: pages/
    reads page_cache.memo, of the page cache's core that imports no app."""
    steps = app_imports()
    both_ways = []
    for first, second in itertools.combinations(PACKAGES, 2):
        there, back = chain(steps, first, second), chain(steps, second, first)
        if there and back:
            lines = "\n    ".join(str(step) for step in there + back)
            both_ways.append(f"{first} and {second}:\n    {lines}")
    assert not both_ways, "Apps that import each other:\n  " + "\n  ".join(both_ways)


def test_imports_inside_functions_are_the_listed_ones():
    inside = {
        (found.importer, found.imported): found
        for found in all_imports()
        if found.function and found.importer.startswith(CHECKED_APPS)
    }
    unlisted = [str(found) for key, found in inside.items() if key not in ALLOWED_INSIDE_FUNCTIONS]
    assert not unlisted, (
        "Import these at the top of the module, or list them with the reason in "
        "ALLOWED_INSIDE_FUNCTIONS:\n  " + "\n  ".join(unlisted)
    )
    assert set(ALLOWED_INSIDE_FUNCTIONS) <= set(inside), "a listed import is gone: unlist it"


def test_the_apps_keep_their_layers():
    """`lint-imports` keeps pyproject.toml's contract, which covers every app of the graph."""
    config = importlinter()
    assert sorted(config["root_packages"]) == sorted(PACKAGES)
    command = [Path(sys.executable).with_name("lint-imports"), "--no-cache"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 broken." in done.stdout and "BROKEN" not in done.stdout
