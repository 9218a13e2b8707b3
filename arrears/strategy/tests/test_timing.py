"""Call timing: the working-day calendar, the contact-rate model and the clipped windows."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from arrears.strategy.timing import (
    CN_CALENDAR,
    DEFAULT_WINDOWS,
    CalendarError,
    ContactWindow,
    TimingConfig,
    best_windows,
    fit_contact_rates,
    heat_map,
    holiday_name,
    is_working_day,
    load_years,
    prior_cells,
)

FLAT = TimingConfig(base_rate=0.2, prior_strength=10.0, hour_factors=(1.0,) * 24, weekday_factors=(1.0,) * 7)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def debtors(*rows: dict) -> pl.DataFrame:
    base = {"segment": "retail", "time_zone": "Asia/Shanghai", "income_day": None, "profile": "CN"}
    return pl.DataFrame(
        [{**base, "debtor_id": i + 1, **row} for i, row in enumerate(rows)],
        schema={
            "debtor_id": pl.Int64,
            "segment": pl.String,
            "time_zone": pl.String,
            "income_day": pl.Int64,
            "profile": pl.String,
        },
    )


def history(rows: list[tuple[str, datetime, bool]], **extra: list) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "debtor_id": list(range(len(rows))),
            "segment": [r[0] for r in rows],
            "at": [r[1] for r in rows],
            "connected": [r[2] for r in rows],
            **extra,
        },
        schema_overrides={"at": pl.Datetime("us")},
    )


def local_hours(windows: pl.DataFrame, zone: str = "Asia/Shanghai") -> list[int]:
    return [w.astimezone(ZoneInfo(zone)).hour for w in windows.sort("rank")["window_start"]]


# -- calendar ---------------------------------------------------------------------------


def test_a_shifted_sunday_before_spring_festival_is_a_working_day() -> None:
    assert is_working_day(date(2025, 1, 26))
    assert holiday_name(date(2025, 1, 26)) is None


def test_national_day_week_is_not_working_and_is_named() -> None:
    assert not is_working_day(date(2025, 10, 3))
    assert holiday_name(date(2025, 10, 3)) == "National Day and Mid-Autumn (国庆节、中秋节)"
    assert is_working_day(date(2025, 10, 11))  # the shifted Saturday after it
    assert is_working_day(date(2025, 10, 9))


def test_an_ordinary_saturday_is_not_a_working_day_and_not_a_holiday() -> None:
    assert not is_working_day(date(2025, 3, 8))
    assert holiday_name(date(2025, 3, 8)) is None
    assert is_working_day(date(2025, 3, 10))


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 1), False),
        (date(2025, 2, 8), True),
        (date(2025, 4, 27), True),
        (date(2025, 5, 5), False),
        (date(2025, 6, 2), False),
        (date(2025, 9, 28), True),
        (date(2026, 1, 4), True),
        (date(2026, 2, 23), False),
        (date(2026, 2, 28), True),
        (date(2026, 6, 19), False),
        (date(2026, 9, 20), True),
        (date(2026, 10, 7), False),
        (date(2026, 10, 10), True),
    ],
)
def test_the_notices_dates(day: date, working: bool) -> None:
    assert is_working_day(day) is working


def test_a_year_without_data_is_refused_rather_than_guessed() -> None:
    with pytest.raises(CalendarError, match="2027"):
        is_working_day(date(2027, 1, 1))


def test_extra_years_load_from_plain_data() -> None:
    data = {2099: {"holidays": [("Test Day", "2099-03-02", "2099-03-03")], "workdays": ["2099-03-07"]}}
    calendar = load_years(data, CN_CALENDAR)
    assert calendar.holiday_name(date(2099, 3, 3)) == "Test Day"
    assert calendar.is_working_day(date(2099, 3, 7))  # a Saturday
    assert calendar.is_working_day(date(2025, 1, 26))  # the base years stay
    with pytest.raises(CalendarError, match="already loaded"):
        calendar.with_years(data)
    with pytest.raises(CalendarError, match="not a Saturday or Sunday"):
        load_years({2099: {"workdays": ["2099-03-02"]}})


# -- the model --------------------------------------------------------------------------


def test_the_posterior_is_the_beta_binomial_mean_on_literal_data() -> None:
    monday_9 = datetime(2025, 3, 10, 9, 5)
    rows = [("retail", monday_9, i < 3) for i in range(10)]
    cells = fit_contact_rates(history(rows), FLAT).cells
    cell = cells.filter((pl.col("weekday") == 1) & (pl.col("hour") == 9)).row(0, named=True)
    # alpha = 0.2 * 10 = 2, beta = 8: (2 + 3) / (2 + 8 + 10).
    assert (cell["alpha"], cell["beta"], cell["attempts"], cell["connected"]) == (2.0, 8.0, 10, 3)
    assert cell["rate"] == pytest.approx(0.25)
    untouched = cells.filter((pl.col("weekday") == 1) & (pl.col("hour") == 10)).row(0, named=True)
    assert untouched["rate"] == pytest.approx(0.2)


def test_an_aware_history_is_binned_in_each_attempts_own_zone() -> None:
    at = datetime(2025, 3, 10, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai, 01:30 in London
    frame = history(
        [("a", at, True), ("a", at, False)], time_zone=["Asia/Shanghai", "Europe/London"]
    ).with_columns(pl.col("at").dt.replace_time_zone("UTC"))
    seen = fit_contact_rates(frame, FLAT).cells.filter(pl.col("attempts") > 0)
    assert seen.select("weekday", "hour", "connected").rows() == [(1, 1, 0), (1, 9, 1)]


def test_without_data_the_priors_order_hours_and_days_as_the_heuristics_say() -> None:
    prior = {
        (w, h): m for w, h, m in prior_cells(TimingConfig()).select("weekday", "hour", "prior_mean").rows()
    }
    tuesday = {h: prior[(2, h)] for h in range(24)}
    assert max(tuesday, key=tuesday.__getitem__) == 9  # the first 15 minutes of the day
    assert tuesday[10] > tuesday[14]  # mornings before afternoons
    assert tuesday[12] < tuesday[11] and tuesday[13] < tuesday[14]  # avoid lunch
    for better in (2, 4, 5):
        for worse in (1, 3):
            assert prior[(better, 10)] > prior[(worse, 10)]
    # And the windows follow: a Tuesday (2025-03-11) in Shanghai starts at 9, never lunch.
    windows = best_windows(debtors({}), date(2025, 3, 10), k=5)
    assert local_hours(windows) == [9, 8, 10, 11, 14]


def test_plenty_of_data_overrides_the_priors() -> None:
    tuesday = date(2025, 3, 11)
    rows = [("night-shift", datetime.combine(tuesday, time(14, 10)), i % 10 < 6) for i in range(1000)]
    rows += [("night-shift", datetime.combine(tuesday, time(9, 10)), i % 10 < 1) for i in range(1000)]
    model = fit_contact_rates(history(rows))
    windows = best_windows(
        debtors({"segment": "night-shift"}, {"segment": "retail"}), date(2025, 3, 17), model, k=1
    )
    night, retail = windows.sort("debtor_id").rows(named=True)
    assert night["window_start"].astimezone(SHANGHAI).hour == 14
    assert night["expected_contact_rate"] == pytest.approx(0.6, abs=0.01)
    assert retail["window_start"].astimezone(SHANGHAI).hour == 9  # an unseen segment keeps the prior


def test_the_three_days_before_the_income_day_are_boosted() -> None:
    # Windows for Wednesday 2025-03-12: income on the 14th is 2 days away, the 12th is
    # the income day itself (not "before"), the 20th is too far off.
    frame = debtors({"income_day": 14}, {"income_day": 12}, {"income_day": 20}, {"income_day": 15})
    rates = dict(
        best_windows(frame, date(2025, 3, 11), k=1).select("debtor_id", "expected_contact_rate").rows()
    )
    config = TimingConfig()
    assert rates[1] == pytest.approx(rates[3] * config.income_boost)
    assert rates[2] == pytest.approx(rates[3])
    assert rates[4] == pytest.approx(rates[1])  # three days before is still inside


def test_an_income_day_past_the_months_end_falls_on_its_last_day() -> None:
    # Windows for 2025-04-28; income day 31 is paid on 30 April, 2 days later.
    frame = debtors({"income_day": 31}, {"income_day": 20})
    rates = dict(
        best_windows(frame, date(2025, 4, 27), k=1).select("debtor_id", "expected_contact_rate").rows()
    )
    assert rates[1] == pytest.approx(rates[2] * TimingConfig().income_boost)


def test_outcomes_can_overrule_the_income_boost() -> None:
    # Plenty of attempts in the days before payday that connect less than the others.
    # 12 March is 2 days before income day 14 (10% connect); 5 March is not (30%).
    rows = [("salaried", datetime(2025, 3, 12, 10), i % 10 < 1) for i in range(1000)]
    rows += [("salaried", datetime(2025, 3, 5, 10), i % 10 < 3) for i in range(1000)]
    model = fit_contact_rates(history(rows, income_day=[14] * len(rows)))
    income = model.income.row(0, named=True)
    assert (income["attempts_pre"], income["connected_pre"]) == (1000, 100)
    assert (income["attempts_other"], income["connected_other"]) == (1000, 300)
    assert income["lift"] < 0.5


def test_the_heat_map_counts_attempts_per_weekday_and_hour() -> None:
    rows = [("a", datetime(2025, 3, 11, 10, m), m < 20) for m in range(0, 60, 10)]
    grid = heat_map(history(rows), FLAT)
    assert grid.height == 7 * 24
    cell = grid.filter((pl.col("weekday") == 2) & (pl.col("hour") == 10)).row(0, named=True)
    assert (cell["attempts"], cell["connected"], cell["observed_rate"]) == (6, 2, pytest.approx(1 / 3))
    assert cell["posterior_rate"] == pytest.approx((2 + 2) / (10 + 6))
    assert grid.filter(pl.col("attempts") == 0)["observed_rate"].null_count() == 7 * 24 - 1


# -- windows and the legal clip ---------------------------------------------------------


def test_global_strict_has_no_windows_on_sundays_or_public_holidays() -> None:
    frame = debtors({"profile": "GLOBAL-STRICT"}, {"profile": None}, {"profile": "CN"})
    for run_date in (date(2025, 3, 15), date(2025, 10, 2), date(2025, 1, 25)):
        # Sunday 16 March; Friday 3 October (National Day); Sunday 26 January, a shifted
        # working day in China but still a Sunday.
        ids = set(best_windows(frame, run_date)["debtor_id"])
        assert ids == {3}
    assert set(best_windows(frame, date(2025, 3, 14))["debtor_id"]) == {1, 2, 3}  # a Saturday


def test_global_strict_refuses_a_year_the_calendar_does_not_hold() -> None:
    with pytest.raises(CalendarError):
        best_windows(debtors({"profile": "GLOBAL-STRICT"}), date(2027, 3, 1))
    assert best_windows(debtors({"profile": "CN"}), date(2027, 3, 1)).height == 3


def test_windows_are_clipped_to_the_profile_window() -> None:
    windows = {"X": ContactWindow(start=time(8, 50), end=time(12, 40), default_zone="Asia/Shanghai")}
    result = best_windows(
        debtors({"profile": "X", "time_zone": None}), date(2025, 3, 10), windows=windows, k=10
    )
    spans = sorted(
        (s.astimezone(SHANGHAI).time(), e.astimezone(SHANGHAI).time())
        for s, e in result.select("window_start", "window_end").rows()
    )
    # 08:50-09:00 is shorter than min_window_minutes and is not offered.
    assert spans == [
        (time(9), time(10)),
        (time(10), time(11)),
        (time(11), time(12)),
        (time(12), time(12, 40)),
    ]


def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ValueError, match="MARS"):
        best_windows(debtors({"profile": "MARS"}), date(2025, 3, 10))


def test_a_us_debtor_gets_windows_on_the_spring_forward_day() -> None:
    result = best_windows(debtors({"profile": "US", "time_zone": "America/New_York"}), date(2026, 3, 7), k=20)
    # 08:00-21:00 EDT on Sunday 8 March 2026 = 12:00-01:00 UTC: 13 one-hour windows.
    assert result.height == 13
    assert min(result["window_start"]) == datetime(2026, 3, 8, 12, tzinfo=UTC)


# The property: whatever the zone, day and profile window, every instant of every window
# is inside the window on the local wall clock, on the local day after the run date, on an
# open weekday and (where the profile says so) not a public holiday.
ZONES = [
    "America/New_York",
    "Europe/London",
    "Europe/Dublin",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Australia/Sydney",
    "America/Santiago",
    "America/St_Johns",
    "Pacific/Chatham",
    "America/Sao_Paulo",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "UTC",
]
minutes = st.integers(min_value=0, max_value=23 * 60 + 59)


@st.composite
def cases(draw: st.DrawFn) -> tuple[pl.DataFrame, date, ContactWindow]:
    start, end = sorted(draw(st.lists(minutes, min_size=2, max_size=2, unique=True)))
    closed = draw(st.booleans())
    window = ContactWindow(
        start=time(start // 60, start % 60),
        end=time(end // 60, end % 60),
        weekdays=tuple(sorted(draw(st.sets(st.integers(1, 7), min_size=1)))),
        closed_on_holidays=closed,
        default_zone=draw(st.sampled_from(ZONES)),
    )
    # The calendar holds 2025 and 2026; a window that ignores holidays takes any day.
    low, high = (date(2024, 12, 31), date(2026, 12, 30)) if closed else (date(1990, 1, 1), date(2060, 1, 1))
    run_date = draw(st.dates(low, high))
    rows = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "segment": st.sampled_from(["a", "b"]),
                    "time_zone": st.one_of(st.none(), st.sampled_from(ZONES)),
                    "income_day": st.one_of(st.none(), st.integers(1, 31)),
                    "profile": st.just("P"),
                }
            ),
            min_size=1,
            max_size=4,
        )
    )
    return debtors(*rows), run_date, window


@settings(max_examples=300, deadline=None)
@given(cases(), st.integers(1, 30))
def test_windows_never_fall_outside_the_allowed_window(
    case: tuple[pl.DataFrame, date, ContactWindow], k: int
) -> None:
    frame, run_date, window = case
    result = best_windows(frame, run_date, windows={"P": window}, k=k)
    day = run_date + timedelta(days=1)
    zone_of = {row["debtor_id"]: row["time_zone"] or window.default_zone for row in frame.rows(named=True)}
    assert result.schema["window_start"] == pl.Datetime("us", "UTC")
    if not window.is_open(day, CN_CALENDAR):
        assert result.is_empty()
    for debtor_id, group in result.group_by("debtor_id"):
        assert sorted(group["rank"]) == list(range(1, group.height + 1))
        assert group.height <= k
        zone = ZoneInfo(zone_of[debtor_id[0]])
        for start, end in group.select("window_start", "window_end").rows():
            assert start < end
            instants = [start + timedelta(minutes=m) for m in range(int((end - start).total_seconds() // 60))]
            for instant in [*instants, end - timedelta(microseconds=1)]:
                local = instant.astimezone(zone)
                assert local.date() == day
                assert window.start <= local.time() < window.end
                assert local.isoweekday() in window.weekdays
                if window.closed_on_holidays:
                    assert CN_CALENDAR.holiday_name(day) is None


def test_the_default_windows_are_the_gates_profiles() -> None:
    strict = DEFAULT_WINDOWS["GLOBAL-STRICT"]
    assert (strict.start, strict.end, strict.weekdays, strict.closed_on_holidays) == (
        time(9),
        time(20),
        (1, 2, 3, 4, 5, 6),
        True,
    )
    assert not DEFAULT_WINDOWS["CN"].closed_on_holidays
    assert DEFAULT_WINDOWS["CN"].end == time(22)
