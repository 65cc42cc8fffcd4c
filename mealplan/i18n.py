"""Every text a user reads, in one catalogue: Bulgarian by default, English on request.

Codes (reason codes, column names) stay English and stable in files; what a person reads is
looked up here. ``tr(key, lang, **fields)`` formats the entry with ``str.format``.
"""

from __future__ import annotations

DEFAULT_LANG = "bg"

MESSAGES: dict[str, dict[str, str]] = {
    # ---- input problems: what was expected
    "expected.required": {"bg": "задължително поле", "en": "a value is required"},
    "expected.integer": {"bg": "цяло число от {low} до {high}", "en": "a whole number from {low} to {high}"},
    "expected.number": {"bg": "число (десетична точка или запетая)", "en": "a number (decimal point or comma)"},
    "expected.date": {"bg": "дата ГГГГ-ММ-ДД или ДД.ММ.ГГГГ", "en": "a date YYYY-MM-DD or DD.MM.YYYY"},
    "expected.time": {"bg": "час ЧЧ:ММ", "en": "a time HH:MM"},
    "expected.bool": {"bg": "да / не", "en": "yes / no"},
    "expected.choice": {"bg": "едно от: {choices}", "en": "one of: {choices}"},
    "expected.weekdays": {"bg": "дни като пн,ср,пт или пн-пт", "en": "days such as Mon,Wed,Fri or Mon-Fri"},
    "expected.unique": {"bg": "уникален номер", "en": "a unique id"},
    "expected.lat_in_area": {
        "bg": "ширина в района на обслужване ({lat_min}–{lat_max})",
        "en": "a latitude in the service area ({lat_min}–{lat_max})",
    },
    "expected.lon_in_area": {
        "bg": "дължина в района на обслужване ({lon_min}–{lon_max})",
        "en": "a longitude in the service area ({lon_min}–{lon_max})",
    },
    "expected.unique_row": {
        "bg": "уникален номер (същият е на ред {first_row}; главни/малки букви и интервали не правят разлика)",
        "en": "a unique id (row {first_row} has the same; case and spaces make no difference)",
    },
    "expected.real_coordinates": {
        "bg": "истински координати (0, 0 е празна клетка, изнесена като 0)",
        "en": "real coordinates (0, 0 is an empty cell exported as 0)",
    },
    "expected.serve_url": {
        "bg": "адрес като http://192.168.1.20:8080 или https://patronaj.example.bg",
        "en": "an address such as http://192.168.1.20:8080 or https://patronaj.example.bg",
    },
    "expected.country_code": {
        "bg": "двубуквен код на държава (ISO 3166), напр. BG",
        "en": "a two-letter country code (ISO 3166), e.g. BG",
    },
    "expected.area_box": {
        "bg": "и четирите area_lat_min, area_lon_min, area_lat_max, area_lon_max, минимумите под максимумите",
        "en": "all four of area_lat_min, area_lon_min, area_lat_max, area_lon_max, minimums below maximums",
    },
    "expected.speed_by_hour": {
        "bg": "час:множител, напр. 8:0.8 17-19:0.85 (часове 0-24, множител над 0 до 2, всеки час веднъж)",
        "en": "hour:factor, e.g. 8:0.8 17-19:0.85 (hours 0-24, factor above 0 up to 2, each hour once)",
    },
    "expected.number_between": {"bg": "число от {low} до {high}", "en": "a number from {low} to {high}"},
    "expected.number_above": {"bg": "число над {low} и до {high}", "en": "a number above {low}, at most {high}"},
    "expected.no_control_characters": {
        "bg": "текст без управляващи знаци (премахнати са)",
        "en": "text without control characters (they were removed)",
    },
    "expected.known_dish": {"bg": "dish_id от dishes.csv", "en": "a dish_id from dishes.csv"},
    "expected.recipe": {
        "bg": "редове в recipes.csv за ястие {dish}, което се готви на {date}",
        "en": "lines in recipes.csv for dish {dish}, cooked on {date}",
    },
    "problem.control_characters": {
        "bg": "Управляващи знаци в текста – премахнати",
        "en": "Control characters in the text – removed",
    },
    "problem.unknown_setting": {"bg": "Непозната настройка – пропусната", "en": "Unknown setting – ignored"},
    "problem.no_menu": {"bg": "Няма меню за диетата в този ден", "en": "No menu for the diet on this day"},
    "expected.menu_for_day": {"bg": "ред в menu.csv за {date}", "en": "a menu.csv line for {date}"},
    "problem.missing_recipe": {
        "bg": "Липсва рецепта – продуктите за ястието не са изчислени",
        "en": "Recipe missing – no ingredients computed for the dish",
    },
    "expected.after_start": {"bg": "след началото ({start})", "en": "after the start ({start})"},
    "expected.shift": {
        "bg": "смяна като 08:00-16:30, или „-“ за почивен ден",
        "en": "a shift such as 08:00-16:30, or '-' for a day off",
    },
    "expected.some_shift": {"bg": "поне един работен ден със смяна", "en": "at least one working day with a shift"},
    "expected.days_or_times": {
        "bg": "или дни (пн,чт), или колко пъти седмично – едното от двете",
        "en": "either days (Mon,Thu) or times a week – one of the two",
    },
    "expected.gap_fits_week": {
        "bg": "{times} посещения с толкова дни между тях да се събират в седмица",
        "en": "{times} visits this many days apart to fit in a week",
    },
    "expected.start_point": {
        "bg": "начална точка (start_lat, start_lon) или координати на служба {office} в offices.csv",
        "en": "a start point (start_lat, start_lon) or coordinates for office {office} in offices.csv",
    },
    "expected.not_refused": {
        "bg": "работник, когото клиентът не е отказал",
        "en": "a worker the client has not refused",
    },
    "expected.same_client_line": {
        "bg": "код на ред от плана за грижи на същия клиент",
        "en": "the id of a care-plan line of the same client",
    },
    "expected.one_step_chain": {
        "bg": "ред, който сам не следва друг (само двойки)",
        "en": "a line that does not itself follow another (pairs only)",
    },
    "expected.within_day": {"bg": "посещение, което свършва до полунощ", "en": "a visit that ends by midnight"},
    "expected.known_client": {"bg": "номер на клиент от регистъра", "en": "a client id from the register"},
    "expected.both_coordinates": {"bg": "и ширина, и дължина (или нито една)", "en": "both lat and lon (or neither)"},
    "expected.columns": {"bg": "колони: {columns}", "en": "columns: {columns}"},
    "expected.no_extra_cells": {
        "bg": "толкова клетки, колкото колони има заглавният ред",
        "en": "as many cells as the header has columns",
    },
    "expected.readable_text": {
        "bg": "четим текст (UTF-8 или Windows-1251)",
        "en": "readable text (UTF-8 or Windows-1251)",
    },
    "expected.max_length": {"bg": "до {length} знака", "en": "at most {length} characters"},
    "expected.closed_quote": {
        "bg": "кавичките в клетката да са затворени (или без кавички)",
        "en": "quotes in the cell closed (or no quotes)",
    },
    "problem.unclosed_quote": {
        "bg": "Кавичка, която не се затваря – редът е прочетен сам, кавичката е оставена като текст",
        "en": "A quote that never closes – the row was read on its own, the quote kept as text",
    },
    "problem.damaged_bytes": {"bg": "Повредени байтове в текста", "en": "Damaged bytes in the text"},
    "problem.too_long": {"bg": "Необичайно дълга стойност (запазена)", "en": "Unusually long value (kept)"},
    "problem.unknown_column": {"bg": "Непозната колона – пропусната", "en": "Unknown column – ignored"},
    "problem.duplicate_column": {"bg": "Повторена колона", "en": "Duplicate column"},
    "problem.invalid": {"bg": "Невалидна стойност", "en": "Invalid value"},
    "problem.missing": {"bg": "Липсва стойност", "en": "Missing value"},
    "problem.duplicate": {"bg": "Повторен номер – редът е изключен", "en": "Duplicate id – the row is excluded"},
    "problem.swapped": {"bg": "Ширината и дължината изглеждат разменени", "en": "Latitude and longitude look swapped"},
    "problem.missing_column": {"bg": "Липсва колона", "en": "Missing column"},
    "problem.extra_cells": {"bg": "Повече клетки от колоните", "en": "More cells than columns"},
    "problem.unknown_reference": {"bg": "Непознат код", "en": "Unknown code"},
    "problem.contradiction": {"bg": "Противоречие", "en": "Contradiction"},
    "problem.both_given": {"bg": "Дадени са и двете", "en": "Both are given"},
    # ---- not due
    "not_due.not_working_day": {"bg": "неработен ден ({detail})", "en": "not a working day ({detail})"},
    "not_due.not_delivery_day": {"bg": "няма доставка в този ден от седмицата", "en": "no delivery on this weekday"},
    "not_due.before_start": {"bg": "услугата започва на {detail}", "en": "service starts on {detail}"},
    "not_due.after_end": {"bg": "услугата е приключила на {detail}", "en": "service ended on {detail}"},
    "not_due.suspended": {"bg": "услугата е спряна", "en": "service suspended"},
    "not_due.closed": {"bg": "досието е закрито", "en": "case closed"},
    "not_due.paused": {"bg": "временно прекъсване: {detail}", "en": "paused: {detail}"},
    # ---- unserved
    "unserved.no_coordinates": {"bg": "няма координати", "en": "no coordinates"},
    "unserved.diet_not_cooked": {
        "bg": "нито една кухня не готви диета „{diet}“",
        "en": "no kitchen cooks diet '{diet}'",
    },
    "unserved.kitchen_capacity": {"bg": "кухните нямат капацитет", "en": "kitchen capacity exhausted"},
    "unserved.no_vans": {"bg": "кухнята няма бусове", "en": "the kitchen has no vans"},
    "unserved.order_exceeds_van": {
        "bg": "поръчката е по-голяма от най-големия бус",
        "en": "order larger than the largest van",
    },
    "unserved.too_far_for_hold_limit": {
        "bg": "твърде далеч за срока за безопасност на храната",
        "en": "too far for the food-safety limit",
    },
    "unserved.window_unreachable": {"bg": "часовият прозорец е недостижим", "en": "time window cannot be reached"},
    "unserved.shift_too_short": {"bg": "смяната на буса е твърде кратка", "en": "van shift too short"},
    "unserved.fleet_capacity": {
        "bg": "няма свободен бус (капацитет или време)",
        "en": "no van free (capacity or time)",
    },
    "unserved.solver_time_limit": {
        "bg": "не е намерен маршрут в зададеното време",
        "en": "no route found within the time limit",
    },
    "unserved.solver_failed": {"bg": "грешка при маршрутизацията на кухнята", "en": "routing failed for the kitchen"},
    "unserved.off_road": {
        "bg": "адресът е далеч от път, по който бусът може да мине",
        "en": "the door is far from any road a van can drive on",
    },
    "unserved.no_road_link": {
        "bg": "по картата няма път от кухнята до адреса и обратно",
        "en": "the map has no road from the kitchen to the door and back",
    },
    "invalid": {"bg": "невалиден ред", "en": "invalid row"},
    # ---- sheets, index, maps
    "sheet.title": {"bg": "Маршрутен лист – бус {van}, курс {trip}", "en": "Route sheet – van {van}, trip {trip}"},
    "sheet.date": {"bg": "Дата", "en": "Date"},
    "sheet.kitchen": {"bg": "Кухня", "en": "Kitchen"},
    "sheet.driver": {"bg": "Шофьор", "en": "Driver"},
    "sheet.plate": {"bg": "Рег. №", "en": "Plate"},
    "sheet.departure": {"bg": "Тръгване", "en": "Leaves"},
    "sheet.return": {"bg": "Връщане", "en": "Back"},
    "sheet.stops": {"bg": "Адреси", "en": "Stops"},
    "sheet.portions": {"bg": "Порции", "en": "Portions"},
    "sheet.km": {"bg": "Км", "en": "km"},
    "sheet.margin": {
        "bg": "Резерв: храна {hold} мин, прозорец {window} мин",
        "en": "To spare: food {hold} min, window {window} min",
    },
    "sheet.longest": {
        "bg": "Най-дълго в път: {minutes} мин (лимит {limit})",
        "en": "Longest on the road: {minutes} min (limit {limit})",
    },
    "sheet.total": {"bg": "Общо", "en": "Total"},
    "sheet.loading": {"bg": "Ред на товарене", "en": "Loading order"},
    "sheet.loading_hint": {
        "bg": "Последният адрес се товари пръв, за да излезе последен.",
        "en": "The last stop is loaded first, so it comes out last.",
    },
    "sheet.navigation": {"bg": "Навигация (сканирайте с телефона)", "en": "Navigation (scan with your phone)"},
    "sheet.leg": {"bg": "адреси {first}–{last}", "en": "stops {first}–{last}"},
    "sheet.stairs": {"bg": "ет. {floor} без асансьор", "en": "floor {floor}, no lift"},
    "sheet.running": {"bg": "Бус {van}, курс {trip} · {date}", "en": "Van {van}, trip {trip} · {date}"},
    "sheet.continued": {"bg": "Бус {van}, курс {trip} – продължение", "en": "Van {van}, trip {trip} – continued"},
    "sheet.outcome_boxes": {"bg": "☐Д ☐Н ☐О ☐Б ☐П ☐Др", "en": "☐D ☐N ☐R ☐H ☐X ☐O"},
    "sheet.outcome_legend": {
        "bg": "Резултат: Д доставено · Н не отваря / няма никой · О отказ · Б в болница · П починал · Др друго "
        "(с бележка). Отметнатото се въвежда с mealplan outcomes; ако има телефон, отбелязвайте там.",
        "en": "Outcome: D delivered · N not at home · R refused · H in hospital · X deceased · O other (with a "
        "note). Ticks are typed in with mealplan outcomes; with the phone page, tap there instead.",
    },
    "sheet.phone_page": {"bg": "Отбелязване в телефона", "en": "Outcomes on the phone"},
    "sheet.emergency": {"bg": "При нужда", "en": "If no answer"},
    "sheet.open_map": {"bg": "карта", "en": "map"},
    "address.block": {"bg": "бл.", "en": "block"},
    "address.entrance": {"bg": "вх.", "en": "entr."},
    "address.floor": {"bg": "ет.", "en": "floor"},
    "address.apartment": {"bg": "ап.", "en": "flat"},
    "address.ground_floor": {"bg": "партер", "en": "ground floor"},
    "col.window": {"bg": "Прозорец", "en": "Window"},
    "col.client_id": {"bg": "Клиент", "en": "Client"},
    "col.status": {"bg": "Състояние", "en": "Status"},
    "col.reason_code": {"bg": "Код на причината", "en": "Reason code"},
    "col.kitchen_id": {"bg": "Кухня", "en": "Kitchen"},
    "col.van_id": {"bg": "Бус", "en": "Van"},
    "col.arrival": {"bg": "Пристигане", "en": "Arrival"},
    "col.trip_departure": {"bg": "Тръгване от кухнята", "en": "Leaves the kitchen"},
    "col.file": {"bg": "Файл", "en": "File"},
    "col.column": {"bg": "Колона", "en": "Column"},
    "col.value": {"bg": "Стойност", "en": "Value"},
    "col.expected": {"bg": "Очаквано", "en": "Expected"},
    "col.message": {"bg": "Проблем", "en": "Problem"},
    "col.severity": {"bg": "Тежест", "en": "Severity"},
    "col.code": {"bg": "Код", "en": "Code"},
    "col.block": {"bg": "Блок", "en": "Block"},
    "col.entrance": {"bg": "Вход", "en": "Entrance"},
    "col.floor": {"bg": "Етаж", "en": "Floor"},
    "col.apartment": {"bg": "Ап.", "en": "Flat"},
    "col.access_notes": {"bg": "Бележки", "en": "Notes"},
    "col.minutes_on_road": {"bg": "Мин. в път", "en": "Min. on the road"},
    "col.hold_margin_min": {"bg": "Резерв храна, мин", "en": "Food margin, min"},
    "col.window_margin_min": {"bg": "Резерв прозорец, мин", "en": "Window margin, min"},
    "col.lat": {"bg": "Ширина", "en": "Latitude"},
    "col.lon": {"bg": "Дължина", "en": "Longitude"},
    "workbook.ledger": {"bg": "Отчет", "en": "Ledger"},
    "workbook.unserved": {"bg": "Необслужени", "en": "Unserved"},
    "workbook.problems": {"bg": "Входни проблеми", "en": "Input problems"},
    "workbook.routes": {"bg": "Маршрути", "en": "Routes"},
    "workbook.changes": {"bg": "Промени", "en": "Changes"},
    "index.rerun": {
        "bg": "Раздават се листовете на публикувания план. Предишен план за същата дата се пази като "
        "<дата>.replaced-<час>; mealplan publish го връща.",
        "en": "The sheets handed out are the published plan's. A previous plan for the same date is kept as "
        "<date>.replaced-<time>; mealplan publish puts it back.",
    },
    "index.not_due": {"bg": "Без доставка днес", "en": "Not due today"},
    "index.invalid": {"bg": "Невалидни редове", "en": "Invalid rows"},
    "index.card_clients": {"bg": "{clients} адреса, {portions} порции", "en": "{clients} stops, {portions} portions"},
    "index.card_capacity": {"bg": "капацитет: {used} % от {capacity}", "en": "capacity: {used} % of {capacity}"},
    "index.card_vans": {
        "bg": "бусове: {out} от {vans}, {trips} курса, {km} км",
        "en": "vans: {out} of {vans}, {trips} trips, {km} km",
    },
    "index.card_longest": {
        "bg": "най-дълго в път: {longest} мин (лимит {limit})",
        "en": "longest food ride: {longest} min (limit {limit})",
    },
    "index.card_unserved": {"bg": "необслужени: {count}", "en": "unserved: {count}"},
    "index.timeline": {"bg": "Курсовете във времето", "en": "Trips over the day"},
    "index.timeline_bar": {
        "bg": "{van}, курс {trip}: {departure}–{back}, {stops} адреса",
        "en": "{van}, trip {trip}: {departure}–{back}, {stops} stops",
    },
    "index.idle_vans": {"bg": "Бусове без курс днес", "en": "Vans with no trip today"},
    "col.driver": {"bg": "Шофьор", "en": "Driver"},
    "col.leaves_back": {"bg": "Тръгва–връща се", "en": "Leaves–back"},
    "col.stops": {"bg": "Адреси", "en": "Stops"},
    "col.load": {"bg": "Натоварване", "en": "Load"},
    "col.longest": {"bg": "Най-дълго в път", "en": "Longest ride"},
    "col.office": {"bg": "Служба", "en": "Office"},
    "index.workbook": {"bg": "Всичко за Excel (plan.xlsx)", "en": "Everything for Excel (plan.xlsx)"},
    "col.dish_id": {"bg": "Код", "en": "Code"},
    "col.ready_by": {"bg": "Готови до", "en": "Ready by"},
    "col.per_diet": {"bg": "По диети", "en": "By diet"},
    "production.sheet_totals": {"bg": "Общо по ястие", "en": "Totals by dish"},
    "production.totals": {"bg": "Общо по ястие (всички диети)", "en": "Totals by dish (all diets)"},
    "col.seq": {"bg": "№", "en": "#"},
    "col.time": {"bg": "Час", "en": "Time"},
    "col.name": {"bg": "Име", "en": "Name"},
    "col.address": {"bg": "Адрес", "en": "Address"},
    "col.phone": {"bg": "Телефон", "en": "Phone"},
    "col.diet": {"bg": "Диета", "en": "Diet"},
    "col.portions": {"bg": "Порции", "en": "Portions"},
    "col.portions_short": {"bg": "Порц.", "en": "Port."},
    "col.notes": {"bg": "Бележки", "en": "Notes"},
    "col.sign": {"bg": "Подпис", "en": "Signature"},
    "col.outcome_sign": {"bg": "Резултат / Подпис", "en": "Outcome / Signature"},
    "col.course": {"bg": "Ястие", "en": "Course"},
    "col.dish": {"bg": "Наименование", "en": "Dish"},
    "col.ordered": {"bg": "Поръчани", "en": "Ordered"},
    "col.spare": {"bg": "Резерва", "en": "Spare"},
    "col.to_cook": {"bg": "За готвене", "en": "To cook"},
    "col.unrouted": {"bg": "Без маршрут", "en": "Not routed"},
    "col.ingredient": {"bg": "Продукт", "en": "Ingredient"},
    "col.kg": {"bg": "кг", "en": "kg"},
    "col.van": {"bg": "Бус", "en": "Van"},
    "col.trip": {"bg": "Курс", "en": "Trip"},
    "col.boxes": {"bg": "Кутии", "en": "Boxes"},
    "col.row": {"bg": "Ред", "en": "Row"},
    "col.client": {"bg": "Клиент", "en": "Client"},
    "col.reason": {"bg": "Причина", "en": "Reason"},
    "col.hint": {"bg": "Какво да се направи", "en": "What would fix it"},
    "course.soup": {"bg": "Супа", "en": "Soup"},
    "course.main": {"bg": "Основно", "en": "Main"},
    "course.dessert": {"bg": "Десерт", "en": "Dessert"},
    "course.bread": {"bg": "Хляб", "en": "Bread"},
    "production.title": {"bg": "Производство – {kitchen} – {date}", "en": "Production – {kitchen} – {date}"},
    "production.ingredients": {"bg": "Продукти от склада", "en": "Ingredients from the store"},
    "production.boxes": {"bg": "Кутии по бусове", "en": "Boxes per van"},
    "production.sheet_production": {"bg": "Производство", "en": "Production"},
    "production.sheet_ingredients": {"bg": "Продукти", "en": "Ingredients"},
    "production.sheet_boxes": {"bg": "Кутии", "en": "Boxes"},
    "loading.line": {"bg": "№\u00a0{seq} {diet}\u00a0×{portions}", "en": "#\u00a0{seq} {diet}\u00a0×{portions}"},
    "pdf.page": {"bg": "стр.", "en": "page"},
    "index.title": {"bg": "План за доставка на {date}", "en": "Delivery plan for {date}"},
    "index.kitchens": {"bg": "Кухни", "en": "Kitchens"},
    "index.production_sheet": {"bg": "лист за производство", "en": "production sheet"},
    "index.ingredients": {"bg": "продукти", "en": "ingredients"},
    "index.boxes": {"bg": "кутии", "en": "boxes"},
    "index.pdf": {"bg": "PDF за печат", "en": "PDF to print"},
    "index.map": {"bg": "карта", "en": "map"},
    "index.overview": {"bg": "Обща карта", "en": "Overview map"},
    "index.route_sheets": {"bg": "Маршрутни листове", "en": "Route sheets"},
    "index.unserved": {"bg": "Необслужени ({count})", "en": "Unserved ({count})"},
    "index.changes": {"bg": "Промени за обаждане ({count})", "en": "Changes to phone about ({count})"},
    "index.draft_notice": {
        "bg": "публикуваният за датата остава предишният план; този се публикува с",
        "en": "the date's published plan stays the earlier one; this one is published with",
    },
    "index.unrecorded_notice": {
        "bg": "планът не е в историята (вижте съобщението на командата)",
        "en": "this plan is not in the history (see what the command said)",
    },
    "index.menu": {"bg": "Съдържание", "en": "Contents"},
    "index.menu_violations": {"bg": "Нарушения ({count})", "en": "Violations ({count})"},
    "index.menu_action": {"bg": "За действие ({count} необслужени)", "en": "To act on ({count} unserved)"},
    "index.menu_summary": {"bg": "Обобщение", "en": "Summary"},
    "index.menu_files": {"bg": "Файлове", "en": "Files"},
    "index.all_served": {"bg": "Всички с доставка днес са в маршрут.", "en": "Everyone due today is on a route."},
    "index.van_changes": {"bg": "{count} промени", "en": "{count} changes"},
    "index.split_by_office": {
        "bg": "Списъкът има {count} клиенти: всяка служба има своя страница с нейните.",
        "en": "The list has {count} clients: each office has a page with its own.",
    },
    "index.office_unserved": {"bg": "Необслужени", "en": "Unserved"},
    "index.office_changes": {"bg": "Промени", "en": "Changes"},
    "index.no_office": {"bg": "Без служба", "en": "No office"},
    "office.title": {"bg": "{office}: клиентите на {date}", "en": "{office}: clients on {date}"},
    "office.back": {"bg": "← Планът за деня", "en": "← The day's plan"},
    "index.changes_since": {
        "bg": "Сравнено с {since}: бусът и часът на всеки клиент там (или при последната му доставка преди това).",
        "en": "Compared with {since}: each client's van and time there (or at their last delivery before it).",
    },
    "index.changes_first": {
        "bg": "Няма публикуван по-ранен план, няма с какво да се сравни: никой не е отбелязан като нов.",
        "en": "No earlier published plan to compare with: nobody is marked as new.",
    },
    # ---- home visits
    "visit_reason.client_paused": {
        "bg": "клиентът е в пауза или спрян в регистъра",
        "en": "the client is paused or suspended in the register",
    },
    "visit_reason.client_not_active": {
        "bg": "клиентът не е активен на тази дата",
        "en": "the client is not active on this date",
    },
    "visit_reason.not_working_day": {"bg": "неработен ден", "en": "not a working day"},
    "visit_reason.no_day_left": {
        "bg": "няма достатъчно свободни дни в периода",
        "en": "not enough open days in the period",
    },
    "visit_reason.no_skilled_worker": {
        "bg": "в службата няма работник с това умение",
        "en": "no worker of the office has the skill",
    },
    "visit_reason.no_worker_on_day": {
        "bg": "никой с това умение не работи в този ден",
        "en": "nobody with the skill works that day",
    },
    "visit_reason.window_too_narrow": {
        "bg": "никой не може да стигне в часовия прозорец",
        "en": "nobody can arrive within the window",
    },
    "visit_reason.no_second_worker": {"bg": "няма втори свободен работник", "en": "no second worker free"},
    "visit_reason.appointment_clash": {
        "bg": "клиентът би бил навън, когато идва обядът",
        "en": "the client would be out when lunch comes",
    },
    "visit_reason.worker_hours_exhausted": {
        "bg": "часовете на работниците (ден или седмица) са изчерпани",
        "en": "the workers' hours (day or week) are used up",
    },
    "visit_reason.refused_all": {
        "bg": "клиентът е отказал всички подходящи работници",
        "en": "the client refused every worker who could go",
    },
    "visit_reason.no_coordinates": {"bg": "адресът няма координати", "en": "the address has no coordinates"},
    "visit_reason.no_place_found": {
        "bg": "работниците имат часове, но не е намерено място в дните им",
        "en": "the workers have hours left, but no place was found in their days",
    },
    "visit_hint.no_place_found": {
        "bg": "по-широк прозорец, друг ден или повече време за търсене (--time-limit)",
        "en": "a wider window, another day, or more search time (--time-limit)",
    },
    "visit_reason.solver_time_limit": {
        "bg": "не е намерено място в отпуснатото време",
        "en": "no place found in the time given",
    },
    "visit_hint.worker_hours_exhausted": {
        "bg": "още часове в службата или по-рядко посещение",
        "en": "more hours in the office, or a less frequent visit",
    },
    "visit_hint.no_skilled_worker": {
        "bg": "добавете умението на работник в staff.csv",
        "en": "add the skill to a worker in staff.csv",
    },
    "visit_hint.no_worker_on_day": {"bg": "друг ден или смяна в този ден", "en": "another day, or a shift that day"},
    "visit_hint.window_too_narrow": {
        "bg": "по-широк прозорец в care_plan.csv",
        "en": "a wider window in care_plan.csv",
    },
    "visit_hint.no_second_worker": {
        "bg": "втори работник с умението в този ден",
        "en": "a second worker with the skill that day",
    },
    "visit_hint.appointment_clash": {
        "bg": "преместете посещението или доставката на обяда",
        "en": "move the visit or the lunch delivery",
    },
    "visit_hint.refused_all": {
        "bg": "поговорете с клиента или добавете работник",
        "en": "talk to the client, or add a worker",
    },
    "visit_hint.no_coordinates": {
        "bg": "поправете адреса (mealplan geocode)",
        "en": "fix the address (mealplan geocode)",
    },
    "visit_hint.no_day_left": {
        "bg": "по-малко посещения или по-малко дни между тях",
        "en": "fewer visits, or fewer days between them",
    },
    "visits.title": {"bg": "Посещения по домовете: {period}", "en": "Home visits: {period}"},
    "visits.counts": {
        "bg": "Планирани {planned} от {total} поискани посещения; {days} работни дни на работници.",
        "en": "{planned} of {total} requested visits planned; {days} worker-days.",
    },
    "visits.violations": {
        "bg": "НАРУШЕНИЯ: {count} (violations.csv) – планът не спазва правило",
        "en": "VIOLATIONS: {count} (violations.csv) – the plan breaks a rule",
    },
    "visits.unplanned": {"bg": "Непланирани ({count})", "en": "Unplanned ({count})"},
    "visits.service": {"bg": "Услуга", "en": "Service"},
    "visits.days": {"bg": "Дните на работниците", "en": "The workers' days"},
    "visits.done": {
        "bg": "Посещения: планирани {planned} от {total}, {days} работни дни ({seconds} s).",
        "en": "Visits: {planned} of {total} planned, {days} worker-days ({seconds} s).",
    },
    "cli.bad_week": {"bg": "{value} не е седмица като 2026-W51", "en": "{value} is not a week such as 2026-W51"},
    "error.period_half": {
        "bg": "{given} има нужда и от другия край на периода",
        "en": "{given} needs the other end of the period too",
    },
    "error.period_bad": {
        "bg": "периодът {first} – {last} трябва да е от 1 до 28 дни, в този ред",
        "en": "the period {first} – {last} must be 1 to 28 days, in that order",
    },
    "visits.col.worker_id": {"bg": "Работник", "en": "Worker"},
    "visits.col.name": {"bg": "Име", "en": "Name"},
    "visits.col.office_id": {"bg": "Служба", "en": "Office"},
    "visits.col.date": {"bg": "Дата", "en": "Date"},
    "visits.col.leave": {"bg": "Тръгва", "en": "Leaves"},
    "visits.col.back": {"bg": "Връща се", "en": "Back"},
    "visits.col.break": {"bg": "Почивка", "en": "Break"},
    "visits.col.work_min": {"bg": "Работа, мин", "en": "Work, min"},
    "visits.col.travel_min": {"bg": "Път, мин", "en": "Travel, min"},
    "visits.col.visits": {"bg": "Посещения", "en": "Visits"},
    "visits.hours": {"bg": "{hours} ч", "en": "{hours} h"},
    "weekday.0": {"bg": "понеделник", "en": "Monday"},
    "weekday.1": {"bg": "вторник", "en": "Tuesday"},
    "weekday.2": {"bg": "сряда", "en": "Wednesday"},
    "weekday.3": {"bg": "четвъртък", "en": "Thursday"},
    "weekday.4": {"bg": "петък", "en": "Friday"},
    "weekday.5": {"bg": "събота", "en": "Saturday"},
    "weekday.6": {"bg": "неделя", "en": "Sunday"},
    "travel_mode.foot": {"bg": "пеша", "en": "on foot"},
    "travel_mode.transit": {"bg": "с градски транспорт", "en": "by public transport"},
    "travel_mode.car": {"bg": "с кола", "en": "by car"},
    "vsheet.title": {"bg": "{worker} – {weekday}, {date}", "en": "{worker} – {weekday}, {date}"},
    "vsheet.leave": {"bg": "Тръгва", "en": "Leaves"},
    "vsheet.back": {"bg": "Връща се", "en": "Back"},
    "vsheet.break": {"bg": "Обедна почивка", "en": "Lunch break"},
    "vsheet.lunch_break": {"bg": "обедна почивка", "en": "lunch break"},
    "vsheet.visits": {"bg": "Посещения", "en": "Visits"},
    "vsheet.work": {"bg": "Работа", "en": "Work"},
    "vsheet.travel": {"bg": "Път: {minutes} мин {mode}", "en": "Travel: {minutes} min {mode}"},
    "vsheet.col.seq": {"bg": "№", "en": "#"},
    "vsheet.col.time": {"bg": "Час", "en": "Time"},
    "vsheet.col.client": {"bg": "Клиент", "en": "Client"},
    "vsheet.col.address": {"bg": "Адрес", "en": "Address"},
    "vsheet.col.phone": {"bg": "Телефон", "en": "Phone"},
    "vsheet.col.service": {"bg": "Услуга, да носи", "en": "Service, to bring"},
    "vsheet.col.notes": {"bg": "Обяд, бележки", "en": "Lunch, notes"},
    "vsheet.col.done": {"bg": "Извършено", "en": "Done"},
    "vsheet.col.sign": {"bg": "Подпис на клиента", "en": "Client's signature"},
    "vsheet.fixed": {"bg": "час по уговорка", "en": "fixed time"},
    "vsheet.window": {"bg": "може {window}", "en": "window {window}"},
    "vsheet.escort": {"bg": "ИЗЛИЗА С КЛИЕНТА", "en": "GOES OUT WITH THE CLIENT"},
    "vsheet.bring": {"bg": "да носи: {what}", "en": "bring: {what}"},
    "vsheet.partner": {"bg": "заедно с {name}", "en": "together with {name}"},
    "vsheet.lunch": {"bg": "обядът идва {window}", "en": "lunch comes {window}"},
    "vsheet.signed_worker": {"bg": "Подпис на социалния работник", "en": "Social worker's signature"},
    "vsheet.signed_head": {"bg": "Проверил (ръководител)", "en": "Checked by (office head)"},
    "vsheet.call": {"bg": "Обади се {phone}", "en": "Call {phone}"},
    "vsheet.go": {"bg": "Натам", "en": "Go there"},
    "vsheet.route_link": {"bg": "Маршрут на деня в картите", "en": "The day's route in maps"},
    "vsheet.map": {"bg": "Карта на деня", "en": "The day's map"},
    "vsheet.map_day": {"bg": "Ден:", "en": "Day:"},
    "vsheet.pdf_title": {"bg": "Дневни листове: {office}, {period}", "en": "Day sheets: {office}, {period}"},
    "visits.map_title": {"bg": "Посещения: {office}", "en": "Visits: {office}"},
    "grid.sheet_week": {"bg": "Седмица", "en": "Week"},
    "grid.sheet_visits": {"bg": "Посещения", "en": "Visits"},
    "grid.contract": {"bg": "Договор, ч/седм.", "en": "Contract, h/week"},
    "grid.day": {"bg": "{visits} посещ., {hours}\n{leave}–{back}", "en": "{visits} visits, {hours}\n{leave}–{back}"},
    "grid.week_hours": {"bg": "Работа, ч", "en": "Work, h"},
    "grid.travel_hours": {"bg": "Път, ч", "en": "Travel, h"},
    "grid.visits": {"bg": "Посещения", "en": "Visits"},
    "grid.use": {"bg": "От договора", "en": "Of contract"},
    "grid.balance": {"bg": "Баланс, ч", "en": "Balance, h"},
    "grid.note": {
        "bg": "Баланс: часове над (+) или под (−) средното за службата използване на договора.",
        "en": "Balance: hours above (+) or below (−) the office's mean use of the contract.",
    },
    "grid.col.date": {"bg": "Дата", "en": "Date"},
    "grid.col.worker": {"bg": "Работник", "en": "Worker"},
    "grid.col.start": {"bg": "Начало", "en": "Start"},
    "grid.col.end": {"bg": "Край", "en": "End"},
    "grid.col.client": {"bg": "Клиент", "en": "Client"},
    "grid.col.address": {"bg": "Адрес", "en": "Address"},
    "grid.col.phone": {"bg": "Телефон", "en": "Phone"},
    "grid.col.service": {"bg": "Услуга", "en": "Service"},
    "grid.col.partner": {"bg": "Заедно с", "en": "With"},
    "grid.col.lunch": {"bg": "Обяд", "en": "Lunch"},
    "grid.col.notes": {"bg": "Бележки", "en": "Notes"},
    "vindex.offices": {"bg": "Служби", "en": "Offices"},
    "vindex.planned": {"bg": "Планирани / поискани", "en": "Planned / requested"},
    "vindex.workers": {"bg": "Работници", "en": "Workers"},
    "vindex.workers_count": {"bg": "{count} работници", "en": "{count} workers"},
    "vindex.print": {"bg": "За печат и за ръководителя", "en": "To print, for the head"},
    "vindex.pdf": {"bg": "дневни листове (PDF)", "en": "day sheets (PDF)"},
    "vindex.grid": {"bg": "седмична таблица (XLSX)", "en": "week grid (XLSX)"},
    "vindex.map": {"bg": "карта", "en": "map"},
    "vindex.hint": {"bg": "Какво да се направи", "en": "What to do"},
    "vindex.week": {"bg": "Седмица / договор", "en": "Week / contract"},
    "vindex.days": {"bg": "Дни (телефонна страница)", "en": "Days (phone page)"},
    "visits.no_history": {
        "bg": "Историята не се чете ({detail}): планът е без предишните работници на клиентите и с "
        "прозорците за обяд от регистъра.",
        "en": "The history cannot be read ({detail}): the plan goes without the clients' previous workers "
        "and with the register's lunch windows.",
    },
    "visits.recorded": {"bg": "В историята: {count} посещения.", "en": "In the history: {count} visits."},
    "visits.not_recorded": {
        "bg": "Планът на посещенията е записан, но НЕ е в историята: {detail}. Пуснете командата пак, "
        "когато историята е достъпна.",
        "en": "The visits' plan was written but is NOT in the history: {detail}. Run the command again "
        "when the history can be reached.",
    },
    "history.visits_title": {"bg": "Посещения по домовете", "en": "Home visits"},
    "history.col.time": {"bg": "Час", "en": "Time"},
    "history.col.worker": {"bg": "Работник", "en": "Worker"},
    "history.col.service": {"bg": "Услуга", "en": "Service"},
    "history.col.office": {"bg": "Служба", "en": "Office"},
    "index.visits": {"bg": "Посещения по домовете ({count})", "en": "Home visits ({count})"},
    "index.visits_note": {
        "bg": "Социалните работници при същите клиенти този ден (по последния план на посещенията в историята).",
        "en": "The social workers at the same clients that day (the latest visits' plan in the history).",
    },
    "index.visits_link": {"bg": "седмицата {week}", "en": "the week {week}"},
    "index.visits_count": {"bg": "Посещения", "en": "Visits"},
    "index.visits_workers": {"bg": "Работници", "en": "Workers"},
    "index.visits_with_lunch": {"bg": "От тях с обяд днес", "en": "Of them with lunch today"},
    "visit_status.planned": {"bg": "планирано", "en": "planned"},
    "visit_status.unplanned": {"bg": "непланирано", "en": "unplanned"},
    "run.published": {"bg": "План №{run} · публикуван", "en": "Run {run} · published"},
    "run.draft": {"bg": "План №{run} · ЧЕРНОВА", "en": "Run {run} · DRAFT"},
    "run.unrecorded": {"bg": "Не е записан в историята", "en": "Not recorded in the history"},
    "run.draft_banner": {
        "bg": "ЧЕРНОВА – не е публикуваният план (план №{run})",
        "en": "DRAFT – not the published plan (run {run})",
    },
    "since.replan": {
        "bg": "план №{run} за същата дата, публикуван {at}",
        "en": "run {run} of the same date, published {at}",
    },
    "since.date": {"bg": "публикувания план от {date} (№{run})", "en": "the published plan of {date} (run {run})"},
    "col.change": {"bg": "Промяна", "en": "Change"},
    "col.kind": {"bg": "Код на промяната", "en": "Change code"},
    "col.what": {"bg": "Промяна", "en": "Change"},
    "col.previous_van_id": {"bg": "Бус досега", "en": "Van before"},
    "col.previous_date": {"bg": "Последна доставка", "en": "Last delivery"},
    "col.previous_arrival": {"bg": "Час досега", "en": "Time before"},
    "col.shift_min": {"bg": "Разлика, мин", "en": "Shift, min"},
    "col.moved_to": {"bg": "Премества се в", "en": "Moved to"},
    "col.then": {"bg": "Досега", "en": "Before"},
    "col.now": {"bg": "Сега", "en": "Now"},
    "col.shift": {"bg": "Разлика, мин", "en": "Shift, min"},
    "map.layer": {"bg": "{van} · курс {trip} · {stops} адреса", "en": "{van} · trip {trip} · {stops} stops"},
    "map.legend": {"bg": "Бус · курс · адреси", "en": "Van · trip · stops"},
    "map.kitchen": {"bg": "кухня", "en": "kitchen"},
    "map.trip": {"bg": "курс {trip}", "en": "trip {trip}"},
    "map.portions": {"bg": "{portions} порц.", "en": "{portions} port."},
    "map.kitchen_letter": {"bg": "К", "en": "K"},
    "map.doors_elsewhere": {
        "bg": "{stops} адреса са твърде много за една карта: тук са курсовете, адресите са на картата на всяка кухня.",
        "en": "{stops} doors are too many for one map: the trips are here, the doors on each kitchen's map.",
    },
    "map.offline": {
        "bg": "Няма интернет: фонът на картата не се зарежда, маршрутите и адресите се виждат.",
        "en": "No internet: the background map cannot load; routes and stops still show.",
    },
    "severity.error": {"bg": "грешка", "en": "error"},
    "severity.warning": {"bg": "предупреждение", "en": "warning"},
    "validate.problem": {
        "bg": "{severity}: {where} [{column}] „{value}“ – {message}; очаква се: {expected}",
        "en": "{severity}: {where} [{column}] '{value}' – {message}; expected: {expected}",
    },
    "validate.unserved": {
        "bg": "необслужен: {where} {client} – {reason}; {hint}",
        "en": "unserved: {where} {client} – {reason}; {hint}",
    },
    "validate.unserved_total": {
        "bg": "На {date} планът би оставил {count} клиенти необслужени заради данните",
        "en": "On {date} the plan would leave {count} clients unserved for reasons in the data",
    },
    "validate.total": {
        "bg": "{rows} реда в регистъра, {valid} валидни; {errors} грешки, {warnings} предупреждения",
        "en": "{rows} register rows, {valid} valid; {errors} errors, {warnings} warnings",
    },
    "ledger.invalid_cell": {
        "bg": "{column}: {message} „{value}“ (очаква се {expected})",
        "en": "{column}: {message} '{value}' (expected {expected})",
    },
    "not_due.weekend": {"bg": "почивен ден", "en": "weekend"},
    "day_off.text": {
        "bg": "{date} е неработен ден ({reason}): никой няма доставка, нищо не се готви и не се разнася. "
        "Следващ работен ден: {next}.",
        "en": "{date} is not a working day ({reason}): nobody is due, nothing is cooked or delivered. "
        "Next working day: {next}.",
    },
    "not_due.declared_off": {"bg": "обявен за почивен", "en": "declared day off"},
    "expected.geocodable": {
        "bg": "адрес, който геокодерът намира в района на обслужване",
        "en": "an address the geocoder finds in the service area",
    },
    "problem.not_geocoded": {"bg": "Адресът не е намерен", "en": "Address not found"},
    "problem.kitchen_no_road": {
        "bg": "По картата няма път от кухнята до нито един клиент, за когото готви, и обратно: "
        "тази нощ не получава поръчки",
        "en": "No road on the map leads from this kitchen to any client it cooks for and back: "
        "it gets no orders tonight",
    },
    "expected.kitchen_on_roads": {
        "bg": "кухня на път, свързан с улиците на клиентите (проверете координатите ѝ и дали картата я обхваща)",
        "en": "a kitchen on a road joined to its clients' streets (check its coordinates and that the map covers it)",
    },
    "problem.address_not_found": {"bg": "Адресът не е намерен в картата", "en": "Address not found in the map"},
    "problem.street_level_match": {
        "bg": "Намерена е само улицата/комплексът ({matched}): шофьорът търси входа на място",
        "en": "Only the street/estate was found ({matched}): the driver looks for the door there",
    },
    "expected.address_in_map": {
        "bg": "адрес, който картата познава (или ред в geocode_corrections.csv с потвърдени координати)",
        "en": "an address the map knows (or a row in geocode_corrections.csv with confirmed coordinates)",
    },
    "problem.stale_correction": {
        "bg": "Корекцията е за стар адрес (в регистъра: {register}) и не е приложена",
        "en": "The correction is for an old address (the register says: {register}) and was not applied",
    },
    "expected.register_address": {
        "bg": "същият адрес като в регистъра",
        "en": "the same address as in the register",
    },
    # ---- violations (independent check)
    "violation.capacity": {"bg": "повече порции от капацитета на буса", "en": "more portions than the van holds"},
    "violation.load": {
        "bg": "порциите на листа не съвпадат с поръчката",
        "en": "portions on the sheet differ from the order",
    },
    "violation.time_window": {"bg": "доставка извън часовия прозорец", "en": "delivery outside the time window"},
    "violation.hold": {
        "bg": "храната е в път по-дълго от лимита за безопасност",
        "en": "meal on the road longer than the food-safety limit",
    },
    "violation.hold_misreported": {
        "bg": "минутите в път на листа не отговарят на часовете",
        "en": "minutes on the road on the sheet disagree with the times",
    },
    "violation.travel": {
        "bg": "пристигане по-рано, отколкото пътят позволява",
        "en": "arrives sooner than the drive allows",
    },
    "violation.early_departure": {
        "bg": "тръгва преди храната да е готова или смяната да е започнала",
        "en": "leaves before the meals are ready or the shift starts",
    },
    "violation.shift_end": {"bg": "връщане след края на смяната", "en": "back after the shift ends"},
    "violation.trip_overlap": {
        "bg": "курсът тръгва преди предишният да се е върнал и презаредил",
        "en": "trip leaves before the previous one is back and reloaded",
    },
    "violation.duplicate": {
        "bg": "клиентът е повече от веднъж в плана",
        "en": "client appears more than once in the plan",
    },
    "violation.missing": {"bg": "клиентът липсва от плана", "en": "client missing from the plan"},
    "violation.unknown_client": {"bg": "непознат клиент в маршрут", "en": "unknown client on a route"},
    "violation.unknown_trip": {"bg": "непознат курс на бус", "en": "unknown van trip"},
    "violations.banner": {
        "bg": "ВНИМАНИЕ: планът нарушава {count} ограничения (независима проверка). "
        "Засегнатите курсове са отбелязани; подробности във violations.csv.",
        "en": "WARNING: the plan breaks {count} limits (independent check). "
        "Affected trips are marked; details in violations.csv.",
    },
    "violations.refused": {
        "bg": "Планът е записан, но НЕ е одобрен (код {code}): проверете нарушенията и пуснете "
        "отново, или ги приемете изрично с --accept-violations.",
        "en": "The plan was written but is NOT approved (exit {code}): check the violations and "
        "rerun, or accept them explicitly with --accept-violations.",
    },
    "violations.accepted": {
        "bg": "Нарушенията са приети изрично с --accept-violations.",
        "en": "The violations were accepted explicitly with --accept-violations.",
    },
    "violations.trip_banner": {"bg": "НАРУШЕНИЕ на този курс", "en": "VIOLATION on this trip"},
    "violations.item": {
        "bg": "{rule}{where}: лимит {limit}, факт {actual}",
        "en": "{rule}{where}: limit {limit}, actual {actual}",
    },
    "violations.at_stop": {"bg": " (адрес №{stop})", "en": " (stop #{stop})"},
    "violations.more": {"bg": "… и още {count}", "en": "… and {count} more"},
    "col.rule": {"bg": "Нарушено правило", "en": "Rule broken"},
    "col.limit": {"bg": "Лимит", "en": "Limit"},
    "col.actual": {"bg": "Факт", "en": "Actual"},
    "col.stop": {"bg": "Адрес №", "en": "Stop"},
    "unit.portions": {"bg": "порц.", "en": "portions"},
    "unit.times": {"bg": "пъти", "en": "times"},
    "unit.chars": {"bg": "знака", "en": "characters"},
    # ---- errors that stop a run (exit 2 input, 3 output, 4 integrity, 1 bug)
    "error.far_date": {
        "bg": "{date} е на повече от {days} дни от днес ({today}); грешка при въвеждане? Ако наистина "
        "искате тази дата, добавете --far-date (границата е far_date_days в settings.csv)",
        "en": "{date} is more than {days} days from today ({today}); a typo? If you really mean that date, "
        "add --far-date (the limit is far_date_days in settings.csv)",
    },
    "error.no_history": {
        "bg": "{file}: тук няма история на плановете (грешна --data или --db?); историята се създава "
        "от първото `mealplan plan`",
        "en": "{file}: there is no plan history here (a mistyped --data or --db?); the history is created "
        "by the first `mealplan plan`",
    },
    "error.nothing_in_history": {
        "bg": "В историята няма нищо за {what}.",
        "en": "The history has nothing for {what}.",
    },
    "history.pruned": {
        "bg": "Изтрити {runs} пускания с дати преди {cutoff} (history_keep_days = {days}).",
        "en": "Deleted {runs} runs of dates before {cutoff} (history_keep_days = {days}).",
    },
    "history.prune_dry": {
        "bg": "Ще бъдат изтрити {runs} пускания с дати преди {cutoff} (history_keep_days = {days}); "
        "пуснете без --dry-run, за да ги изтриете.",
        "en": "{runs} runs of dates before {cutoff} would be deleted (history_keep_days = {days}); "
        "run without --dry-run to delete them.",
    },
    "error.bad_today": {
        "bg": "{variable}={value}: не е дата; очаква се ГГГГ-ММ-ДД или празно (днешната дата)",
        "en": "{variable}={value}: not a date; expected YYYY-MM-DD, or nothing for today's date",
    },
    "error.folder_not_found": {
        "bg": "{folder}: папката с данни не е намерена",
        "en": "{folder}: data folder not found",
    },
    "error.file_missing": {
        "bg": "{folder}: липсва {stem}.csv (или {stem}.xlsx); вижте docs/formats.md",
        "en": "{folder}: missing {stem}.csv (or {stem}.xlsx); see docs/formats.md",
    },
    "error.two_files": {
        "bg": "{folder}: има и {first}, и {second}; оставете само единия",
        "en": "{folder}: both {first} and {second} are present; keep only one of them",
    },
    "error.file_not_found": {"bg": "{file}: файлът не е намерен", "en": "{file}: file not found"},
    "error.not_a_file": {"bg": "{file}: това е папка, а не файл", "en": "{file}: is a folder, not a file"},
    "error.empty_file": {
        "bg": "{file}: файлът е празен; очаква се заглавен ред и редове с данни",
        "en": "{file}: the file is empty; expected a header row and data rows",
    },
    "error.not_text": {
        "bg": "{file}: не е текстов файл (пълен е с NUL байтове; стар .xls, преименуван на .csv?); "
        "запишете го от Excel като „CSV UTF-8“ или като .xlsx",
        "en": "{file}: not a text file (it is full of NUL bytes; an old .xls renamed to .csv?); "
        "save it from Excel as 'CSV UTF-8' or as .xlsx",
    },
    "error.unknown_encoding": {
        "bg": "{file}: файлът не е нито UTF-8, нито Windows-1251; запишете го от Excel като „CSV UTF-8“",
        "en": "{file}: the file is neither UTF-8 nor Windows-1251 text; "
        "save it from Excel as 'CSV UTF-8' and try again",
    },
    "error.bad_csv": {
        "bg": "{file}: ред {row}: не може да се прочете като CSV ({detail})",
        "en": "{file}: row {row}: cannot be read as CSV ({detail})",
    },
    "error.bad_xlsx": {
        "bg": "{file}: не може да се отвори като .xlsx ({detail}); запишете го отново от Excel",
        "en": "{file}: cannot be opened as .xlsx ({detail}); save it again from Excel",
    },
    "error.missing_columns": {
        "bg": "{file}: нужни са колоните {columns}; вижте docs/formats.md",
        "en": "{file}: needs the columns {columns}; see docs/formats.md",
    },
    "error.no_kitchens": {
        "bg": "{file}: няма нито една кухня – без кухни не може да се планира",
        "en": "{file}: not one kitchen – nothing can be planned without kitchens",
    },
    "error.no_diets": {
        "bg": "{file}: няма нито една диета – без диети не може да се планира",
        "en": "{file}: not one diet – nothing can be planned without diets",
    },
    "error.bad_config": {
        "bg": "{file}: грешни стойности по-долу; файлът засяга много клиенти, затова планът не "
        "е направен – поправете ги и пуснете отново",
        "en": "{file}: wrong values below; the file affects many clients, so no plan was made – fix them and run again",
    },
    "error.cannot_write": {
        "bg": "{folder}: планът не може да се запише тук ({detail})",
        "en": "{folder}: cannot write the plan here ({detail})",
    },
    "error.disk_full": {
        "bg": "{folder}: дискът е пълен; предишният план е запазен",
        "en": "{folder}: the disk is full; the previous plan was kept",
    },
    "error.write_failed": {
        "bg": "{folder}: планът не може да се запише ({detail}); предишният план е запазен",
        "en": "{folder}: cannot write the plan ({detail}); the previous plan was kept",
    },
    "error.planted_link": {
        "bg": "{path} е символна връзка (към {target}); mealplan не пише през връзки – махнете я "
        "или изберете друга папка",
        "en": "{path} is a symbolic link (to {target}); mealplan never writes through links – remove it "
        "or choose another folder",
    },
    "error.not_a_plan_folder": {
        "bg": "{path} е файл, а не папка с план; преместете го или изберете друга --out. Нищо не е записано.",
        "en": "{path} is a file, not a plan folder; move it away or choose another --out. Nothing was written.",
    },
    "error.cache_unwritable": {
        "bg": "{folder}: пътната мрежа не може да се подготви тук ({detail}); дайте права за запис или "
        "преместете папката с данни",
        "en": "{folder}: the road network cannot be prepared here ({detail}); make the folder writable or "
        "move the data folder",
    },
    "error.scenario_too_large": {
        "bg": "{file}: твърде голям за файл със сценарий (над {limit_kib} KiB или твърде много възли след "
        "разгръщане на YAML псевдонимите); сценарият е една страница YAML",
        "en": "{file}: too large for a scenario file (over {limit_kib} KiB, or too many nodes once its YAML "
        "aliases are expanded); a scenario is a page of YAML",
    },
    "error.scenario_encoding": {
        "bg": "{file}: не е текст в UTF-8 (байт {offset}); запишете го като UTF-8",
        "en": "{file}: not UTF-8 text (byte {offset}); save it as UTF-8",
    },
    "scenario.day_off": {
        "bg": "{date} е неработен ден ({reason}): не е включен в числата.",
        "en": "{date} is a day off ({reason}): left out of the figures.",
    },
    "error.bad_result": {
        "bg": "{file}: повреден резултат на план ({detail}); изтрийте го и пуснете `mealplan scenario run` "
        "отново – само този план ще се направи наново",
        "en": "{file}: a damaged plan result ({detail}); delete it and run `mealplan scenario run` again – only "
        "this plan is made anew",
    },
    "error.scheduler_unreachable": {
        "bg": "Dask планировчикът {address} не отговаря ({detail}); проверете адреса или пуснете без "
        "--scheduler (локални работници)",
        "en": "the Dask scheduler {address} does not answer ({detail}); check the address or run without "
        "--scheduler (local workers)",
    },
    "error.scenario_duplicate": {
        "bg": "два плана на сценарии биха имали едно име „{name}“ ({first}; {second}); единият би изтрил "
        "другия – преименувайте единия",
        "en": "two scenario plans would share the name '{name}' ({first}; {second}); one would overwrite the "
        "other – rename one of them",
    },
    "error.locked": {
        "bg": "{folder}: друго пускане на mealplan (процес {pid}) записва планове в тази папка; "
        "изчакайте го или изберете друга --out",
        "en": "{folder}: another mealplan run (process {pid}) is writing plans into this folder; "
        "wait for it to finish or choose another --out",
    },
    "error.ledger_unbalanced": {
        "bg": "отчетът не се връзва: редове без място {missing}, редове два пъти {doubled}, "
        "редове извън регистъра {strays}; нищо не е записано",
        "en": "ledger does not balance: rows never accounted for {missing}, rows accounted "
        "for twice {doubled}, rows not in the register {strays}; nothing was written",
    },
    "error.instance_not_found": {
        "bg": "{file}: файлът с инстанция не е намерен",
        "en": "{file}: instance file not found",
    },
    "error.bad_instance": {
        "bg": "{file}: не е VRPLIB CVRPTW инстанция ({detail})",
        "en": "{file}: not a VRPLIB CVRPTW instance ({detail})",
    },
    "error.roads_engine_missing": {
        "bg": 'за планиране по пътищата е нужен OSRM (pip install "mealplan[roads]"), който има пакети само '
        "за Python 3.12 и по-нов; това е Python {python} – пуснете с python3.12 или без --roads",
        "en": 'planning on roads needs OSRM (pip install "mealplan[roads]"), whose packages exist only for '
        "Python 3.12 and newer; this is Python {python} – run with python3.12 or without --roads",
    },
    "error.roads_missing": {
        "bg": "{file}: няма такъв файл с карта (.osm.pbf)",
        "en": "{file}: no such map file (.osm.pbf)",
    },
    "error.roads_unreadable": {
        "bg": "{file}: пътната мрежа не може да се построи ({detail})",
        "en": "{file}: the road network cannot be built ({detail})",
    },
    "error.kitchen_off_road": {
        "bg": "кухня {kitchen} е на {distance} м от най-близкия път (лимит {limit} м): проверете координатите ѝ",
        "en": "kitchen {kitchen} is {distance} m from the nearest road (limit {limit} m): check its coordinates",
    },
    "error.scenario_yaml": {
        "bg": "{file}: не е правилен YAML ({where}: {detail})",
        "en": "{file}: not valid YAML ({where}: {detail})",
    },
    "error.bad_scenario": {
        "bg": "{file}: грешни ключове или стойности по-долу; нищо не е планирано",
        "en": "{file}: wrong keys or values below; nothing was planned",
    },
    "problem.scenario_unknown": {"bg": "основата няма такова", "en": "the base does not have it"},
    "expected.scenario_known": {
        "bg": "кухня или бус от данните на основата (kitchens.csv, vans.csv), или кухня, която сценарият добавя",
        "en": "a kitchen or van of the base's data (kitchens.csv, vans.csv), or a kitchen the scenario adds",
    },
    "error.no_results": {
        "bg": "{folder}: няма планове за сравнение – пуснете първо mealplan scenario run",
        "en": "{folder}: no plans to compare – run mealplan scenario run first",
    },
    "error.file_unreadable": {
        "bg": "{file}: не може да се прочете ({detail})",
        "en": "{file}: cannot be read ({detail})",
    },
    "check.missing": {"bg": "липсва", "en": "missing"},
    "check.extra_forbidden": {"bg": "непознат ключ", "en": "not a key this file can have"},
    "check.greater_than": {"bg": "трябва да е над {gt}", "en": "must be above {gt}"},
    "check.greater_than_equal": {"bg": "трябва да е поне {ge}", "en": "must be at least {ge}"},
    "check.less_than": {"bg": "трябва да е под {lt}", "en": "must be below {lt}"},
    "check.less_than_equal": {"bg": "трябва да е най-много {le}", "en": "must be at most {le}"},
    "check.int_parsing": {"bg": "не е цяло число", "en": "not a whole number"},
    "check.int_from_float": {"bg": "не е цяло число", "en": "not a whole number"},
    "check.int_type": {"bg": "не е цяло число", "en": "not a whole number"},
    "check.float_parsing": {"bg": "не е число", "en": "not a number"},
    "check.float_type": {"bg": "не е число", "en": "not a number"},
    "check.finite_number": {"bg": "не е крайно число", "en": "not a finite number"},
    "check.bool_parsing": {"bg": "не е да/не", "en": "not yes/no"},
    "check.string_type": {"bg": "не е текст", "en": "not text"},
    "check.list_type": {"bg": "не е списък", "en": "not a list"},
    "check.dict_type": {"bg": "не е речник от ключове", "en": "not a mapping of keys"},
    "check.model_type": {"bg": "не е речник от ключове", "en": "not a mapping of keys"},
    "check.date_parsing": {"bg": "не е дата (ГГГГ-ММ-ДД)", "en": "not a date (YYYY-MM-DD)"},
    "check.date_from_datetime_parsing": {"bg": "не е дата (ГГГГ-ММ-ДД)", "en": "not a date (YYYY-MM-DD)"},
    "check.date_type": {"bg": "не е дата (ГГГГ-ММ-ДД)", "en": "not a date (YYYY-MM-DD)"},
    "check.literal_error": {"bg": "трябва да е едно от: {expected}", "en": "must be one of: {expected}"},
    "check.enum": {"bg": "трябва да е едно от: {expected}", "en": "must be one of: {expected}"},
    "check.time_of_day": {"bg": "не е час от деня (ЧЧ:ММ)", "en": "not a time of day (HH:MM)"},
    "check.date_range": {"bg": "трябва да е дата от {first} до {last}", "en": "must be a date from {first} to {last}"},
    "check.window_order": {
        "bg": "краят на прозореца ({end}) трябва да е след началото ({start})",
        "en": "the window's end ({end}) must be after its start ({start})",
    },
    "check.unknown_settings": {
        "bg": "непознати настройки: {names}; възможни са: {known}",
        "en": "unknown settings: {names}; expected some of: {known}",
    },
    "check.setting_value": {
        "bg": "settings.{where}: {detail} (дадено {given})",
        "en": "settings.{where}: {detail} (given {given})",
    },
    "problem.scenario_key": {"bg": "Грешна стойност: {detail}", "en": "Wrong value: {detail}"},
    "expected.scenario_value": {
        "bg": "вижте docs/scenarios.md за ключовете и стойностите",
        "en": "see docs/scenarios.md for the keys and values",
    },
    "history.published": {
        "bg": "История: план №{run} е публикуваният план за {date}.",
        "en": "History: run {run} is the published plan for {date}.",
    },
    "history.draft": {
        "bg": "История: план №{run} е записан като чернова; публикуваният за {date} остава предишният. "
        "Публикува се с: mealplan publish {date} --run {run}",
        "en": "History: run {run} is recorded as a draft; the published plan for {date} stays the earlier "
        "one. To publish it: mealplan publish {date} --run {run}",
    },
    "history.changes": {
        "bg": "Промени спрямо {since} (changes.csv): {parts}",
        "en": "Changes since {since} (changes.csv): {parts}",
    },
    "history.nothing": {"bg": "В историята няма нищо за {what}.", "en": "The history has nothing for {what}."},
    "history.forget_confirm": {
        "bg": "Да се изтрие ли всичко за клиент {client} от историята? Това не може да се върне.",
        "en": "Delete everything about client {client} from the history? This cannot be undone.",
    },
    "history.forgotten": {
        "bg": "Клиент {client}: изтрити {rows} записа от историята.",
        "en": "Client {client}: {rows} records deleted from the history.",
    },
    "history.runs_title": {"bg": "Планове в историята", "en": "Runs in the history"},
    "history.deliveries_title": {"bg": "Доставки по публикуваните планове", "en": "Deliveries in the published plans"},
    "history.col.run": {"bg": "План №", "en": "Run"},
    "history.col.date": {"bg": "Дата", "en": "Date"},
    "history.col.published": {"bg": "Публикуван", "en": "Published"},
    "history.col.finished": {"bg": "Направен", "en": "Made"},
    "history.col.served": {"bg": "Обслужени", "en": "Served"},
    "history.col.engine": {"bg": "Двигател", "en": "Engine"},
    "history.col.client": {"bg": "Клиент", "en": "Client"},
    "history.col.status": {"bg": "Състояние", "en": "Status"},
    "history.col.van": {"bg": "Бус", "en": "Van"},
    "history.col.trip": {"bg": "Курс", "en": "Trip"},
    "history.col.stop": {"bg": "Спирка", "en": "Stop"},
    "history.col.arrival": {"bg": "Пристигане", "en": "Arrival"},
    "history.col.kitchen": {"bg": "Кухня", "en": "Kitchen"},
    "history.col.reason": {"bg": "Причина", "en": "Reason"},
    "word.yes": {"bg": "да", "en": "yes"},
    "ledger_status.routed": {"bg": "в маршрут", "en": "routed"},
    "ledger_status.unserved": {"bg": "необслужен", "en": "unserved"},
    "ledger_status.not_due": {"bg": "без доставка", "en": "not due"},
    "ledger_status.invalid": {"bg": "грешен ред", "en": "invalid row"},
    "word.no": {"bg": "не", "en": "no"},
    "sheet.new_client": {"bg": "НОВ КЛИЕНТ", "en": "NEW CLIENT"},
    "sheet.van_changed": {"bg": "НОВ ЗА БУСА", "en": "NEW TO THIS VAN"},
    "change.new_client": {"bg": "нов клиент", "en": "new client"},
    "change.van_changed": {"bg": "сменен бус", "en": "van changed"},
    "change.time_moved": {"bg": "преместен час", "en": "time moved"},
    "change.left_moved": {"bg": "преминал в друг бус", "en": "moved to another van"},
    "change.left_unserved": {"bg": "необслужен днес", "en": "unserved tonight"},
    "change.left_paused": {"bg": "спрян временно", "en": "paused"},
    "change.left_ended": {"bg": "прекратена услуга", "en": "service ended"},
    "scenario.progress": {
        "bg": "планове {done}/{total} · {elapsed} · остават ~{left}",
        "en": "plans {done}/{total} · {elapsed} · ~{left} left",
    },
    "scenario.done": {
        "bg": "Сценарии: {ran} плана направени, {skipped} вече готови, {total} общо",
        "en": "Scenarios: {ran} plans made, {skipped} already done, {total} in all",
    },
    "scenario.sheet_summary": {"bg": "Сравнение", "en": "Comparison"},
    "scenario.sheet_plans": {"bg": "Планове", "en": "Plans"},
    "scenario.title": {"bg": "Сравнение на сценарии", "en": "Scenarios compared"},
    "scenario.explain": {
        "bg": "Средно за датите на сценария; в скоби – най-малко и най-много за ден; под него – "
        "разликата спрямо основата. Червено: обслужва по-малко клиенти от основата, зелено: повече.",
        "en": "Mean over the scenario's dates; in brackets the lowest and highest day; below, the "
        "difference from the base. Red: serves fewer clients than the base, green: more.",
    },
    "scenario.variant": {"bg": "Сценарий", "en": "Scenario"},
    "scenario.base": {"bg": "Основа ({folder})", "en": "Base ({folder})"},
    "scenario.why": {"bg": "Главна причина", "en": "Main reason"},
    "scenario.rank": {"bg": "Място", "en": "Rank"},
    "scenario.site": {"bg": "Кандидат", "en": "Candidate"},
    "scenario.site_ranking": {"bg": "{name}: класиране на местата", "en": "{name}: the sites ranked"},
    "scenario.against_above": {"bg": "Спрямо горния", "en": "Against the one above"},
    "scenario.clear": {"bg": "по-назад на всяка дата", "en": "behind on every date"},
    "scenario.within_spread": {
        "bg": "в рамките на разликите между датите: друго пускане може да ги размени",
        "en": "within the spread over the dates: another run may swap them",
    },
    "scenario.site_rule": {
        "bg": "Първо – най-много обслужени; при равенство – по-малко часове на бусовете, после по-кратко "
        "най-дълго пътуване на храната.",
        "en": "First most clients served; on a tie fewer van hours, then the shorter longest food ride.",
    },
    "scenario.dates": {"bg": "Дати", "en": "Dates"},
    "scenario.by_reason": {"bg": "Необслужени по причина (средно на ден)", "en": "Unserved by reason (mean per day)"},
    "scenario.measure.served_pct": {"bg": "Обслужени, %", "en": "Served, %"},
    "scenario.measure.unserved": {"bg": "Необслужени", "en": "Unserved"},
    "scenario.measure.vans_used": {"bg": "Бусове", "en": "Vans"},
    "scenario.measure.trips": {"bg": "Курсове", "en": "Trips"},
    "scenario.measure.total_km": {"bg": "Км", "en": "km"},
    "scenario.measure.route_hours": {"bg": "Часове на бусовете", "en": "Van hours"},
    "scenario.measure.longest_food_ride_min": {"bg": "Най-дълго в път, мин", "en": "Longest food ride, min"},
    "scenario.measure.vans_missing": {"bg": "Липсващи бусове (оценка)", "en": "Vans missing (estimate)"},
    "error.geocoder_unreachable": {
        "bg": "геокодерът {geocoder} не отговаря ({detail}); нищо не е записано в кеша – "
        "опитайте отново по-късно или без --geocoder",
        "en": "the geocoder {geocoder} does not answer ({detail}); nothing was cached – "
        "try again later or without --geocoder",
    },
    "error.internal": {
        "bg": "вътрешна грешка ({kind}); планът не е записан. Подробности: {log}. Моля, съобщете я "
        "заедно с `mealplan --version` и командата, която пуснахте.",
        "en": "internal error ({kind}); no plan was written. Details: {log}. Please report it with "
        "`mealplan --version` and the command you ran.",
    },
    "error.prefix": {"bg": "Грешка", "en": "Error"},
    "usage.not_a_date": {
        "bg": "'{value}' не е дата; очаква се ГГГГ-ММ-ДД, напр. 2026-11-25",
        "en": "'{value}' is not a date; expected YYYY-MM-DD, e.g. 2026-11-25",
    },
    "usage.date_range": {
        "bg": "'{value}' е извън датите, които план може да има ({first} до {last})",
        "en": "'{value}' is outside the dates a plan can have ({first} to {last})",
    },
    "usage.no_such_option": {"bg": "няма опция {option}", "en": "there is no option {option}"},
    "usage.did_you_mean": {"bg": " (може би {options}?)", "en": " (did you mean {options}?)"},
    "usage.missing": {"bg": "липсва {name}", "en": "{name} is missing"},
    "usage.bad_value": {
        "bg": "грешна стойност за {name}{value}: {detail}",
        "en": "wrong value for {name}{value}: {detail}",
    },
    "usage.not_seconds": {"bg": "'{value}' не е брой секунди", "en": "'{value}' is not a number of seconds"},
    "usage.not_seconds_range": {
        "bg": "'{value}' не е брой секунди от {low} до {high}",
        "en": "'{value}' is not a number of seconds from {low} to {high}",
    },
    "usage.needs_value": {"bg": "{option} иска стойност", "en": "{option} needs a value"},
    "usage.one_of": {"bg": "очаква се едно от: {choices}", "en": "expected one of: {choices}"},
    "usage.number_range": {"bg": "очаква се число от {low} до {high}", "en": "expected a number from {low} to {high}"},
    "usage.no_such_command": {"bg": "няма команда {name}", "en": "there is no command {name}"},
    "usage.help": {"bg": "Помощ: {command} --help", "en": "Help: {command} --help"},
    "usage.aborted": {"bg": "Прекъснато.", "en": "Aborted."},
    "error.history_unreachable": {
        "bg": "историята {url} не е достъпна ({detail}); планът не е направен. Проверете адреса "
        "(--db или MEALPLAN_DB) или планирайте с --no-history.",
        "en": "the history {url} cannot be reached ({detail}); no plan was made. Check the URL "
        "(--db or MEALPLAN_DB) or plan with --no-history.",
    },
    "error.history_corrupt": {
        "bg": "{url} не е база данни ({detail}); файлът е оставен както е. Възстановете го от резервно копие "
        "или посочете друга история с --db; планът не е направен.",
        "en": "{url} is not a database ({detail}); the file was left as it is. Restore it from a backup or "
        "name another history with --db; no plan was made.",
    },
    "error.history_foreign": {
        "bg": "{url} е база данни на друга програма (таблици: {tables}); mealplan не пише в нея. "
        "Посочете своя история с --db; планът не е направен.",
        "en": "{url} is another program's database (tables: {tables}); mealplan does not write into it. "
        "Name a history of its own with --db; no plan was made.",
    },
    "error.history_newer": {
        "bg": "историята {url} е от по-нова версия на mealplan ({version}, схема {schema}); обновете mealplan. "
        "Историята е оставена както е; планът не е направен.",
        "en": "the history {url} was written by a newer mealplan ({version}, schema {schema}); upgrade mealplan. "
        "The history was left as it is; no plan was made.",
    },
    "error.history_lost": {
        "bg": "историята {url} спря да отговаря или отказа запис ({detail})",
        "en": "the history {url} stopped answering or refused to write ({detail})",
    },
    "error.record_bug": {
        "bg": "вътрешна грешка при записа ({kind}; подробности: {log})",
        "en": "an internal error while recording ({kind}; details: {log})",
    },
    "history.not_recorded": {
        "bg": "Планът е записан в {folder}, но НЕ е записан в историята: {detail}. Когато историята е "
        "достъпна: mealplan history --record {date} --out {out}",
        "en": "The plan was written to {folder} but NOT recorded in the history: {detail}. When the history "
        "is back: mealplan history --record {date} --out {out}",
    },
    "history.not_published": {
        "bg": "Планът е записан в {folder}, но историята не прие публикуването: {detail}",
        "en": "The plan was written to {folder}, but the history did not take its publishing: {detail}",
    },
    "error.not_published": {
        "bg": "план №{run} остава чернова, а листовете му казват „публикуван“; когато историята е достъпна: "
        "mealplan publish {date} --run {run}",
        "en": "run {run} stays a draft while its sheets say published; when the history is back: "
        "mealplan publish {date} --run {run}",
    },
    "history.recorded_later": {
        "bg": "Планът за {date} е записан в историята като пускане №{run}.",
        "en": "The plan for {date} is recorded in the history as run {run}.",
    },
    "history.already_recorded": {
        "bg": "Планът за {date} вече е в историята като пускане №{run}.",
        "en": "The plan for {date} is already in the history as run {run}.",
    },
    "error.no_pending_record": {
        "bg": "{folder}: няма план за записване в историята (папката е от пускане без история или от по-стара версия)",
        "en": "{folder}: no plan to record here (the folder is from a run without a history, or an older version)",
    },
    "error.other_data_folder": {
        "bg": "{folder} е план от друга папка с данни ({theirs}), а този се прави от {ours}; нищо не е "
        "заменено. Дайте друга --out (напр. out/<услуга>) или --force, за да го замените.",
        "en": "{folder} is a plan made from another data folder ({theirs}), this one is made from {ours}; "
        "nothing was replaced. Give another --out (e.g. out/<service>), or --force to replace it.",
    },
    "error.no_snapshot": {
        "bg": "{folder}: няма от какво да се препишат листовете "
        "(папката е от пускане без история или от по-стара версия)",
        "en": "{folder}: nothing to write the sheets again from (a run without a history, or an older version)",
    },
    "error.run_not_in_folder": {
        "bg": "план №{run} не е в {out} (там са: {found}); нищо не е публикувано. "
        "Дайте папката с --out или публикувайте план, чиито листове са там.",
        "en": "run {run} is not in {out} (found there: {found}); nothing was published. "
        "Name its folder with --out, or publish a run whose sheets are there.",
    },
    "error.history_driver": {
        "bg": "за историята {url} липсва драйвер ({detail})",
        "en": "the history {url} needs a driver that is not installed ({detail})",
    },
    "error.date_busy": {
        "bg": "план за {date} вече се прави ({holder}, от {since}); изчакайте го да свърши. Нищо не е записано.",
        "en": "a plan for {date} is already being made ({holder}, since {since}); wait for it to finish. "
        "Nothing was written.",
    },
    "error.no_run": {
        "bg": "в историята няма план за {date} {run}",
        "en": "the history has no plan for {date} {run}",
    },
    "error.run_other_date": {
        "bg": "план №{run} е за {date}, не за тази дата",
        "en": "run {run} is a plan for {date}, not for this date",
    },
    "error.nothing_to_forget": {
        "bg": "в историята няма нищо за клиент {client}",
        "en": "the history has nothing about client {client}",
    },
    # ---- terminal
    "step.read": {"bg": "четене на данните", "en": "reading the data"},
    "step.history": {"bg": "история на плановете", "en": "plan history"},
    "step.record": {"bg": "записване в историята", "en": "recording in the history"},
    "step.geocode": {"bg": "геокодиране", "en": "geocoding"},
    "quality.exact": {"bg": "точен адрес", "en": "exact address"},
    "quality.interpolated": {"bg": "между съседни номера", "en": "between neighbouring numbers"},
    "quality.street": {"bg": "само улицата – проверете", "en": "street only – check"},
    "quality.not_found": {"bg": "не е намерен – добавете координати", "en": "not found – add coordinates"},
    "corrections.street": {
        "bg": "картата намира само {matched} ({lat}, {lon}); впишете lat/lon на входа",
        "en": "the map finds only {matched} ({lat}, {lon}); enter the door's lat/lon",
    },
    "corrections.not_found": {
        "bg": "картата не намира адреса; впишете lat/lon на входа",
        "en": "the map does not find the address; enter the door's lat/lon",
    },
    "geocode.summary": {
        "bg": "Адреси по картата: {exact} точни, {interpolated} между съседни номера, {street} само улица, "
        "{not_found} ненамерени",
        "en": "Addresses on the map: {exact} exact, {interpolated} between neighbouring numbers, {street} street only, "
        "{not_found} not found",
    },
    "geocode.review": {"bg": "Преглед: {path}", "en": "Review: {path}"},
    "geocode.corrections": {
        "bg": "Корекции: {path} ({added} нови реда за попълване)",
        "en": "Corrections: {path} ({added} new rows to fill in)",
    },
    "geocode.corrections_kept": {
        "bg": "geocode_corrections не е CSV и не е променян; адресите за проверка са в прегледа",
        "en": "geocode_corrections is not a CSV and was left alone; the addresses to check are in the review",
    },
    "error.no_map": {
        "bg": "няма карта: посочете --roads FILE.osm.pbf или ключ roads в settings.csv",
        "en": "no map: give --roads FILE.osm.pbf or a roads key in settings.csv",
    },
    "step.geocode_offline": {"bg": "адреси по картата", "en": "finding addresses on the map"},
    "step.roads": {"bg": "пътна мрежа", "en": "road network"},
    "step.roads_prepare": {
        "bg": "подготовка на пътната мрежа (веднъж за всеки файл с карта)",
        "en": "preparing the road network (once per map file)",
    },
    "step.locate": {"bg": "адреси върху пътната мрежа", "en": "placing doors on the road network"},
    "step.matrices": {"bg": "времена по пътищата", "en": "road travel times"},
    "step.trace": {"bg": "маршрути по улиците", "en": "routes along the streets"},
    "step.demand": {"bg": "заявки за деня", "en": "demand for the day"},
    "step.assign": {"bg": "разпределение по кухни", "en": "assigning kitchens"},
    "step.route": {"bg": "маршрути", "en": "routing"},
    "step.produce": {"bg": "производство", "en": "production"},
    "step.ledger": {"bg": "отчет", "en": "ledger"},
    "step.changes": {"bg": "промени спрямо предишния план", "en": "changes since the last plan"},
    "step.summary": {"bg": "обобщение и проверка на улицата", "en": "summary and street check"},
    "step.write": {"bg": "записване", "en": "writing"},
    "summary.title": {"bg": "План за {date}", "en": "Plan for {date}"},
    "summary.register": {"bg": "Редове в регистъра", "en": "Register rows"},
    "summary.breakdown": {
        "bg": "маршрут / без доставка / невалидни / необслужени",
        "en": "routed / not due / invalid / unserved",
    },
    "summary.due": {"bg": "За доставка", "en": "Due"},
    "summary.served": {"bg": "Обслужени", "en": "Served"},
    "summary.portions": {"bg": "Порции на маршрут", "en": "Portions on routes"},
    "summary.unserved": {"bg": "Необслужени – {reason}", "en": "Unserved – {reason}"},
    "summary.vans": {"bg": "Бусове / курсове", "en": "Vans / trips"},
    "summary.km": {"bg": "Общо км", "en": "Total km"},
    "summary.longest": {"bg": "Най-дълго пътуване на храна", "en": "Longest food ride"},
    "margins.where": {"bg": "{van}, курс {trip}, адрес №{stop}", "en": "{van} trip {trip}, stop #{stop}"},
    "summary.margins": {"bg": "Най-малък резерв", "en": "Tightest margin"},
    "summary.margins_value": {
        "bg": "храна {hold}, прозорец {window}; под {hold_min} / {window_min} мин: "
        "{hold_stops} / {window_stops} адреса",
        "en": "food {hold}, window {window}; under {hold_min} / {window_min} min: {hold_stops} / {window_stops} stops",
    },
    "summary.check": {"bg": "Нарушения (независима проверка)", "en": "Violations (independent check)"},
    "summary.problems": {"bg": "Входни проблеми (грешки / предупреждения)", "en": "Input problems (errors / warnings)"},
    "summary.time": {
        "bg": "Маршрутизация / план (summary.json) / записване",
        "en": "Routing / plan (summary.json) / writing",
    },
    "summary.open": {"bg": "Отворете", "en": "Open"},
    "plan.replaced": {
        "bg": "Внимание: {folder} вече имаше маршрутни листове и е заменен; старият план е в {kept}. "
        "Раздавайте листовете на публикувания план.",
        "en": "Note: {folder} already had route sheets and was replaced; the old plan is in {kept}. "
        "Hand out the sheets of the published plan.",
    },
    "plan.replaced_draft": {
        "bg": "Внимание: {folder} вече имаше маршрутни листове и е заменен с тази чернова; предишният план е в "
        "{kept}. Черновата не се раздава: публикувайте я (mealplan publish {date} --run {run}) или върнете "
        "предишния (mealplan publish {date} --run {previous}).",
        "en": "Note: {folder} already had route sheets and was replaced by this draft; the earlier plan is in "
        "{kept}. A draft is not handed out: publish it (mealplan publish {date} --run {run}) or put the earlier "
        "one back (mealplan publish {date} --run {previous}).",
    },
    "unit.min": {"bg": "мин", "en": "min"},
    # ---- hints
    "hint.no_coordinates": {
        "bg": "впишете координатите на входа в geocode_corrections.csv или в регистъра (lat, lon); "
        "с карта mealplan geocode предлага ги сам",
        "en": "enter the door's coordinates in geocode_corrections.csv or in the register (lat, lon); "
        "with a map, mealplan geocode suggests them",
    },
    "hint.diet_not_cooked": {
        "bg": "добавете диетата към колоната diets на някоя кухня",
        "en": "add the diet to some kitchen's diets column",
    },
    "hint.kitchen_capacity": {
        "bg": "нужни са още {portions} порции капацитет",
        "en": "needs {portions} more portions of kitchen capacity",
    },
    "hint.no_vans": {"bg": "добавете бус към кухня {kitchen}", "en": "add a van to kitchen {kitchen}"},
    "hint.order_exceeds_van": {
        "bg": "{portions} порции, най-големият бус побира {capacity}",
        "en": "{portions} portions, the largest van holds {capacity}",
    },
    "hint.too_far_for_hold_limit": {
        "bg": "пътят е {ride} мин, а лимитът е {limit} мин",
        "en": "the drive takes {ride} min, the limit is {limit} min",
    },
    "hint.window_unreachable": {
        "bg": "най-ранно пристигане {earliest}, прозорецът свършва {window_end}",
        "en": "earliest possible arrival {earliest}, window ends {window_end}",
    },
    "hint.shift_too_short": {
        "bg": "връщане най-рано в {back}, смяната свършва {shift_end}",
        "en": "back at the earliest at {back}, the shift ends {shift_end}",
    },
    "hint.fleet_capacity": {
        "bg": "нужни са около {vans} буса повече в кухня {kitchen}",
        "en": "needs about {vans} more vans at kitchen {kitchen}",
    },
    "hint.solver_time_limit": {
        "bg": "пуснете плана отново с повече време за търсене (--time-limit) или добавете бус",
        "en": "run the plan again with more search time (--time-limit) or add a van",
    },
    "hint.off_road": {
        "bg": "{distance} м до най-близкия път (лимит {limit} м): проверете координатите или увеличете max_snap_m",
        "en": "{distance} m to the nearest road (limit {limit} m): check the coordinates or raise max_snap_m",
    },
    "hint.no_road_link": {
        "bg": "проверете координатите; ако са верни, картата е изрязана твърде тясно или пътят липсва в OSM",
        "en": "check the coordinates; if they are right, the map is clipped too tightly or the road is missing in OSM",
    },
    "door_outcome.delivered": {"bg": "доставено", "en": "delivered"},
    "door_outcome.not_home": {"bg": "не отваря / няма никой", "en": "not at home / no answer"},
    "door_outcome.refused": {"bg": "отказа", "en": "refused"},
    "door_outcome.hospital": {"bg": "в болница", "en": "in hospital"},
    "door_outcome.deceased": {"bg": "починал(а)", "en": "deceased"},
    "door_outcome.other": {"bg": "друго", "en": "other"},
    "door_outcome.done": {"bg": "извършено", "en": "done"},
    "door_outcome.partly": {"bg": "отчасти", "en": "partly done"},
    "wellness_step.call_client": {"bg": "обадете се на клиента", "en": "call the client"},
    "wellness_step.call_contact": {"bg": "обадете се на лицето за контакт", "en": "call the emergency contact"},
    "wellness_step.find_contact": {
        "bg": "няма лице за контакт: потърсете близки или съседи",
        "en": "no emergency contact: find a relative or a neighbour",
    },
    "wellness_step.office_visit": {"bg": "посещение у дома от службата днес", "en": "a home visit by the office today"},
    "wellness_step.emergency_112": {
        "bg": "ако никой не отговаря: 112",
        "en": "if no one answers: emergency services (112)",
    },
    "wellness_step.social_worker_visit": {
        "bg": "социален работник да посети клиента",
        "en": "a social worker to visit the client",
    },
    "outcome_problem.unknown_client": {
        "bg": "{file}, ред {row}, колона {column}: „{value}“ не е в публикувания план за деня",
        "en": "{file}, row {row}, column {column}: '{value}' is not on the day's published plan",
    },
    "outcome_problem.not_on_van": {
        "bg": "{file}, ред {row}, колона {column}: „{value}“, а по плана е {expected}",
        "en": "{file}, row {row}, column {column}: '{value}', but the plan has {expected}",
    },
    "outcome_problem.duplicate": {
        "bg": "{file}, ред {row}, колона {column}: „{value}“ вече има резултат на {expected}",
        "en": "{file}, row {row}, column {column}: '{value}' already has an outcome at {expected}",
    },
    "outcome_problem.bad_outcome": {
        "bg": "{file}, ред {row}, колона {column}: „{value}“ не е резултат (доставено, не отваря, отказ, "
        "болница, починал, друго)",
        "en": "{file}, row {row}, column {column}: '{value}' is not an outcome (delivered, not_home, refused, "
        "hospital, deceased, other)",
    },
    "outcome_problem.bad_trip": {
        "bg": "{file}, ред {row}, колона {column}: „{value}“ не е номер на курс",
        "en": "{file}, row {row}, column {column}: '{value}' is not a trip number",
    },
    "outcomes.rejected": {
        "bg": "Нищо не е записано: {count} проблема в резултатите. Поправете ги и пуснете командата пак.",
        "en": "Nothing recorded: {count} problems in the outcomes. Fix them and run the command again.",
    },
    "outcomes.done": {
        "bg": "{date}: записани {recorded} резултата ({unchanged} вече бяха записани); без резултат: {missing} "
        "от {stops} спирки.",
        "en": "{date}: {recorded} outcomes recorded ({unchanged} were recorded already); without an outcome: "
        "{missing} of {stops} stops.",
    },
    "outcomes.escalations": {
        "bg": "ПРОВЕРКИ НА СИГУРНОСТТА: {count} клиента не отвориха или отказаха пак — {path}",
        "en": "WELLNESS CHECKS: {count} clients did not answer or refused again — {path}",
    },
    "outcomes.proposals": {
        "bg": "Предложения за регистъра (пауза, закриване): {count}; приемат се от координатора.",
        "en": "Register proposals (pause, close): {count}; the coordinator accepts them.",
    },
    "error.not_planned": {
        "bg": "{date}: няма публикуван план за тази дата; резултатите се записват към публикувания план",
        "en": "{date}: there is no published plan for this date; outcomes are recorded against the published plan",
    },
    "proposal.pause": {"bg": "пауза от", "en": "pause from"},
    "proposal.close": {"bg": "закриване от", "en": "close from"},
    "proposals.open": {"bg": "Отворени предложения за регистъра: {count}", "en": "Open register proposals: {count}"},
    "proposals.accepted": {
        "bg": "Предложение {id}: прието; важи от следващия план.",
        "en": "Proposal {id}: accepted; it applies from the next plan.",
    },
    "proposals.rejected": {"bg": "Предложение {id}: отхвърлено.", "en": "Proposal {id}: rejected."},
    "proposals.unknown": {
        "bg": "Предложение {id}: няма такова отворено предложение.",
        "en": "Proposal {id}: there is no such open proposal.",
    },
    "error.bad_tariff": {
        "bg": "{file}, ред {row}, колона {column}: „{value}“ — очаква се цена (число ≥ 0), всеки клиент веднъж",
        "en": "{file}, row {row}, column {column}: '{value}' — a price (a number ≥ 0) is expected, each client once",
    },
    "error.bad_month": {
        "bg": "„{value}“ не е месец; пишете ГГГГ-ММ, напр. 2026-12",
        "en": "'{value}' is not a month; write YYYY-MM, e.g. 2026-12",
    },
    "report.done": {
        "bg": "Отчет за {month}: {clients} клиента, {planned} планирани обяда, {delivered} доставени, {visits} "
        "посещения — {path}",
        "en": "Report for {month}: {clients} clients, {planned} meals planned, {delivered} delivered, {visits} "
        "visits made — {path}",
    },
    "report.sheet.summary": {"bg": "Обобщение", "en": "Summary"},
    "report.sheet.kitchens": {"bg": "Кухни", "en": "Kitchens"},
    "report.sheet.diets": {"bg": "Диети", "en": "Diets"},
    "report.title": {"bg": "Отчет за {month}", "en": "Report for {month}"},
    "report.col.key": {"bg": "Номер", "en": "Id"},
    "report.col.office": {"bg": "Служба", "en": "Office"},
    "report.col.kitchen": {"bg": "Кухня", "en": "Kitchen"},
    "report.col.name": {"bg": "Име", "en": "Name"},
    "report.col.diet": {"bg": "Диета", "en": "Diet"},
    "report.col.meals_planned": {"bg": "Планирани обяди", "en": "Meals planned"},
    "report.col.meals_delivered": {"bg": "Доставени", "en": "Delivered"},
    "report.col.meals_not_home": {"bg": "Не отваря", "en": "Not at home"},
    "report.col.meals_refused": {"bg": "Отказ", "en": "Refused"},
    "report.col.meals_hospital": {"bg": "Болница", "en": "Hospital"},
    "report.col.meals_deceased": {"bg": "Починал", "en": "Deceased"},
    "report.col.meals_other": {"bg": "Друго", "en": "Other"},
    "report.col.meals_no_outcome": {"bg": "Без резултат", "en": "No outcome"},
    "report.col.portions_delivered": {"bg": "Доставени порции", "en": "Portions delivered"},
    "report.col.portions_planned": {"bg": "Планирани порции", "en": "Portions planned"},
    "report.col.visits_planned": {"bg": "Планирани посещения", "en": "Visits planned"},
    "report.col.visits_made": {"bg": "Извършени посещения", "en": "Visits made"},
    "report.col.visits_not_made": {"bg": "Неизвършени", "en": "Not made"},
    "report.col.visits_no_outcome": {"bg": "Посещения без резултат", "en": "Visits without outcome"},
    "report.col.amount_meals": {"bg": "Сума обяди, лв.", "en": "Meals amount"},
    "report.col.amount_visits": {"bg": "Сума посещения, лв.", "en": "Visits amount"},
    "report.col.amount": {"bg": "Общо, лв.", "en": "Total amount"},
    "report.total": {"bg": "Общо", "en": "Total"},
    "serve.password_set": {
        "bg": "Паролата на службата е записана (като хеш) в историята.",
        "en": "The office password is set (kept as a hash in the history).",
    },
    "serve.listening": {"bg": "Сървърът слуша на {url} (Ctrl+C спира)", "en": "Serving on {url} (Ctrl+C stops)"},
    "index.open_checks": {"bg": "Отворени проверки на сигурността: {count}", "en": "Open wellness checks: {count}"},
    "index.open_checks_note": {
        "bg": "Клиенти, които не отвориха или отказаха пак, а службата още не е затворила проверката "
        "(mealplan serve, /office).",
        "en": "Clients who did not answer or refused again, whose check the office has not closed yet "
        "(mealplan serve, /office).",
    },
    "index.check_what": {"bg": "Какво се случи", "en": "What happened"},
    "index.check_since": {"bg": "От", "en": "Since"},
    "index.check_in_a_row": {"bg": "Поред", "en": "In a row"},
    "serve.unknown_link": {"bg": "Няма такъв курс", "en": "There is no such trip"},
    "serve.revoked_link": {"bg": "Връзката е спряна от службата", "en": "The office has revoked this link"},
    "serve.expired_link": {"bg": "Връзката е изтекла: денят мина", "en": "This link has expired: its day is over"},
    "serve.not_on_trip": {"bg": "Този клиент не е във вашия курс", "en": "This client is not on your trip"},
    "serve.ask_office": {"bg": "Обадете се в службата за нова връзка.", "en": "Call the office for a new link."},
    "serve.login": {"bg": "Вход за службата", "en": "Office sign-in"},
    "serve.your_name": {"bg": "Вашето име", "en": "Your name"},
    "serve.password": {"bg": "Парола", "en": "Password"},
    "serve.sign_in": {"bg": "Вход", "en": "Sign in"},
    "serve.sign_out": {"bg": "Изход", "en": "Sign out"},
    "serve.too_many_tries": {
        "bg": "Твърде много грешни опити: опитайте пак след 15 минути",
        "en": "Too many wrong tries: try again in 15 minutes",
    },
    "serve.wrong_password": {"bg": "Грешно име или парола", "en": "Wrong name or password"},
    "serve.trip": {"bg": "курс", "en": "trip"},
    "serve.stops": {"bg": "{count} спирки", "en": "{count} stops"},
    "serve.answered": {"bg": "отбелязани", "en": "answered"},
    "serve.call": {"bg": "Обади се", "en": "Call"},
    "serve.go": {"bg": "Карта", "en": "Navigate"},
    "serve.minutes": {"bg": "Минути при клиента", "en": "Minutes with the client"},
    "serve.saved": {"bg": "записано в службата", "en": "saved at the office"},
    "serve.pending": {"bg": "чака връзка", "en": "waiting for a connection"},
    "serve.offline": {
        "bg": "Няма връзка: отбелязванията се пазят в телефона и ще се изпратят сами",
        "en": "No connection: taps are kept on the phone and will be sent by themselves",
    },
    "serve.back_online": {"bg": "Връзката е възстановена", "en": "Back online"},
    "serve.rejected": {"bg": "НЕ е прието – обадете се в службата", "en": "NOT accepted – call the office"},
    "serve.note_prompt": {"bg": "Какво се случи?", "en": "What happened?"},
    "serve.office": {"bg": "Служба: проверки и предложения", "en": "Office: checks and proposals"},
    "serve.open_checks": {"bg": "Отворени проверки ({count})", "en": "Open wellness checks ({count})"},
    "serve.no_checks": {"bg": "Няма отворени проверки.", "en": "No open checks."},
    "serve.in_a_row": {"bg": "{count} пъти поред", "en": "{count} times in a row"},
    "serve.closed_how": {"bg": "Какво направихте? (напр. дъщеря ѝ: в болница)", "en": "What did you do?"},
    "serve.close_check": {"bg": "Затвори", "en": "Close"},
    "serve.open_proposals": {"bg": "Предложения за регистъра ({count})", "en": "Register proposals ({count})"},
    "serve.accept": {"bg": "Приеми", "en": "Accept"},
    "serve.reject": {"bg": "Отхвърли", "en": "Reject"},
    "serve.links": {"bg": "Връзки на курсовете за {date}", "en": "Trip links for {date}"},
    "serve.no_links": {"bg": "Няма отпечатани връзки за днес.", "en": "No links printed for today."},
    "serve.revoke": {"bg": "Спри връзката", "en": "Revoke"},
    "hint.solver_failed": {
        "bg": "вижте съобщението за грешка в summary.json",
        "en": "see the error message in summary.json",
    },
}


def tr(key: str, lang: str = DEFAULT_LANG, **fields: object) -> str:
    """The text for ``key`` in ``lang`` (falling back to Bulgarian), formatted with ``fields``.

    Always formatted: a placeholder without its field is a KeyError, never printed as "{diet}".
    """
    entry = MESSAGES[key]
    template = entry.get(lang) or entry[DEFAULT_LANG]
    return template.format(**fields)
