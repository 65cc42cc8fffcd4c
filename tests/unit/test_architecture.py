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
        "io/writers/night_folder.py", "io/writers/maps.py", "io/writers/pdf.py", "io/wording.py",
        "io/writers/geocode_review.py", "io/writers/dashboard.py", "io/writers/comparison.py",
        "io/writers/visits_folder.py", "io/writers/visit_sheets.py", "io/writers/outcomes.py", "io/writers/report.py",
        "io/web/app.py",
    }  # fmt: skip
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith(("planning/", "routing/", "io/")) or relative in ("pipeline.py", "models.py"):
            if relative in speaking:
                continue
            assert "mealplan.i18n" not in imported_modules(path), relative


# Which of io/'s rooms each room may import: the readers, the store and the adapters stand on
# their own (a reader never needs a writer, the history never needs a file format); the writers
# may know the data folder's column names; the office's web application reads the register,
# keeps the history and links as the writers do; the shared modules at io/'s root know no room.
IO_ROOMS = {
    "readers": set(),
    "store": set(),
    "adapters": set(),
    "writers": {"readers"},
    "web": {"readers", "store", "writers"},
}


def test_io_rooms_import_only_the_rooms_they_stand_on():
    """io/readers, io/store and io/adapters import no other room; io/writers only the readers; io/web the
    readers, the store and the writers; io/'s root none."""
    io_root = PACKAGE / "io"
    for path in io_root.rglob("*.py"):
        parts = path.relative_to(io_root).parts
        room = parts[0] if len(parts) > 1 and parts[0] in IO_ROOMS else None
        allowed = IO_ROOMS.get(room, set()) if room else set()
        for module in imported_modules(path):
            for other in IO_ROOMS:
                if other != room and module.startswith(f"mealplan.io.{other}"):
                    assert other in allowed, f"io/{'/'.join(parts)} imports {module}"


def test_every_io_module_lives_in_a_room_or_is_one_of_the_shared_few():
    """Behaviour is found in one hop: a new io/ module goes into a room, not beside them."""
    shared = {"__init__.py", "tabular.py", "safe.py", "wording.py"}
    loose = {p.name for p in (PACKAGE / "io").glob("*.py")} - shared
    assert not loose
