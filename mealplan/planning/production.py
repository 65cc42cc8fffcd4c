"""Assignment + menu -> what each kitchen cooks: portions per dish and diet, ingredients, boxes."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

from mealplan.calendar import menu_week
from mealplan.models import (
    BoxLine,
    Course,
    Dataset,
    IngredientLine,
    Order,
    Problem,
    ProductionLine,
    ProductionPlan,
    Route,
    Severity,
)
from mealplan.units import g_to_kg

COURSE_ORDER = {Course.SOUP: 0, Course.MAIN: 1, Course.DESSERT: 2, Course.BREAD: 3}
NO_MENU = "—"


def menu_for(dataset: Dataset, day: dt.date) -> dict[str, tuple[str, ...]]:
    """Dish ids per diet on ``day``; a working Saturday uses Friday's menu."""
    week = menu_week(day, dataset.settings.menu_cycle_weeks)
    weekday = min(day.weekday(), 4)
    return {e.diet_id: e.dish_ids for e in dataset.menu if e.week == week and e.weekday == weekday}


def plan_production(
    dataset: Dataset,
    day: dt.date,
    orders_by_kitchen: dict[str, tuple[Order, ...]],
    unrouted_client_ids: set[str],
    routes: list[Route],
) -> ProductionPlan:
    """Production for every kitchen.

    A kitchen cooks for every order assigned to it plus spare portions per diet
    (``settings.spare_pct``, at least ``spare_min_portions``); ingredients cover both. Orders that
    could not be put on a van are counted in ``portions_unrouted`` so the chief sees them apart
    (the coordinator may still arrange their delivery). Boxes are per van trip and diet, ``portions_per_box`` to a box.
    """
    dishes = {d.dish_id: d for d in dataset.dishes}
    menu = menu_for(dataset, day)
    problems: list[Problem] = []
    lines: list[ProductionLine] = []
    grams: dict[tuple[str, str], float] = defaultdict(float)
    recipe: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for line in dataset.recipes:
        recipe[line.dish_id].append((line.ingredient, line.grams_per_portion))
    settings = dataset.settings

    def spare_for(portions: int) -> int:
        if portions <= 0:
            return 0
        return max(settings.spare_min_portions, math.ceil(portions * settings.spare_pct / 100))

    missing_recipes: set[str] = set()
    for kitchen_id in sorted(orders_by_kitchen):
        per_diet: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for order in orders_by_kitchen[kitchen_id]:
            per_diet[order.diet_id][0] += order.portions
            if order.client_id in unrouted_client_ids:
                per_diet[order.diet_id][1] += order.portions
        for diet_id in sorted(per_diet):
            portions, unrouted = per_diet[diet_id]
            spare = spare_for(portions)
            dish_ids = menu.get(diet_id)
            if not dish_ids:
                problems.append(
                    Problem(
                        file="menu.csv",
                        column="diet",
                        value=diet_id,
                        code="no_menu",
                        expected="menu_for_day",
                        args={"date": day.isoformat()},
                        severity=Severity.WARNING,
                    )
                )
                lines.append(
                    ProductionLine(
                        kitchen_id=kitchen_id,
                        diet_id=diet_id,
                        course=Course.MAIN,
                        dish_id=NO_MENU,
                        dish_name=NO_MENU,
                        portions=portions,
                        portions_unrouted=unrouted,
                        portions_spare=spare,
                    )
                )
                continue
            for dish_id in dish_ids:
                dish = dishes.get(dish_id)
                lines.append(
                    ProductionLine(
                        kitchen_id=kitchen_id,
                        diet_id=diet_id,
                        course=dish.course if dish else Course.MAIN,
                        dish_id=dish_id,
                        dish_name=dish.name if dish else dish_id,
                        portions=portions,
                        portions_unrouted=unrouted,
                        portions_spare=spare,
                    )
                )
                if dish_id not in recipe and dish_id not in missing_recipes:
                    # Cooked today without a recipe: the store list would silently be short.
                    missing_recipes.add(dish_id)
                    problems.append(
                        Problem(
                            file="recipes.csv",
                            column="dish_id",
                            value=dish_id,
                            code="missing_recipe",
                            expected="recipe",
                            args={"dish": dish_id, "date": day.isoformat()},
                        )
                    )
                for ingredient, g in recipe.get(dish_id, ()):
                    grams[(kitchen_id, ingredient)] += g * (portions + spare)
    lines.sort(key=lambda l: (l.kitchen_id, COURSE_ORDER[l.course], l.diet_id, l.dish_id))
    ingredients = tuple(
        IngredientLine(kitchen_id=k, ingredient=i, kg=g_to_kg(g)) for (k, i), g in sorted(grams.items()) if g > 0
    )
    per_box = {k.kitchen_id: k.portions_per_box for k in dataset.kitchens}
    boxes: list[BoxLine] = []
    for route in sorted(routes, key=lambda r: (r.kitchen_id, r.van_id, r.trip)):
        by_diet: dict[str, int] = defaultdict(int)
        for stop in route.stops:
            by_diet[stop.diet_id] += stop.portions
        for diet_id in sorted(by_diet):
            boxes.append(
                BoxLine(
                    kitchen_id=route.kitchen_id,
                    van_id=route.van_id,
                    trip=route.trip,
                    diet_id=diet_id,
                    portions=by_diet[diet_id],
                    boxes=math.ceil(by_diet[diet_id] / per_box.get(route.kitchen_id, 6)),
                )
            )
    return ProductionPlan(lines=tuple(lines), ingredients=ingredients, boxes=tuple(boxes), problems=tuple(problems))
