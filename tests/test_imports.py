"""The modules' imports: one-way, at the top of the file.

A cycle between modules was kept alive by imports hidden inside functions;
these tests read every module of the apps (not migrations) and fail on a
cycle, or on an import inside a function, unless it is:

- an optional dependency (`OPTIONAL`): the Elasticsearch client (only with
  ELASTICSEARCH_URL), WeasyPrint (needs Debian's Pango, and says so with a
  503 when it is missing) and the query word segmenter, underthesea (queries
  fall back to syllables without it; loading it costs 0.7 s and 80 MB, which
  only a process that searches should pay: gunicorn workers load it at
  start, `manage.py publish_scheduled` never), and the audio pipeline's
  libraries, pyloudnorm, SciPy and lameenc (0.7 s and 77 MB to load: only
  a process that renders audio pays, not every worker that shows a page);
- inside an `AppConfig.ready()`, Django's documented place to import the
  module that connects an app's signals (models cannot be imported while the
  app registry is loading).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("cms", "directives", "search")
OPTIONAL = {
    "elasticsearch",
    "elastic_transport",
    "weasyprint",
    "underthesea",
    "pyloudnorm",
    "scipy",
    "lameenc",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                found[module_name(path)] = path
    return found


MODULES = project_modules()


def absolute(node: ast.ImportFrom, module: str, path: Path) -> str:
    """The absolute name `from ... import` refers to, seen from `module`."""
    if not node.level:
        return node.module or ""
    package = module.split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imported(node, module: str, path: Path) -> list[str]:
    """The project modules an import statement loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        source = absolute(node, module, path)
        names = [source] + [f"{source}.{alias.name}" for alias in node.names]
    return [name for name in names if name in MODULES]


def with_parents(name: str) -> list[str]:
    """Importing a.b.c runs a/__init__ and a/b/__init__ first."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def top_level_imports(tree: ast.Module):
    """Import statements run when the module loads (also under if/try)."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.If | ast.Try):
            stack.extend(node.body + node.orelse)
            stack.extend(getattr(node, "finalbody", []))
            for handler in getattr(node, "handlers", []):
                stack.extend(handler.body)


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        edges = set()
        for node in top_level_imports(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "__future__":
                continue
            for name in imported(node, module, path):
                edges.update(with_parents(name))
        # A package runs while its own submodules load: not a cycle.
        own = set(with_parents(module))
        graph[module] = {m for m in edges if m in MODULES and m not in own}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph[node]):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def nested_imports(path: Path) -> list[str]:
    """'line: statement' for each import inside a function that is neither an
    optional dependency nor in an AppConfig.ready()."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def walk(node, in_function: bool, in_ready: bool):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                walk(child, True, in_ready or child.name == "ready")
            elif isinstance(child, ast.Import | ast.ImportFrom) and in_function:
                roots = (
                    {alias.name.split(".")[0] for alias in child.names}
                    if isinstance(child, ast.Import)
                    else {(child.module or "").split(".")[0] if not child.level else ""}
                )
                if not in_ready and not roots <= OPTIONAL:
                    found.append(f"{child.lineno}: {ast.unparse(child)}")
            else:
                walk(child, in_function, in_ready)

    walk(tree, False, False)
    return found


def test_the_walk_sees_the_apps():
    graph = import_graph()
    assert {"cms.models", "directives.models", "search.views"} <= set(graph)
    # A known edge: the directive pages build on the site's page mixin.
    assert "cms.models" in graph["directives.models.base"]


def test_no_import_cycle():
    assert cycles(import_graph()) == []


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_at_the_top(module):
    assert nested_imports(MODULES[module]) == []
