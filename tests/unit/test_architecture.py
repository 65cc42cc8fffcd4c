import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "mealplan"
STAGES = ("planning", "routing", "io")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_stages_never_import_each_other_or_the_wiring():
    """planning, routing and io import only models and leaves, never a sibling, the pipeline or the CLI."""
    for stage in STAGES:
        for path in (PACKAGE / stage).rglob("*.py"):
            for module in imported_modules(path):
                for other in [s for s in STAGES if s != stage] + ["pipeline", "cli"]:
                    assert not module.startswith(f"mealplan.{other}"), f"{path.name} imports {module}"


def test_solvers_are_imported_only_in_routing():
    """OR-Tools and PyVRP appear nowhere outside mealplan/routing."""
    for path in PACKAGE.rglob("*.py"):
        if "routing" in path.parts:
            continue
        assert not any(m.split(".")[0] in ("ortools", "pyvrp") for m in imported_modules(path)), path


def test_importing_the_models_loads_no_solver_and_no_map_library():
    """The domain layer is light: no OR-Tools, no folium on import."""
    code = (
        "import sys, mealplan.models; "
        "print(any(m.split('.')[0] in ('ortools', 'pyvrp', 'folium') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_stages_return_codes_and_only_writers_and_the_terminal_speak():
    """planning, routing, the readers and the pipeline never import the catalogue: words are made at the edges."""
    speaking = {
        "io/outputs.py", "io/maps.py", "io/pdf.py", "io/wording.py", "io/geocode_files.py", "io/dashboard.py",
        "io/scenario_files.py",
    }  # fmt: skip
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith(("planning/", "routing/", "io/")) or relative in ("pipeline.py", "models.py"):
            if relative in speaking:
                continue
            assert "mealplan.i18n" not in imported_modules(path), relative
