"""The import graph as docs/architecture.md draws it, beyond what `lint-imports` checks.

`lint-imports` (``make lint``, [tool.importlinter] in pyproject.toml) holds the layers, the
pure domain and acyclic siblings. Two things it does not see are checked here: a cycle
through a package's ``__init__`` (a package importing its modules that import it back),
and the Alembic revisions, which are not importable modules (their names start with a
digit) and so are outside the graph.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import grimp
import networkx as nx

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "rapport"


def test_no_module_imports_itself_back_through_any_path() -> None:
    graph = grimp.build_graph("rapport", exclude_type_checking_imports=False)
    edges = nx.DiGraph()
    for module in graph.modules:
        edges.add_node(module)
        for imported in graph.find_modules_directly_imported_by(module):
            edges.add_edge(module, imported)
    cycles = [sorted(c) for c in nx.strongly_connected_components(edges) if len(c) > 1]
    assert cycles == []


def test_every_top_level_module_is_on_a_floor_of_the_layers_contract() -> None:
    """`exhaustive = true` makes lint-imports refuse a module left off the layers; this
    keeps the contract and the floors the docs describe in step."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (layers,) = [c for c in config["contracts"] if c["type"] == "layers"]
    named = {m.strip() for floor in layers["layers"] for m in floor.split("|")}
    on_disk = {p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__"}
    on_disk |= {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert named == on_disk
    doc = (ROOT / "docs" / "architecture.md").read_text()
    assert all(f"`{name}`" in doc for name in named)


def test_alembic_revisions_import_only_the_storage_types() -> None:
    """A revision is frozen history: it may name column types from rapport.storage.types
    and nothing else of Rapport (least of all the models, which change after it)."""
    for path in sorted((PACKAGE / "storage" / "migrations" / "versions").glob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.startswith("rapport"):
                    assert name == "rapport.storage.types", f"{path.name} imports {name}"
