"""Dependencies point down (STYLE.md): the engine's modules are in layers,
and a module imports only from its own layer or the ones below, so there is
no import circle. Every import counts, including those inside functions,
which is where an upward import likes to hide."""

from __future__ import annotations

import ast
import fnmatch
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "hooks" / "mkdossier"

# Lowest first. Names are paths inside the package without ".py"; a new
# module goes in the lowest layer that holds everything it imports.
LAYERS: list[tuple[str, ...]] = [
    # values and text, knowing nothing of records
    ("__init__", "dates", "markup", "languages", "slugs", "problems", "yamlsource", "patterns",
     "grading", "cache", "csp", "sanitize", "report", "bundle", "parallel"),
    ("store",),  # build results kept on disk, sealed
    ("page_html",),  # Markdown to HTML as the site generator would, kept in the store
    ("fieldtypes",),  # one class per value type, and a field's spec
    ("model",),
    ("model_check",),
    ("load",),
    ("validate",),
    ("resolve",),
    # read the model or the graph, below the renderers and the exports that use them
    ("site", "json_schema", "search_terms", "scaffold", "reach", "kept_render", "parts"),
    ("exports/*",),
    ("render/*",),  # may use exports (a page embeds one); exports never use render
    ("pipeline",),
    ("create", "graph_diff", "import_ftm", "synth"),
    ("cli", "__main__"),
]


def modules() -> list[str]:
    return sorted(str(p.relative_to(PACKAGE).with_suffix("")) for p in PACKAGE.rglob("*.py"))


def layer_of(module: str) -> int | None:
    for number, names in enumerate(LAYERS):
        if any(fnmatch.fnmatchcase(module, name) for name in names):
            return number
    return None


def _module_at(parts: list[str]) -> str | None:
    """The module a dotted path names inside the package (a package is its __init__)."""
    path = "/".join(parts)
    if parts and (PACKAGE / f"{path}.py").is_file():
        return path
    if (PACKAGE / path / "__init__.py").is_file():
        return f"{path}/__init__" if path else "__init__"
    return None


def imports_of(module: str) -> set[str]:
    """Every module of the package that ``module`` imports, anywhere in its code."""
    package = module.split("/")[:-1]
    found = set()
    for node in ast.walk(ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
            elif (node.module or "").split(".")[0] == "mkdossier":
                base = []
            else:
                continue
            named = [p for p in (node.module or "").split(".") if p]
            if not node.level:
                named = named[1:]
            target = base + named
            for alias in node.names:  # `from . import dates` imports a module, `from .load import Record` a name
                found.add(_module_at(target + [alias.name]) or _module_at(target))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "mkdossier":
                    found.add(_module_at(parts[1:]))
    return {m for m in found if m and m != module}


def import_graph() -> dict[str, set[str]]:
    return {module: imports_of(module) for module in modules()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import each other (Tarjan's strongly connected components)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in sorted(graph.get(module, ())):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def test_the_reader_sees_imports_inside_functions():
    graph = import_graph()
    assert {"pipeline", "render/__init__", "render/figures"} <= graph["cli"]
    assert "exports/common" in graph["exports/ftm"] and "dates" in graph["exports/common"]
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_module_has_a_layer():
    missing = [m for m in modules() if layer_of(m) is None]
    assert not missing, f"place these modules in LAYERS (tests/test_layers.py): {missing}"


def test_imports_point_down():
    upward = [f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})"
              for module, targets in import_graph().items() for target in sorted(targets)
              if layer_of(target) is not None and layer_of(module) is not None and layer_of(target) > layer_of(module)]
    assert not upward, "imports that point up:\n" + "\n".join(upward)


def test_no_import_circle():
    found = circles(import_graph())
    assert not found, "modules that import each other: " + "; ".join(" ↔ ".join(group) for group in found)
