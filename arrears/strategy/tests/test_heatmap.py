"""The contact-rate heat map from the calls in the evidence trail."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from arrears.strategy.heatmap import contact_history, grid, heatmap_png, heuristics, render_png, text_table
from arrears.strategy.shell import run_nightly
from arrears.strategy.tests.world import ON, add_calls, add_debtor, build_world, local, open_case

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.django_db
def test_heat_map_from_call_events(tmp_path, capsys) -> None:
    world = build_world(collectors=1)
    debtor = add_debtor(world, 1, dpd=3)
    run_nightly(ON)
    case = open_case(debtor)
    calls = []
    for week in range(6):
        tuesday = ON - timedelta(days=6 + 7 * week)  # Tuesdays before ON
        for minute in range(0, 14, 2):  # 09:00-09:12: mostly answered
            calls.append((local(tuesday, 9, minute), minute != 0))
        for minute in range(0, 50, 10):  # 12:00-12:40: never answered
            calls.append((local(tuesday, 12, minute), False))
    add_calls(case, calls)
    now = datetime.combine(ON, datetime.min.time(), ZoneInfo("UTC"))
    history = contact_history(90, now)
    assert history.height == len(calls) == 72
    cells = grid(history)
    assert cells.height == 7 * 24
    nine = cells.filter((cells["weekday"] == 2) & (cells["hour"] == 9)).row(0, named=True)
    assert nine["attempts"] == 42 and nine["connected"] == 36
    assert nine["observed_rate"] == pytest.approx(36 / 42)
    claims = {c.name.split(" (")[0]: c for c in heuristics(history)}
    assert claims["first 15 min of the day"].inside == (36, 42)
    assert claims["first 15 min of the day"].verdict == "supported"
    assert claims["lunch"].inside == (0, 30) and claims["lunch"].verdict == "supported"
    assert claims["Tue/Thu/Fri vs Mon/Wed"].verdict == "no data"
    table = text_table(cells)
    assert "86% (42)" in table and "Tue" in table
    assert render_png(cells, list(claims.values())).startswith(PNG)
    assert heatmap_png(90, now).startswith(PNG)

    out = tmp_path / "heat.png"
    call_command("contact_heatmap", "--out", str(out), "--days", "400")
    assert out.read_bytes().startswith(PNG)
    printed = capsys.readouterr().out
    assert "calls 72, connected 36" in printed and "lunch" in printed


@pytest.mark.django_db
def test_empty_history_still_draws() -> None:
    now = datetime(2026, 3, 2, tzinfo=ZoneInfo("UTC"))
    history = contact_history(30, now)
    assert history.height == 0
    cells = grid(history)
    assert cells.height == 168 and int(cells["attempts"].sum()) == 0
    assert all(c.verdict == "no data" for c in heuristics(history))
    assert render_png(cells, heuristics(history)).startswith(PNG)
