"""Engines outside mealplan: OSRM for road travel times, an online geocoder."""
