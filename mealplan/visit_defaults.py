"""The service catalogue a data folder gets when it has no services.csv of its own.

Every service the Sofia patronage lists (shared/research/home-visits-and-belarus.md §1). The
source gives no durations, skills or staffing: the figures below are assumptions of ours, to be
replaced by the office's own services.csv; docs/visits.md says so.
"""

from __future__ import annotations

from mealplan.visit_models import Service

DEFAULT_SERVICES: tuple[Service, ...] = (
    Service(code="cleaning", name_bg="Почистване на дома", name_en="Cleaning the home", duration_min=90,
            skill="home", bring="ръкавици, препарати на клиента"),
    Service(code="hygiene", name_bg="Помощ за лична хигиена", name_en="Help with personal hygiene", duration_min=45,
            skill="care", bring="ръкавици, престилка"),
    Service(code="bathing", name_bg="Къпане на трудноподвижен (двама)", name_en="Bathing, two workers",
            duration_min=60, skill="care", workers=2, bring="ръкавици, престилка"),
    Service(code="shopping", name_bg="Пазаруване", name_en="Shopping", duration_min=60, skill="errands",
            bring="списък, парите на клиента, разписка"),
    Service(code="bills", name_bg="Плащане на сметки", name_en="Paying bills", duration_min=45, skill="errands",
            bring="сметките, парите на клиента, разписка"),
    Service(code="medicines", name_bg="Купуване на лекарства", name_en="Buying medicines", duration_min=45,
            skill="errands", bring="рецептурната книжка, парите на клиента"),
    Service(code="aids", name_bg="Помощни средства", name_en="Assistive devices", duration_min=60,
            skill="errands", bring="документите на клиента"),
    Service(code="doctor", name_bg="Придружаване до лекар", name_en="Escort to a doctor", duration_min=120,
            skill="escort", escort=True, bring="здравната книжка, направлението"),
    Service(code="telk", name_bg="Документи и явяване пред ТЕЛК", name_en="Disability commission (TELK)",
            duration_min=120, skill="escort", escort=True, bring="медицинските документи, личната карта"),
    Service(code="social_rehab", name_bg="Социална рехабилитация", name_en="Social rehabilitation",
            duration_min=60, skill="rehab"),
    Service(code="medical_rehab", name_bg="Медицинска рехабилитация", name_en="Medical rehabilitation",
            duration_min=45, skill="physio"),
    Service(code="first_aid", name_bg="Долекарска помощ", name_en="First aid", duration_min=30,
            skill="first_aid", bring="аптечка"),
    Service(code="psych", name_bg="Психологическа подкрепа", name_en="Psychological support", duration_min=60,
            skill="psych"),
    Service(code="legal", name_bg="Правна консултация", name_en="Legal advice", duration_min=45, skill="legal"),
    Service(code="inquiry", name_bg="Социална анкета", name_en="Social inquiry at home", duration_min=60,
            skill="social"),
)  # fmt: skip
