"""Deterministic generator of the synthetic Sofia sample: synthetic people, real geography.

Facts (district weights, residential anchors, kitchens, offices) come from
``shared/research/sofia-data.md``; nothing here describes a real person. The generator returns
plain tables (column order + rows of strings), so its output is byte-stable for a seed and the
writing is left to ``mealplan.io``. ``scale`` multiplies the number of clients, kitchens'
capacities and the fleet together, for benchmarks at 2x, 5x and 10x the city.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from mealplan.models import REGISTER_COLUMNS

Table = tuple[list[str], list[list[str]]]

# district: (Bulgarian name, office, allocation per 2000, anchors)
# anchor: (name, lat, lon, radius_m, kind) kind: "estate" panel blocks | "quarter" houses/low
# blocks | "centre" old town buildings | "village"
DISTRICTS: dict[str, tuple[str, str, int, list[tuple[str, float, float, int, str]]]] = {
    "sredets": ("Средец", "S1", 54, [("Център", 42.6906, 23.3272, 600, "centre")]),
    "oborishte": ("Оборище", "S1", 54, [("Оборище", 42.6964, 23.3408, 600, "centre")]),
    "vazrazhdane": (
        "Възраждане",
        "S1",
        67,
        [
            ("Зона Б-5", 42.6965, 23.3060, 150, "estate"),
            ("Зона Б-18", 42.7042, 23.3028, 150, "estate"),
            ("Зона Б-19", 42.6980, 23.2989, 150, "estate"),
            ("Възраждане", 42.6990, 23.3160, 500, "centre"),
        ],
    ),
    "krasno_selo": (
        "Красно село",
        "S2",
        145,
        [
            ("ж.к. Красно село", 42.6737, 23.2840, 230, "estate"),
            ("ж.к. Хиподрума", 42.6815, 23.2959, 240, "estate"),
            ("ж.к. Белите брези", 42.6764, 23.2928, 180, "estate"),
            ("ж.к. Борово", 42.6695, 23.2867, 210, "estate"),
            ("ж.к. Лагера", 42.6849, 23.2902, 270, "estate"),
            ("ж.к. Славия", 42.6777, 23.2761, 260, "estate"),
            ("кв. Бъкстон", 42.6656, 23.2700, 320, "quarter"),
        ],
    ),
    "triaditsa": (
        "Триадица",
        "S2",
        116,
        [
            ("ж.к. Иван Вазов", 42.6782, 23.3083, 210, "estate"),
            ("ж.к. Стрелбище", 42.6726, 23.3003, 240, "estate"),
            ("ж.к. Гоце Делчев", 42.6647, 23.2969, 280, "estate"),
            ("ж.к. Манастирски ливади", 42.6585, 23.2941, 240, "estate"),
        ],
    ),
    "lozenets": (
        "Лозенец",
        "S2",
        90,
        [
            ("Лозенец", 42.6750, 23.3249, 490, "centre"),
            ("кв. Хладилника", 42.6615, 23.3152, 150, "quarter"),
            ("кв. Кръстова вада", 42.6503, 23.3111, 460, "quarter"),
        ],
    ),
    "mladost": (
        "Младост",
        "S3",
        156,
        [
            ("ж.к. Младост 1", 42.6583, 23.3715, 440, "estate"),
            ("ж.к. Младост 1А", 42.6499, 23.3823, 190, "estate"),
            ("ж.к. Младост 2", 42.6431, 23.3698, 270, "estate"),
            ("ж.к. Младост 3", 42.6411, 23.3793, 320, "estate"),
            ("ж.к. Младост 4", 42.6294, 23.3773, 380, "estate"),
            ("кв. Горубляне", 42.6301, 23.4080, 400, "quarter"),
        ],
    ),
    "studentski": (
        "Студентски",
        "S3",
        60,
        [
            ("ж.к. Студентски град", 42.6511, 23.3487, 500, "estate"),
            ("ж.к. Дървеница", 42.6534, 23.3623, 260, "estate"),
            ("ж.к. Малинова долина", 42.6380, 23.3396, 260, "estate"),
            ("кв. Витоша", 42.6469, 23.3292, 510, "quarter"),
        ],
    ),
    "pancharevo": (
        "Панчарево",
        "S3",
        35,
        [
            ("с. Панчарево", 42.5937, 23.4102, 400, "village"),
            ("с. Бистрица", 42.5841, 23.3596, 400, "village"),
            ("с. Лозен", 42.6017, 23.4827, 400, "village"),
            ("с. Казичене", 42.6667, 23.4667, 350, "village"),
            ("с. Герман", 42.6167, 23.4167, 350, "village"),
        ],
    ),
    "izgrev": (
        "Изгрев",
        "S4",
        58,
        [
            ("ж.к. Изгрев", 42.6700, 23.3478, 160, "estate"),
            ("ж.к. Изток", 42.6722, 23.3566, 280, "estate"),
            ("ж.к. Дианабад", 42.6622, 23.3481, 230, "estate"),
        ],
    ),
    "slatina": (
        "Слатина",
        "S4",
        108,
        [
            ("ж.к. Гео Милев", 42.6800, 23.3619, 350, "estate"),
            ("ж.к. Христо Смирненски", 42.6830, 23.3733, 330, "estate"),
            ("кв. Христо Ботев", 42.6889, 23.3849, 380, "quarter"),
            ("ж.к. Яворов", 42.6837, 23.3502, 190, "estate"),
        ],
    ),
    "iskar": (
        "Искър",
        "S4",
        95,
        [
            ("ж.к. Дружба", 42.6552, 23.4021, 580, "estate"),
            ("кв. Димитър Миленков", 42.6579, 23.4274, 170, "quarter"),
            ("кв. Абдовица", 42.6650, 23.4257, 180, "quarter"),
        ],
    ),
    "poduyane": (
        "Подуяне",
        "S5",
        123,
        [
            ("кв. Подуяне", 42.6926, 23.3554, 370, "quarter"),
            ("ж.к. Хаджи Димитър", 42.7075, 23.3528, 330, "estate"),
            ("ж.к. Сухата река", 42.7010, 23.3646, 390, "estate"),
            ("ж.к. Левски В", 42.7077, 23.3852, 240, "estate"),
            ("ж.к. Левски Г", 42.7131, 23.3824, 270, "estate"),
            ("кв. Васил Левски", 42.7024, 23.3792, 340, "quarter"),
        ],
    ),
    "kremikovtsi": (
        "Кремиковци",
        "S5",
        39,
        [
            ("кв. Кремиковци", 42.7833, 23.5000, 350, "village"),
            ("кв. Враждебна", 42.7104, 23.4074, 350, "quarter"),
            ("гр. Бухово", 42.7647, 23.5661, 400, "village"),
            ("кв. Челопечене", 42.7324, 23.4739, 350, "village"),
        ],
    ),
    "nadezhda": (
        "Надежда",
        "S6",
        109,
        [
            ("ж.к. Надежда 1", 42.7266, 23.2965, 240, "estate"),
            ("ж.к. Надежда 2", 42.7301, 23.3042, 230, "estate"),
            ("ж.к. Надежда 3", 42.7304, 23.2897, 210, "estate"),
            ("ж.к. Надежда 4", 42.7350, 23.3000, 180, "estate"),
            ("ж.к. Свобода", 42.7369, 23.3084, 180, "estate"),
            ("кв. Илиянци", 42.7510, 23.3157, 230, "quarter"),
        ],
    ),
    "serdika": (
        "Сердика",
        "S6",
        74,
        [
            ("ж.к. Банишора", 42.7103, 23.3101, 270, "estate"),
            ("ж.к. Фондови жилища", 42.7144, 23.3024, 150, "estate"),
            ("кв. Орландовци", 42.7231, 23.3426, 490, "quarter"),
            ("кв. Бенковски", 42.7393, 23.3458, 360, "quarter"),
        ],
    ),
    "novi_iskar": (
        "Нови Искър",
        "S6",
        49,
        [
            ("гр. Нови Искър", 42.8074, 23.3487, 600, "village"),
            ("с. Световрачене", 42.7826, 23.3876, 300, "village"),
            ("с. Кубратово", 42.7729, 23.3590, 300, "village"),
            ("с. Мировяне", 42.7895, 23.3040, 300, "village"),
        ],
    ),
    "ilinden": (
        "Илинден",
        "S7",
        55,
        [
            ("ж.к. Илинден", 42.7054, 23.2903, 250, "estate"),
            ("ж.к. Захарна фабрика", 42.7170, 23.2919, 280, "estate"),
            ("ж.к. Гевгелийски", 42.7084, 23.2813, 150, "estate"),
            ("ж.к. Света Троица", 42.7091, 23.2963, 280, "estate"),
        ],
    ),
    "krasna_polyana": (
        "Красна поляна",
        "S7",
        92,
        [
            ("ж.к. Красна поляна 1", 42.6982, 23.2824, 170, "estate"),
            ("ж.к. Красна поляна 2", 42.6941, 23.2796, 150, "estate"),
            ("ж.к. Западен парк", 42.7036, 23.2801, 220, "estate"),
            ("ж.к. Разсадник-Коньовица", 42.6967, 23.2908, 260, "estate"),
            ("кв. Факултета", 42.6945, 23.2667, 390, "quarter"),
        ],
    ),
    "vrabnitsa": (
        "Връбница",
        "S7",
        69,
        [
            ("ж.к. Обеля 1", 42.7392, 23.2708, 210, "estate"),
            ("ж.к. Обеля 2", 42.7458, 23.2756, 230, "estate"),
            ("ж.к. Връбница 1", 42.7352, 23.2872, 200, "estate"),
            ("ж.к. Връбница 2", 42.7397, 23.2926, 190, "estate"),
            ("кв. Модерно предградие", 42.7249, 23.2774, 430, "quarter"),
        ],
    ),
    "lyulin": (
        "Люлин",
        "S8",
        166,
        [
            ("ж.к. Люлин", 42.7186, 23.2541, 730, "estate"),
            ("кв. Филиповци", 42.7196, 23.2219, 250, "quarter"),
            ("кв. Република", 42.7342, 23.2406, 210, "quarter"),
        ],
    ),
    "bankya": (
        "Банкя",
        "S8",
        21,
        [("гр. Банкя", 42.7074, 23.1470, 500, "village"), ("с. Иваняне", 42.7054, 23.1809, 250, "village")],
    ),
    "ovcha_kupel": (
        "Овча купел",
        "S9",
        84,
        [
            ("ж.к. Овча купел", 42.6870, 23.2498, 410, "estate"),
            ("кв. Овча купел", 42.6780, 23.2619, 540, "quarter"),
            ("кв. Горна баня", 42.6780, 23.2382, 390, "quarter"),
            ("кв. Суходол", 42.6960, 23.2228, 290, "quarter"),
        ],
    ),
    "vitosha": (
        "Витоша",
        "S9",
        83,
        [
            ("кв. Бояна", 42.6479, 23.2651, 490, "quarter"),
            ("кв. Драгалевци", 42.6305, 23.3123, 700, "quarter"),
            ("кв. Симеоново", 42.6199, 23.3479, 700, "quarter"),
            ("кв. Княжево", 42.6544, 23.2310, 340, "quarter"),
            ("кв. Манастирски ливади", 42.6582, 23.2855, 430, "quarter"),
            ("с. Владая", 42.6283, 23.1956, 300, "village"),
        ],
    ),
}

OFFICES = [
    ("S1", "Служба „Център“", ("sredets", "oborishte", "vazrazhdane"), "02 900 1001"),
    ("S2", "Служба „Красно село – Триадица – Лозенец“", ("krasno_selo", "triaditsa", "lozenets"), "02 900 1002"),
    ("S3", "Служба „Младост – Студентски, Панчарево“", ("mladost", "studentski", "pancharevo"), "02 900 1003"),
    ("S4", "Служба „Изгрев – Слатина – Искър“", ("izgrev", "slatina", "iskar"), "02 900 1004"),
    ("S5", "Служба „Подуяне – Кремиковци“", ("poduyane", "kremikovtsi"), "02 900 1005"),
    ("S6", "Служба „Надежда – Сердика – Нови Искър“", ("nadezhda", "serdika", "novi_iskar"), "02 900 1006"),
    ("S7", "Служба „Илинден – Красна поляна – Връбница“", ("ilinden", "krasna_polyana", "vrabnitsa"), "02 900 1007"),
    ("S8", "Служба „Люлин – Банкя“", ("lyulin", "bankya"), "02 900 1008"),
    ("S9", "Служба „Овча купел – Витоша“", ("ovcha_kupel", "vitosha"), "02 900 1009"),
]

# Fictional kitchen locations in real neighbourhoods (sofia-data.md §6.2). Capacities and
# vans are for 2,000 clients and scale with ``scale``. K1 cooks only two diets, like a small
# kitchen would, so the assignment has to route other diets elsewhere.
KITCHENS = [
    # id, name, address, lat, lon, capacity, diets, ready, vans
    ("K1", "Кухня „Илинден“", "ж.к. Илинден, до бл. 121", 42.7054, 23.2903, 330, ("general", "diabetic"), "09:30", 6),
    (
        "K2",
        "Кухня „Люлин“",
        "ж.к. Люлин 3, до бл. 301",
        42.7186,
        23.2541,
        440,
        ("general", "diabetic", "gastro", "low_salt"),
        "09:30",
        8,
    ),
    (
        "K3",
        "Кухня „Красно село“",
        "ж.к. Борово, ул. „Ястребец“ 7",
        42.6716,
        23.2850,
        560,
        ("general", "diabetic", "gastro", "low_salt"),
        "09:30",
        10,
    ),
    (
        "K4",
        "Кухня „Подуяне“",
        "ж.к. Хаджи Димитър, до бл. 20",
        42.7075,
        23.3528,
        450,
        ("general", "diabetic", "gastro", "low_salt"),
        "09:30",
        8,
    ),
    (
        "K5",
        "Кухня „Младост“",
        "ж.к. Младост 1, до бл. 15",
        42.6583,
        23.3715,
        500,
        ("general", "diabetic", "gastro", "low_salt"),
        "09:30",
        9,
    ),
]

DIETS = [
    ("general", "Обща"),
    ("diabetic", "Диабетна"),
    ("gastro", "Щадяща (стомашно-чревна)"),
    ("low_salt", "Безсолна (сърдечно-съдова)"),
]
DIET_WEIGHTS = [70, 18, 8, 4]

MALE_FIRST = [
    "Иван",
    "Георги",
    "Димитър",
    "Петър",
    "Николай",
    "Стефан",
    "Тодор",
    "Христо",
    "Васил",
    "Атанас",
    "Йордан",
    "Стоян",
    "Кирил",
    "Борис",
    "Любомир",
    "Емил",
    "Красимир",
    "Ангел",
    "Александър",
    "Пламен",
    "Методи",
    "Благой",
    "Цветан",
    "Младен",
]
FEMALE_FIRST = [
    "Мария",
    "Иванка",
    "Елена",
    "Йорданка",
    "Пенка",
    "Цветана",
    "Радка",
    "Стефка",
    "Надежда",
    "Росица",
    "Виолета",
    "Лиляна",
    "Веселина",
    "Галина",
    "Анна",
    "Катя",
    "Гергана",
    "Милка",
    "Донка",
    "Славка",
    "Василка",
    "Райна",
    "Николина",
    "Емилия",
]
# Male surname / patronymic forms; the female form adds "а".
SURNAMES = [
    "Иванов",
    "Георгиев",
    "Димитров",
    "Петров",
    "Николов",
    "Стоянов",
    "Христов",
    "Тодоров",
    "Илиев",
    "Атанасов",
    "Ангелов",
    "Костов",
    "Маринов",
    "Василев",
    "Попов",
    "Колев",
    "Йорданов",
    "Кирилов",
    "Стефанов",
    "Михайлов",
    "Цветков",
    "Младенов",
    "Павлов",
    "Станчев",
    "Симеонов",
    "Данчев",
    "Енчев",
    "Русев",
    "Марков",
    "Божилов",
]
STREETS = [
    "Христо Ботев",
    "Васил Левски",
    "Иван Вазов",
    "Шипка",
    "Раковски",
    "Граф Игнатиев",
    "Цар Симеон",
    "Пиротска",
    "Опълченска",
    "Оборище",
    "Витоша",
    "Черни връх",
    "Сливница",
    "Генерал Гурко",
    "Цар Борис III",
    "Евлоги Георгиев",
    "Патриарх Евтимий",
    "Алабин",
    "Бачо Киро",
    "Славянска",
    "Хан Аспарух",
    "Неофит Рилски",
    "Кракра",
    "Шейново",
    "Марин Дринов",
    "Гео Милев",
    "Люлякова",
    "Иглика",
    "Кокиче",
    "Детелина",
    "Чинар",
    "Явор",
]
ENTRANCES = ["А", "Б", "В", "Г", "Д"]
ACCESS_NOTES = [
    "Звънец не работи – обадете се по телефона",
    "Ключ у съседката от ап. 3",
    "Оставете на вратата, ако не отговаря – позвънете на дъщерята",
    "Трудно чува – чукайте силно",
    "Куче в двора",
    "Вход откъм двора",
    "Асансьорът често не работи",
    "Предайте лично, не оставяйте пред вратата",
]
PAUSE_REASONS = ["болница", "при близки", "санаториум", "по желание"]

WEEKDAYS_BG = ["пн", "вт", "ср", "чт", "пт", "сб", "нд"]

# Menu: soups and mains per cycle day (week 1-4 × Mon-Fri); variants per diet derived below.
SOUPS = [
    "Боб чорба",
    "Пилешка супа",
    "Леща чорба",
    "Зеленчукова супа",
    "Картофена супа",
    "Супа топчета",
    "Доматена супа",
    "Гъбена супа",
    "Спаначена супа",
    "Супа от карфиол",
]
MAINS = [
    "Мусака",
    "Пиле с ориз",
    "Кюфтета с картофено пюре",
    "Свинско с кисело зеле",
    "Пиле с картофи",
    "Пълнени чушки с ориз",
    "Боб яхния",
    "Рибни кюфтета с ориз",
    "Леща яхния",
    "Спагети по болонски",
    "Сармички с кисело зеле",
    "Пиле с грах",
    "Зеленчуков гювеч",
    "Телешко със зеленчуци",
    "Картофи яхния",
    "Мусака с тиквички",
    "Пиле с булгур",
    "Свинско с ориз",
    "Риба с картофи",
    "Ориз със зеленчуци",
]
DESSERTS = ["Мляко с ориз", "Крем карамел", "Тиквеник", "Печени ябълки", "Кекс с какао", "Грис халва"]

# Per-portion ingredients in grams (synthetic but plausible: soup ~350 ml, main ~300 g).
SOUP_BASE = [("лук", 20), ("моркови", 20), ("олио", 8), ("сол", 3)]
SOUP_MAIN_INGREDIENT = {
    "Боб чорба": [("боб зрял", 60), ("чушки", 15), ("доматено пюре", 10), ("чубрица", 1)],
    "Пилешка супа": [("пилешко месо", 50), ("фиде", 15), ("яйца", 10)],
    "Леща чорба": [("леща", 55), ("домати", 30), ("чесън", 3)],
    "Зеленчукова супа": [("картофи", 50), ("тиквички", 40), ("зелен фасул", 30)],
    "Картофена супа": [("картофи", 90), ("прясно мляко", 30)],
    "Супа топчета": [("кайма", 40), ("ориз", 10), ("картофи", 30)],
    "Доматена супа": [("домати", 120), ("ориз", 10), ("сирене", 10)],
    "Гъбена супа": [("гъби", 70), ("картофи", 30), ("прясно мляко", 20)],
    "Спаначена супа": [("спанак", 80), ("ориз", 10), ("яйца", 10)],
    "Супа от карфиол": [("карфиол", 90), ("прясно мляко", 20)],
}
MAIN_INGREDIENTS = {
    "Мусака": [("картофи", 180), ("кайма", 90), ("яйца", 25), ("кисело мляко", 40), ("олио", 10)],
    "Пиле с ориз": [("пилешко месо", 120), ("ориз", 70), ("моркови", 20), ("олио", 10)],
    "Кюфтета с картофено пюре": [("кайма", 100), ("картофи", 180), ("прясно мляко", 30), ("масло", 8)],
    "Свинско с кисело зеле": [("свинско месо", 110), ("кисело зеле", 150), ("ориз", 20), ("олио", 10)],
    "Пиле с картофи": [("пилешко месо", 120), ("картофи", 180), ("олио", 12)],
    "Пълнени чушки с ориз": [("чушки", 150), ("ориз", 40), ("кайма", 50), ("домати", 40)],
    "Боб яхния": [("боб зрял", 90), ("лук", 30), ("доматено пюре", 15), ("олио", 12)],
    "Рибни кюфтета с ориз": [("риба филе", 110), ("ориз", 70), ("яйца", 10), ("олио", 12)],
    "Леща яхния": [("леща", 90), ("лук", 30), ("моркови", 30), ("олио", 12)],
    "Спагети по болонски": [("спагети", 90), ("кайма", 80), ("домати", 60), ("олио", 8)],
    "Сармички с кисело зеле": [("кисело зеле", 120), ("кайма", 70), ("ориз", 35)],
    "Пиле с грах": [("пилешко месо", 110), ("грах", 120), ("моркови", 20), ("олио", 10)],
    "Зеленчуков гювеч": [("картофи", 100), ("тиквички", 80), ("чушки", 50), ("домати", 60), ("олио", 15)],
    "Телешко със зеленчуци": [("телешко месо", 100), ("картофи", 120), ("моркови", 40), ("грах", 40)],
    "Картофи яхния": [("картофи", 250), ("лук", 30), ("доматено пюре", 15), ("олио", 12)],
    "Мусака с тиквички": [("тиквички", 180), ("кайма", 80), ("яйца", 25), ("кисело мляко", 40)],
    "Пиле с булгур": [("пилешко месо", 110), ("булгур", 70), ("чушки", 30), ("олио", 10)],
    "Свинско с ориз": [("свинско месо", 110), ("ориз", 70), ("лук", 30), ("олио", 10)],
    "Риба с картофи": [("риба филе", 130), ("картофи", 180), ("олио", 12)],
    "Ориз със зеленчуци": [("ориз", 80), ("моркови", 40), ("грах", 40), ("чушки", 30), ("олио", 12)],
}
DESSERT_INGREDIENTS = {
    "Мляко с ориз": [("прясно мляко", 150), ("ориз", 20), ("захар", 15)],
    "Крем карамел": [("прясно мляко", 120), ("яйца", 30), ("захар", 20)],
    "Тиквеник": [("тиква", 70), ("кори за баница", 30), ("орехи", 8), ("захар", 12)],
    "Печени ябълки": [("ябълки", 150), ("мед", 10), ("орехи", 5)],
    "Кекс с какао": [("брашно", 35), ("яйца", 20), ("захар", 20), ("какао", 4), ("олио", 10)],
    "Грис халва": [("грис", 30), ("захар", 20), ("масло", 10), ("орехи", 5)],
}
DIABETIC_DESSERT = ("Печена ябълка без захар", [("ябълки", 150), ("канела", 1), ("орехи", 5)])
BREAD = {
    "white": ("Хляб бял (2 филии)", [("хляб бял", 80)]),
    "wholemeal": ("Хляб пълнозърнест (2 филии)", [("хляб пълнозърнест", 80)]),
}


@dataclass(frozen=True)
class SampleTables:
    """All files of a data folder, each as (columns, rows of strings)."""

    tables: dict[str, Table]


def _fmt_date(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _largest_remainder(weights: Sequence[float], total: int) -> list[int]:
    s = sum(weights)
    raw = [w * total / s for w in weights]
    counts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _point_in_disc(rng: random.Random, lat: float, lon: float, radius_m: float) -> tuple[float, float]:
    # Uniform in a disc: sqrt of a uniform radius fraction.
    r = radius_m * math.sqrt(rng.random())
    theta = rng.random() * 2 * math.pi
    dlat = r * math.cos(theta) / 111_320.0
    dlon = r * math.sin(theta) / (111_320.0 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def _name(rng: random.Random) -> str:
    female = rng.random() < 0.62  # most patronage clients are older women
    first = rng.choice(FEMALE_FIRST if female else MALE_FIRST)
    father = rng.choice(SURNAMES)
    family = rng.choice(SURNAMES)
    suffix = "а" if female else ""
    return f"{first} {father}{suffix} {family}{suffix}"


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.2:  # landline
        return f"02 {rng.randint(800, 999)} {rng.randint(1000, 9999)}"
    return f"08{rng.choice('789')}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(100, 999)}"


def _window(rng: random.Random) -> tuple[str, str]:
    x = rng.random()
    if x < 0.75:
        return "10:00", "14:00"
    return rng.choice(
        [("10:00", "12:00"), ("10:30", "12:30"), ("11:00", "13:00"), ("11:30", "13:30"), ("12:00", "14:00")]
    )


ENTRANCE_SPACING_M = 12.0


def _clients(rng: random.Random, n_clients: int) -> tuple[Table, Table]:
    columns = list(REGISTER_COLUMNS)
    pause_columns = ["client_id", "start_date", "end_date", "reason"]
    district_keys = list(DISTRICTS)
    quotas = _largest_remainder([DISTRICTS[d][2] for d in district_keys], n_clients)
    rows: list[list[str]] = []
    pauses: list[list[str]] = []
    office_of = {d: DISTRICTS[d][1] for d in district_keys}
    buildings: dict[tuple[str, str, str], tuple[float, float]] = {}
    serial = 0
    for district, quota in zip(district_keys, quotas, strict=True):
        name_bg, _office, _alloc, anchors = DISTRICTS[district]
        weights = [a[3] ** 2 for a in anchors]
        per_anchor = _largest_remainder(weights, quota)
        for (anchor, a_lat, a_lon, radius, kind), count in zip(anchors, per_anchor, strict=True):
            last_point: tuple[float, float, str, str] | None = None
            for _ in range(count):
                serial += 1
                client_id = f"C{serial:05d}"
                # 15-20 % share a block with the previous client (other floor or entrance).
                if last_point is not None and rng.random() < 0.18:
                    lat, lon, address, block = last_point
                    rng.random(), rng.random()  # once a jitter: drawn still, so every other value stays as it was
                else:
                    lat, lon = _point_in_disc(rng, a_lat, a_lon, radius)
                    if kind == "estate":
                        address, block = anchor, str(rng.randint(1, 330))
                    elif kind == "centre":
                        address, block = f"ул. „{rng.choice(STREETS)}“ {rng.randint(1, 120)}", ""
                    else:
                        address, block = f"{anchor}, ул. „{rng.choice(STREETS)}“ {rng.randint(1, 80)}", ""
                # One building, one place: a block or house drawn twice (by chance, or shared with
                # the previous client) stands where it stood the first time.
                lat, lon = buildings.setdefault((district, address, block), (lat, lon))
                last_point = (lat, lon, address, block)
                if kind == "estate":
                    floor = rng.randint(1, 14)
                    has_lift = (floor > 4 and rng.random() < 0.85) or rng.random() < 0.3
                    entrance = rng.choice(ENTRANCES)
                    apartment = str(rng.randint(1, 90))
                    # Entrances stand along the block, one every 12 m: one entrance, one door.
                    lon += ENTRANCE_SPACING_M * ENTRANCES.index(entrance) / (111_320.0 * math.cos(math.radians(lat)))
                elif kind == "centre":
                    floor = rng.randint(0, 6)
                    has_lift = rng.random() < 0.5
                    entrance, apartment = "", str(rng.randint(1, 30))
                else:
                    floor = rng.choice([0, 0, 1, 1, 2])
                    has_lift, entrance, apartment = False, "", ""
                diet = rng.choices([d for d, _ in DIETS], weights=DIET_WEIGHTS)[0]
                portions = 2 if rng.random() < 0.10 else 1
                days = "пн,ср,пт" if rng.random() < 0.15 else "пн,вт,ср,чт,пт"
                w_start, w_end = _window(rng)
                notes = rng.choice(ACCESS_NOTES) if rng.random() < 0.15 else ""
                # Most clients joined years ago; some join or leave during 2026-2027.
                x = rng.random()
                start = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randint(0, 2900))
                end: dt.date | None = None
                status = "active"
                if x < 0.06:
                    start = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 700))
                elif x < 0.12:
                    end = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(30, 700))
                elif x < 0.135:
                    status = "suspended"
                elif x < 0.155:
                    status = "closed"
                    end = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
                    start = min(start, end - dt.timedelta(days=rng.randint(30, 900)))
                has_coords = rng.random() >= 0.003  # a few new clients are not geocoded yet
                rows.append(
                    [
                        client_id,
                        _name(rng),
                        office_of[district],
                        name_bg,
                        address,
                        block,
                        entrance,
                        str(floor),
                        apartment,
                        "да" if has_lift else "не",
                        f"{lat:.6f}" if has_coords else "",
                        f"{lon:.6f}" if has_coords else "",
                        _phone(rng),
                        diet,
                        str(portions),
                        days,
                        w_start,
                        w_end,
                        notes,
                        _fmt_date(start),
                        _fmt_date(end),
                        status,
                    ]
                )
                if rng.random() < 0.04:
                    p_start = dt.date(2026, 1, 5) + dt.timedelta(days=rng.randint(0, 690))
                    p_end = p_start + dt.timedelta(days=rng.randint(3, 30))
                    pauses.append([client_id, _fmt_date(p_start), _fmt_date(p_end), rng.choice(PAUSE_REASONS)])
    return (columns, rows), (pause_columns, pauses)


def _menu_tables(rng: random.Random) -> tuple[Table, Table, Table]:
    dishes: dict[str, tuple[str, str, list[tuple[str, float]]]] = {}

    def add(dish_id: str, name: str, course: str, ingredients: Sequence[tuple[str, float]]) -> str:
        dishes[dish_id] = (name, course, list(ingredients))
        return dish_id

    for i, soup in enumerate(SOUPS, 1):
        base = SOUP_MAIN_INGREDIENT[soup] + SOUP_BASE
        add(f"S{i:02d}", soup, "soup", base)
        add(
            f"S{i:02d}G",
            f"Крем {soup[0].lower()}{soup[1:]} (щадяща)",
            "soup",
            [(ing, g) for ing, g in base if ing not in ("чубрица", "чесън", "доматено пюре")],
        )
        add(f"S{i:02d}L", f"{soup} (безсолна)", "soup", [(ing, 0 if ing == "сол" else g) for ing, g in base])
    for i, main in enumerate(MAINS, 1):
        base = MAIN_INGREDIENTS[main] + [("сол", 3)]
        add(f"M{i:02d}", main, "main", base)
        add(
            f"M{i:02d}D",
            f"{main} (диабетична)",
            "main",
            [(ing, round(g * 0.7) if ing in ("ориз", "картофи", "спагети", "булгур") else g) for ing, g in base],
        )
        add(
            f"M{i:02d}G",
            f"{main} на пара (щадяща)",
            "main",
            [(ing, round(g * 0.5) if ing in ("олио", "масло") else g) for ing, g in base],
        )
        add(f"M{i:02d}L", f"{main} (безсолна)", "main", [(ing, 0 if ing == "сол" else g) for ing, g in base])
    for i, dessert in enumerate(DESSERTS, 1):
        add(f"D{i:02d}", dessert, "dessert", DESSERT_INGREDIENTS[dessert])
    add("D99", DIABETIC_DESSERT[0], "dessert", DIABETIC_DESSERT[1])
    add("B01", BREAD["white"][0], "bread", BREAD["white"][1])
    add("B02", BREAD["wholemeal"][0], "bread", BREAD["wholemeal"][1])

    menu_rows: list[list[str]] = []
    soup_order = list(range(1, len(SOUPS) + 1))
    main_order = list(range(1, len(MAINS) + 1))
    rng.shuffle(soup_order)
    rng.shuffle(main_order)
    day = 0
    for week in range(1, 5):
        for weekday in range(5):
            soup_index = soup_order[day % len(soup_order)]
            main_index = main_order[day % len(main_order)]
            # Dessert every Friday and on Tuesdays of even weeks: "at least once a week".
            dessert_index: int | None = None
            if weekday == 4 or (weekday == 1 and week % 2 == 0):
                dessert_index = (day // 3) % len(DESSERTS) + 1
            day += 1
            for diet, _ in DIETS:
                suffix_soup = {"gastro": "G", "low_salt": "L"}.get(diet, "")
                suffix_main = {"diabetic": "D", "gastro": "G", "low_salt": "L"}.get(diet, "")
                dessert_id = ""
                if dessert_index is not None:
                    dessert_id = "D99" if diet == "diabetic" else f"D{dessert_index:02d}"
                bread = "B02" if diet in ("diabetic", "low_salt") else "B01"
                menu_rows.append(
                    [
                        str(week),
                        WEEKDAYS_BG[weekday],
                        diet,
                        f"S{soup_index:02d}{suffix_soup}",
                        f"M{main_index:02d}{suffix_main}",
                        dessert_id,
                        bread,
                    ]
                )
    dish_rows = [[dish_id, name, course] for dish_id, (name, course, _) in sorted(dishes.items())]
    recipe_rows = [[dish_id, ing, f"{g:g}"] for dish_id, (_, _, ings) in sorted(dishes.items()) for ing, g in ings]
    return (
        (["week", "day", "diet", "soup", "main", "dessert", "bread"], menu_rows),
        (["dish_id", "name", "course"], dish_rows),
        (["dish_id", "ingredient", "grams_per_portion"], recipe_rows),
    )


def generate_sofia(seed: int = 2026, n_clients: int = 2000) -> SampleTables:
    """The Sofia sample for ``n_clients`` clients; kitchens and fleet grow with the clients."""
    rng = random.Random(seed)
    scale = n_clients / 2000
    clients, pauses = _clients(rng, n_clients)
    menu, dishes, recipes = _menu_tables(rng)

    kitchen_rows = []
    van_rows = []
    van_serial = 0
    for kid, name, address, lat, lon, capacity, diets, ready, vans in KITCHENS:
        kitchen_rows.append(
            [
                kid,
                name,
                address,
                f"{lat:.6f}",
                f"{lon:.6f}",
                str(math.ceil(capacity * scale)),
                " ".join(diets),
                ready,
                "15",
                "6",
            ]
        )
        for _ in range(max(1, round(vans * scale))):
            van_serial += 1
            capacity_portions = rng.choice([60, 70, 80])
            van_rows.append(
                [
                    f"V{van_serial:02d}" if van_serial < 100 else f"V{van_serial}",
                    kid,
                    str(capacity_portions),
                    "09:00",
                    "15:00",
                    "120",
                    "2",
                    f"СА {rng.randint(1000, 9999)} {rng.choice(['ВК', 'ХМ', 'ТР', 'КР'])}",
                    " ".join(_name(rng).split()[::2]),
                ]
            )
    office_rows = [
        [oid, name, " ".join(DISTRICTS[d][0] for d in districts), phone] for oid, name, districts, phone in OFFICES
    ]
    settings_rows = [
        ["speed_kmh", "24"],
        ["circuity", "1.35"],
        ["service_base_min", "2"],
        ["service_per_floor_no_lift_min", "0.4"],
        ["service_per_extra_portion_min", "0.5"],
        ["menu_cycle_weeks", "4"],
        ["country", "BG"],
        ["city", "София"],
        # The generous envelope of Stolichna municipality with its villages: the service area.
        ["area_lat_min", "42.45"],
        ["area_lon_min", "22.95"],
        ["area_lat_max", "42.90"],
        ["area_lon_max", "23.70"],
    ]
    return SampleTables(
        tables={
            "clients.csv": clients,
            "pauses.csv": pauses,
            "kitchens.csv": (
                [
                    "kitchen_id",
                    "name",
                    "address",
                    "lat",
                    "lon",
                    "capacity_portions",
                    "diets",
                    "ready_time",
                    "reload_min",
                    "portions_per_box",
                ],
                kitchen_rows,
            ),
            "vans.csv": (
                [
                    "van_id",
                    "kitchen_id",
                    "capacity_portions",
                    "shift_start",
                    "shift_end",
                    "max_hold_min",
                    "trips",
                    "plate",
                    "driver",
                ],
                van_rows,
            ),
            "offices.csv": (["office_id", "name", "districts", "phone"], office_rows),
            "diets.csv": (["diet_id", "name"], [list(d) for d in DIETS]),
            "dishes.csv": dishes,
            "menu.csv": menu,
            "recipes.csv": recipes,
            "settings.csv": (["key", "value"], settings_rows),
            "calendar.csv": (["date", "kind", "note"], []),
        }
    )
