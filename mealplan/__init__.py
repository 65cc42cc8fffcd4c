"""mealplan: nightly meal production and delivery routing for social-patronage services.

Kept light on purpose: importing ``mealplan`` or ``mealplan.models`` never loads OR-Tools
or folium.
"""

__version__ = "0.1.0"
