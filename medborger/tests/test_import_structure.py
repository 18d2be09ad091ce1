"""The import structure CONTRIBUTING.md promises: the core (`medborger/`) imports no app, an app
imports only the layers below it, and no module imports itself through others (no circles).

Read from the source with `ast` (every import statement counts, also one inside a function), so
a circle cannot hide behind a late import. Tests, migrations and test helpers are left out.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Each app may import the ones on a lower layer, never one on its own layer or above.
LAYERS = {"medborger": 0, "policy": 1, "forum": 2, "consultation": 2}
SKIPPED = {"tests", "migrations", "testing", "__pycache__"}


def module_files(root: Path) -> dict[str, Path]:
    """Module name -> file, for the packages named in LAYERS."""
    found = {}
    for package in LAYERS:
        for path in (root / package).rglob("*.py"):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if SKIPPED.intersection(parts):
                continue
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module -> the modules of the project it imports (`from a import b` imports `a` and,
    if it is a module, `a.b`)."""
    modules = module_files(root)

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                targets.add(base)
                targets.update(f"{base}.{alias.name}" for alias in node.names)
        graph[name] = {t for t in map(known, targets) if t is not None and t != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
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
    return sorted(found)


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    """Imports of an app on the same or a higher layer (the core is the lowest)."""
    found = []
    for name, targets in sorted(graph.items()):
        here = name.split(".")[0]
        for target in sorted(targets):
            there = target.split(".")[0]
            if there != here and LAYERS[there] >= LAYERS[here]:
                found.append(f"{name} -> {target}")
    return found


def test_no_module_imports_itself_through_others():
    assert circles(import_graph(ROOT)) == []


def test_the_core_imports_no_app_and_no_app_imports_upwards():
    assert upward_imports(import_graph(ROOT)) == []


def test_the_checks_see_a_circle_and_an_upward_import(tmp_path):
    """The checks themselves, on a tree that breaks both rules (a late import included)."""
    files = {
        "medborger/__init__.py": "",
        "medborger/models.py": "def f():\n    from . import outbox\n",
        "medborger/outbox.py": "from medborger.models import f\nimport consultation\n",
        "policy/__init__.py": "",
        "policy/services.py": "from forum.models import Forum\n",
        "forum/__init__.py": "",
        "forum/models.py": "from policy import services\nimport medborger.models\n",
        "consultation/__init__.py": "",
        "consultation/tests/test_x.py": "import forum.models\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)

    graph = import_graph(tmp_path)

    assert circles(graph) == [
        ["forum.models", "policy.services"],
        ["medborger.models", "medborger.outbox"],
    ]
    assert upward_imports(graph) == [
        "medborger.outbox -> consultation",
        "policy.services -> forum.models",
    ]
