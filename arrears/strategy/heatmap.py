"""The contact-rate heat map: connected / attempts by local weekday and hour, from the
calls in the evidence trail, with the articles' timing heuristics tested on the data.

`contact_history(days, now)` reads the attempts; `grid(history)` is `timing.heat_map` over
one segment; `heuristics(history)` compares the three claims with Wilson intervals;
`render_png(...)` draws the figure (matplotlib, Agg) and returns PNG bytes, for the
command and, later, a web view; `text_table(...)` is the stdout version.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from arrears.strategy.champion import wilson
from arrears.strategy.timing import heat_map

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DEFAULT_ZONE = "Asia/Shanghai"
# The working day starts at 09:00 local (timing.heuristic_hour_factors' default).
WORKDAY_START_HOUR = 9
HISTORY: pl.Schema = pl.Schema(
    {  # type: ignore[arg-type]
        "debtor_id": pl.Int64,
        "segment": pl.String,
        "at": pl.Datetime("us", "UTC"),
        "time_zone": pl.String,
        "connected": pl.Boolean,
    }
)


def contact_history(days: int, now: datetime) -> pl.DataFrame:
    """Calls (Event kind "contact", channel "call") of the last `days` days before `now`:
    debtor_id, segment ("all"), at (UTC), time_zone (the debtor's), connected."""
    from arrears.activity.models import Event, Kind

    rows = (
        Event.objects.filter(
            kind=Kind.CONTACT, channel="call", at__gte=now - timedelta(days=days), at__lte=now
        )
        .values_list("case__debtor_id", "at", "case__debtor__time_zone", "connected")
        .iterator(chunk_size=5000)
    )
    data = [(d, "all", at, zone or DEFAULT_ZONE, connected) for d, at, zone, connected in rows]
    return pl.DataFrame(data, schema=HISTORY, orient="row")


def _local(history: pl.DataFrame) -> pl.DataFrame:
    """history with local weekday (1 = Mon), hour and minute, one zone at a time."""
    if not history.height:
        return history.with_columns(
            pl.lit(None, pl.Int8).alias("weekday"),
            pl.lit(None, pl.Int8).alias("hour"),
            pl.lit(None, pl.Int8).alias("minute"),
        )
    parts = []
    for (zone,), part in history.partition_by("time_zone", as_dict=True).items():
        local = pl.col("at").dt.convert_time_zone(str(zone))
        parts.append(
            part.with_columns(
                local.dt.weekday().cast(pl.Int8).alias("weekday"),
                local.dt.hour().cast(pl.Int8).alias("hour"),
                local.dt.minute().cast(pl.Int8).alias("minute"),
            )
        )
    return pl.concat(parts)


def grid(history: pl.DataFrame) -> pl.DataFrame:
    """The full 7 x 24 grid for all calls: weekday, hour, attempts, connected,
    observed_rate (null without attempts), posterior_rate (timing's Beta-Binomial)."""
    cells = heat_map(history.with_columns(pl.lit("all").alias("segment")))
    if not cells.height:
        # No attempts: the grid is still drawn, empty.
        return pl.DataFrame(
            {
                "weekday": [w for w in range(1, 8) for _ in range(24)],
                "hour": [h for _ in range(7) for h in range(24)],
            },
            schema={"weekday": pl.Int8, "hour": pl.Int8},
        ).with_columns(
            pl.lit(0, pl.Int64).alias("attempts"),
            pl.lit(0, pl.Int64).alias("connected"),
            pl.lit(None, pl.Float64).alias("observed_rate"),
            pl.lit(None, pl.Float64).alias("posterior_rate"),
        )
    return cells.drop("segment").sort("weekday", "hour")


@dataclass(frozen=True)
class Claim:
    """One heuristic: the rate inside the claimed group vs outside, with 95% intervals."""

    name: str
    inside: tuple[int, int]  # connected, attempts
    outside: tuple[int, int]
    expect_higher: bool

    def rates(self) -> tuple[tuple[float | None, float | None, float | None], ...]:
        return wilson(*self.inside), wilson(*self.outside)

    @property
    def verdict(self) -> str:
        (p_in, lo_in, hi_in), (p_out, lo_out, hi_out) = self.rates()
        if (
            p_in is None
            or p_out is None
            or lo_in is None
            or hi_in is None
            or lo_out is None
            or hi_out is None
        ):
            return "no data"
        if min(self.inside[1], self.outside[1]) < 30:
            return "too few attempts"
        higher, lower = (lo_in, hi_out) if self.expect_higher else (lo_out, hi_in)
        if higher > lower:
            return "supported"
        contra_higher, contra_lower = (lo_out, hi_in) if self.expect_higher else (lo_in, hi_out)
        if contra_higher > contra_lower:
            return "contradicted"
        return "not shown (intervals overlap)"

    def line(self) -> str:
        (p_in, lo_in, hi_in), (p_out, lo_out, hi_out) = self.rates()

        def fmt(p: float | None, lo: float | None, hi: float | None, n: int) -> str:
            if p is None or lo is None or hi is None:
                return f"-- (n={n})"
            return f"{p:.1%} [{lo:.1%}, {hi:.1%}] (n={n})"

        return (
            f"{self.name}: {fmt(p_in, lo_in, hi_in, self.inside[1])} vs "
            f"{fmt(p_out, lo_out, hi_out, self.outside[1])} -> {self.verdict}"
        )


def heuristics(history: pl.DataFrame, start_hour: int = WORKDAY_START_HOUR) -> list[Claim]:
    """The articles' three timing claims, each as inside vs outside, on weekday calls
    between 08:00 and 21:00 local (the usual window):

    * the first 15 minutes of the working day (09:00-09:14) beat the rest of the day;
    * lunch (12:00-13:59) is worse than the rest of the day;
    * Tuesday, Thursday and Friday beat Monday and Wednesday.
    """
    local = _local(history).filter(pl.col("hour").is_between(8, 20))
    weekdays = local.filter(pl.col("weekday") <= 5)

    def counts(frame: pl.DataFrame, inside: pl.Expr) -> tuple[tuple[int, int], tuple[int, int]]:
        agg = frame.group_by(inside.alias("inside")).agg(
            pl.col("connected").cast(pl.Int64).sum().alias("c"), pl.len().alias("n")
        )
        by = {row[0]: (int(row[1]), int(row[2])) for row in agg.iter_rows()}
        return by.get(True, (0, 0)), by.get(False, (0, 0))

    first15 = (pl.col("hour") == start_hour) & (pl.col("minute") < 15)
    lunch = pl.col("hour").is_between(12, 13)
    good_days = pl.col("weekday").is_in([2, 4, 5])
    return [
        Claim(
            f"first 15 min of the day ({start_hour:02d}:00-{start_hour:02d}:14)",
            *counts(weekdays, first15),
            True,
        ),
        Claim("lunch (12:00-13:59)", *counts(weekdays, lunch), False),
        Claim("Tue/Thu/Fri vs Mon/Wed", *counts(weekdays.filter(pl.col("weekday") <= 5), good_days), True),
    ]


def text_table(cells: pl.DataFrame, hours: range = range(7, 22)) -> str:
    """Rate % (attempts) per weekday row and hour column, for stdout."""
    lookup = {
        (w, h): (a, r)
        for w, h, a, r in cells.select("weekday", "hour", "attempts", "observed_rate").iter_rows()
    }
    head = "      " + "".join(f"{h:02d}:00".rjust(11) for h in hours)
    lines = [head]
    for w, name in enumerate(WEEKDAYS, start=1):
        row = [name.ljust(6)]
        for h in hours:
            attempts, rate = lookup.get((w, h), (0, None))
            row.append((f"{rate:.0%} ({attempts})" if rate is not None else "-").rjust(11))
        lines.append("".join(row))
    total_a = int(cells["attempts"].sum())
    total_c = int(cells["connected"].sum())
    lines.append(
        f"calls {total_a}, connected {total_c}"
        + (f" ({total_c / total_a:.1%})" if total_a else "")
        + f"; hours {hours.start:02d}-{hours.stop - 1:02d} shown, rate (attempts)"
    )
    return "\n".join(lines)


def render_png(
    cells: pl.DataFrame, claims: list[Claim], *, title: str = "", hours: range = range(7, 22)
) -> bytes:
    """The heat map as PNG bytes: observed rate per cell (blank without attempts), with
    the count in each cell, and the heuristics' verdicts in a side panel."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    rate = np.full((7, len(hours)), np.nan)
    count = np.zeros((7, len(hours)), dtype=int)
    for w, h, a, r in cells.select("weekday", "hour", "attempts", "observed_rate").iter_rows():
        if h in hours:
            count[w - 1, h - hours.start] = a
            if r is not None:
                rate[w - 1, h - hours.start] = r
    fig, (ax, side) = plt.subplots(
        1, 2, figsize=(15, 5.2), gridspec_kw={"width_ratios": [3.2, 1.3]}, constrained_layout=True
    )
    image = ax.imshow(
        np.ma.masked_invalid(rate),
        cmap="viridis",
        vmin=0,
        vmax=max(0.05, float(np.nanmax(rate)) if np.isfinite(rate).any() else 1.0),
        aspect="auto",
    )
    ax.set_xticks(range(len(hours)), [f"{h:02d}" for h in hours])
    ax.set_yticks(range(7), list(WEEKDAYS))
    ax.set_xlabel("local hour (debtor's time zone)")
    for i in range(7):
        for j in range(len(hours)):
            if count[i, j]:
                value = rate[i, j]
                ax.text(
                    j,
                    i,
                    f"{value:.0%}\n{count[i, j]}",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if value < 0.5 * (image.norm.vmax or 1) else "black",
                )
    # The heuristics' cells: the first working hour, lunch, the favoured days.
    start = 9 - hours.start
    if 0 <= start < len(hours):
        ax.add_patch(plt.Rectangle((start - 0.5, -0.5), 1, 5, fill=False, edgecolor="red", linewidth=2))
    lunch = 12 - hours.start
    if 0 <= lunch < len(hours) - 1:
        ax.add_patch(
            plt.Rectangle(
                (lunch - 0.5, -0.5), 2, 5, fill=False, edgecolor="orange", linewidth=2, linestyle="--"
            )
        )
    for day in (1, 3, 4):  # Tue, Thu, Fri (0-based rows)
        ax.get_yticklabels()[day].set_fontweight("bold")
    fig.colorbar(image, ax=ax, label="contact rate (connected / attempts)", shrink=0.8)
    ax.set_title(title or "Contact rate by weekday and hour (calls)")
    side.axis("off")
    text = [
        "The articles' heuristics (weekdays, 08-21h):",
        "red box: 09:00 hour (first 15 min = 09:00-09:14)",
        "orange box: lunch 12:00-13:59",
        "bold days: Tue/Thu/Fri (said to beat Mon/Wed)",
        "",
    ]
    for claim in claims:
        (p_in, _l1, _h1), (p_out, _l2, _h2) = claim.rates()
        text.append(claim.name)
        text.append(
            f"  {p_in:.1%} (n={claim.inside[1]}) vs {p_out:.1%} (n={claim.outside[1]})"
            if p_in is not None and p_out is not None
            else f"  n={claim.inside[1]} vs n={claim.outside[1]}"
        )
        text.append(f"  -> {claim.verdict}")
    text.append("")
    text.append("95% Wilson intervals; 'supported' only when")
    text.append("they do not overlap (and n >= 30 each side).")
    side.text(
        0, 1, "\n".join(text), va="top", ha="left", fontsize=9, family="monospace", transform=side.transAxes
    )
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    plt.close(fig)
    return buffer.getvalue()


def heatmap_png(days: int = 90, now: datetime | None = None) -> bytes:
    """What a web view can return as image/png: the last `days` days up to `now`."""
    now = now or datetime.now(ZoneInfo("UTC"))
    history = contact_history(days, now)
    return render_png(
        grid(history),
        heuristics(history),
        title=f"Contact rate by weekday and local hour, calls of the last {days} days to {now:%Y-%m-%d}",
    )
