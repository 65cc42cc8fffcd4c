from mealplan.cli import main

main()
