"""A city's dashboard: client lists longer than a page holds are split into a page per office.

The bound is lowered to 1 here so a 150-client night is a city; the pages must still account
for every unserved and every changed client, each on their own office's page, marked like the
night (draft or published)."""

from __future__ import annotations

import re

import mealplan.io.writers.night_folder as night_folder
from tests.helpers import copy_data, read_rows
from tests.history.test_history_cli import TUE, WED, plan


def test_a_city_index_links_each_office_to_a_page_of_its_own_clients(small_dir, tmp_path, monkeypatch):
    data = copy_data(small_dir, tmp_path / "data")
    db = f"sqlite:///{tmp_path / 'history.sqlite'}"
    monkeypatch.setattr(night_folder, "INDEX_CLIENT_ROWS_MAX", 1)
    assert plan(data, tmp_path / "out", TUE, db).exit_code == 0
    wed = plan(data, tmp_path / "out", WED, db, "--draft")
    assert wed.exit_code == 0, wed.output
    night = tmp_path / "out" / WED
    unserved = read_rows(night / "unserved.csv")
    changes = read_rows(night / "changes.csv")
    assert len(unserved) > 1 and len(changes) > 1

    index = (night / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'href="offices/([^"]+)\.html"', index)
    assert linked and "change-" not in index  # no client's row on the index, links instead
    assert not any(u["client_id"] in index for u in unserved)

    offices = {o["office_id"]: o["name"] for o in read_rows(data / "offices.csv")}
    clients = {c["client_id"]: c.get("office_id", "") for c in read_rows(data / "clients.csv")}
    on_pages: dict[str, set[str]] = {"unserved": set(), "changes": set()}
    for stem in set(linked):
        page = (night / "offices" / f"{stem}.html").read_text(encoding="utf-8")
        assert "DRAFT" in page and 'href="../index.html"' in page
        office_id = next(o for o, name in offices.items() if name in page)
        for row in unserved:
            if f"<td>{row['client_id']}</td>" in page:
                assert clients[row["client_id"]] == office_id
                on_pages["unserved"].add(row["client_id"])
        for row in changes:
            if f"<td>{row['client_id']}</td>" in page:
                assert clients[row["client_id"]] == office_id
                on_pages["changes"].add(row["client_id"])
    assert on_pages["unserved"] == {u["client_id"] for u in unserved}
    assert on_pages["changes"] == {c["client_id"] for c in changes}


def test_a_night_within_the_bound_lists_its_clients_on_the_index_and_writes_no_office_pages(small_dir, tmp_path):
    data = copy_data(small_dir, tmp_path / "data")
    db = f"sqlite:///{tmp_path / 'history.sqlite'}"
    assert plan(data, tmp_path / "out", TUE, db).exit_code == 0
    index = (tmp_path / "out" / TUE / "index.html").read_text(encoding="utf-8")
    assert "offices/" not in index and not (tmp_path / "out" / TUE / "offices").exists()
