"""The import graph keeps its shape: layers one way, no circle, OR-Tools in solver/ only.

Read from the source with :mod:`ast` (nothing is imported), every import
counts, the ones inside functions too: a lazy import is still a dependency,
and hiding a circle inside a function was how the old solver dodged one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SOURCE = Path(__file__).parent.parent / "src"
TESTS = Path(__file__).parent

# The pipeline, bottom to top. A module may import from its own layer or a
# lower one, never from a higher one.
LAYERS: dict[str, int] = {
    "shiftplan.errors": 0,
    "shiftplan.executor": 0,
    "shiftplan.status": 0,
    "shiftplan.log": 0,
    "shiftplan.atomic": 0,
    "shiftplan.clock": 0,
    "shiftplan.output_set": 0,
    "shiftplan.scenario": 1,
    "shiftplan.roster_io": 1,
    "shiftplan.result": 1,
    "shiftplan.staffing": 2,
    "shiftplan.shifts": 2,
    "shiftplan.scoring": 2,
    "shiftplan.validate": 2,
    "shiftplan.generate": 2,
    "shiftplan.solver": 3,
    "shiftplan.locks": 3,
    "shiftplan.plotting": 4,
    "shiftplan.reports": 4,
    "shiftplan.export": 4,
    "shiftplan.api": 5,
    "shiftplan.whatif": 6,
    "shiftplan.sweep": 6,
    "shiftplan.bench": 6,
    "shiftplan": 7,
    "shiftplan.cli": 8,
    "shiftplan.__main__": 9,
}

# Issue 14 rebuilds whatif.py into a package and its tests with it; until
# then this one test reaches into it.
PRIVATE_IMPORT_EXCEPTIONS = {("test_whatif.py", "shiftplan.whatif", "_roster")}


def module_name(path: Path) -> str:
    """``src/shiftplan/solver/runtime.py`` -> ``shiftplan.solver.runtime``."""
    parts = list(path.relative_to(SOURCE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> Iterator[tuple[str, list[str]]]:
    """Each imported module of a file, with the names taken from it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom):
            # The package uses absolute imports only; a relative one fails here.
            assert node.level == 0, f"{path}: relative import"
            module = node.module or ""
            # ``from shiftplan.cli import solve`` imports the module cli/solve.py.
            folder = SOURCE.joinpath(*module.split("."))
            submodules = [
                alias.name
                for alias in node.names
                if (folder / f"{alias.name}.py").is_file() or (folder / alias.name).is_dir()
            ]
            for name in submodules:
                yield f"{module}.{name}", []
            names = [alias.name for alias in node.names if alias.name not in submodules]
            if names or not submodules:
                yield module, names


def layer(module: str) -> int:
    """The layer of a shiftplan module: its longest prefix in LAYERS."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        prefix = ".".join(parts[:end])
        if prefix in LAYERS:
            return LAYERS[prefix]
    message = f"{module} has no layer in tests/test_imports.py: add it to LAYERS"
    raise AssertionError(message)


def source_files() -> list[Path]:
    """Every Python file of the package."""
    return sorted((SOURCE / "shiftplan").rglob("*.py"))


def graph() -> dict[str, set[str]]:
    """Module -> the shiftplan modules it imports by name."""
    edges: dict[str, set[str]] = {}
    for path in source_files():
        edges[module_name(path)] = {
            target for target, _ in imports(path) if target.split(".")[0] == "shiftplan"
        }
    return edges


def test_every_import_runs_down_the_layers() -> None:
    """No module imports one from a later stage of the pipeline."""
    back = [
        f"{importer} (layer {layer(importer)}) imports {target} (layer {layer(target)})"
        for importer, targets in graph().items()
        for target in targets
        if layer(target) > layer(importer)
    ]
    assert back == []


def test_there_is_no_import_circle() -> None:
    """Depth-first search over the module graph finds no cycle."""
    edges = graph()
    known = set(edges)
    state: dict[str, str] = {}
    circles: list[list[str]] = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "open"
        for target in sorted(edges.get(module, set()) & known):
            if state.get(target) == "open":
                circles.append([*trail[trail.index(target) :], target])
            elif target not in state:
                visit(target, [*trail, target])
        state[module] = "done"

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert circles == []


def test_only_the_solver_imports_or_tools() -> None:
    """OR-Tools (and its protobuf messages) stay behind the solver package."""
    outside = [
        f"{module_name(path)} imports {target}"
        for path in source_files()
        for target, _ in imports(path)
        if target.split(".")[0] in ("ortools", "google")
        and not module_name(path).startswith("shiftplan.solver")
    ]
    assert outside == []


def test_reports_and_plots_never_import_the_solver() -> None:
    """Reports read a Result; they never reach back into the model."""
    reaching = [
        f"{importer} imports {target}"
        for importer, targets in graph().items()
        if importer.startswith(("shiftplan.reports", "shiftplan.plotting"))
        for target in targets
        if target.startswith("shiftplan.solver")
    ]
    assert reaching == []


def test_no_private_name_is_imported_from_another_module() -> None:
    """A leading underscore means 'this module only', in the package and the tests."""
    files = [*source_files(), *sorted(TESTS.rglob("*.py"))]
    private = [
        f"{path.name} imports {name} from {target}"
        for path in files
        for target, names in imports(path)
        if target.split(".")[0] == "shiftplan"
        for name in names
        if name.startswith("_")
        and not name.startswith("__")
        and (path.name, target, name) not in PRIVATE_IMPORT_EXCEPTIONS
    ]
    assert private == []


# A test of a package's behaviour as a whole, not of one of its modules.
WHOLE_PACKAGE_TESTS = {"solver/test_deterministic.py"}


def test_the_test_tree_mirrors_the_package() -> None:
    """``tests/<package>/test_<module>.py`` tests ``src/shiftplan/<package>/<module>.py``."""
    unmatched = []
    for path in sorted(TESTS.rglob("test_*.py")):
        relative = path.relative_to(TESTS)
        if len(relative.parts) == 1:
            # Top-level tests run the pipeline end to end or test a top-level module.
            continue
        package = SOURCE / "shiftplan" / relative.parent
        module = relative.stem.removeprefix("test_")
        found = (package / f"{module}.py").is_file() or (package / module).is_dir()
        if not found and relative.as_posix() not in WHOLE_PACKAGE_TESTS:
            unmatched.append(relative.as_posix())
    assert unmatched == []
