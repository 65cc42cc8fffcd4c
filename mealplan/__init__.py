"""mealplan: nightly meal production and delivery routing for social-patronage services.

Kept light on purpose: importing ``mealplan`` or ``mealplan.models`` never loads OR-Tools
or folium.
"""

from importlib.metadata import PackageNotFoundError, version

# One source of the version: pyproject.toml, as the installed package's metadata says it.
try:
    __version__ = version("mealplan")
except PackageNotFoundError:  # run from a checkout that was never installed
    __version__ = "0+unknown"
