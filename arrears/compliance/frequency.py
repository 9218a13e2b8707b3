"""Step 5 of compliance.md §6.2: the frequency gate, over the request's call ledgers.

Days are local calendar days of the recipient's first zone and the 7-day windows roll (§8).
Every count is taken in UTC against the UTC bounds of those local days, by bisecting the
sorted ledgers (ledger.py), so no history entry is converted to local time.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta

from arrears.compliance.decision import Run
from arrears.compliance.ledger import window
from arrears.compliance.wording import count

_DAY = timedelta(days=1)
_WEEK = timedelta(days=7)
_SIX_DAYS = timedelta(days=6)


def frequency_gate(run: Run) -> None:
    req, policy, rec = run.req, run.policy, run.req.recipient
    local_day = run.local_date(run.at)
    day_start, day_end = run.day_start(local_day), run.day_start(local_day + _DAY)
    week_start = run.day_start(local_day - _SIX_DAYS)

    consent_from = consent_to = None
    consent = req.preferences.call_consent_at
    if policy.exclude_consented and consent is not None:
        consent_day = run.local_date(consent)
        consent_from = run.day_start(consent_day)
        consent_to = run.day_start(consent_day + _WEEK)
        if consent_from <= run.at < consent_to:
            run.consent_ends = consent_to
            run.note("US-FREQ-03", "frequency",
                     f"Placed with the person's direct consent of {consent_day}: not counted.",
                     f"基于对方 {consent_day} 的直接同意拨打：不计入次数。")
            return

    ledger, debt_id, person, point = req.calls, req.debt_id, rec.person_id, rec.contact_point
    per_debt = policy.calls_counted_per_debt

    cap = policy.attempts_per_point_per_day
    if cap:
        dials = ledger.point.get(point, []) if point is not None else ledger.person.get(person, [])
        lo, hi = window(dials, day_start, day_end)
        if hi - lo >= cap:
            run.block(policy.rule_frequency, "frequency",
                      f"Already {count(hi - lo, 'dial attempt')} to this contact point today "
                      f"(local day {local_day}); the limit is {cap} a day.",
                      f"今日（当地日期 {local_day}）已向该号码拨打 {hi - lo} 次，每日最多 {cap} 次。",
                      day_end, count=hi - lo, limit=cap, local_day=str(local_day))
    cap = policy.conversations_per_day
    if cap:
        lo, hi = window(ledger.talk_person.get(person, []), day_start, day_end)
        if hi - lo >= cap:
            run.block(policy.rule_conversation, "frequency",
                      f"Already {count(hi - lo, 'answered call')} with this debtor today (local "
                      f"day {local_day}) across all collectors; the limit is {cap} a day.",
                      f"今日（当地日期 {local_day}）所有催收方与该债务人已接通 {hi - lo} 次，"
                      f"每日最多 {cap} 次。",
                      day_end, count=hi - lo, limit=cap, local_day=str(local_day))

    about = f" about debt #{debt_id}" if per_debt and debt_id else ""
    about_zh = "就该债务" if per_debt and debt_id else ""
    cap = policy.calls_per_7_days
    if cap:
        calls = ledger.calls(person, debt_id, per_debt=per_debt,
                             connected_only=policy.exclude_unconnected)
        lo, hi = window(calls, week_start, day_end)
        # Calls placed under a consent stay uncounted (US-FREQ-03): cut [c_lo, c_hi) out.
        c_lo = c_hi = lo
        if consent_from is not None and consent_to is not None:
            c_lo = min(max(bisect_left(calls, consent_from, lo, hi), lo), hi)
            c_hi = max(bisect_left(calls, consent_to, c_lo, hi), c_lo)
        n = (hi - lo) - (c_hi - c_lo)
        if n >= cap:
            # The window frees up the day after the (n - cap + 1)-th newest counted call
            # leaves it: 7 local days after the day of the counted call at position n - cap.
            k = n - cap
            oldest = calls[lo + k] if k < c_lo - lo else calls[c_hi + k - (c_lo - lo)]
            frees = run.local_date(oldest) + _WEEK
            run.block(policy.rule_frequency, "frequency",
                      f"{count(n, 'call')} to this person{about} in the 7 days ending "
                      f"{local_day}; this would be call {n + 1}, above the limit of {cap}. "
                      f"Calls are allowed again from {frees}.",
                      f"截至 {local_day} 的 7 日内已{about_zh}向此人拨打 {n} 次，本次将是第 "
                      f"{n + 1} 次，超过上限 {cap} 次。{frees} 起可再次拨打。",
                      run.day_start(frees), count=n, limit=cap, allowed_from=str(frees))

    talks = ledger.talks(person, debt_id, per_debt=per_debt)
    lo, hi = window(talks, week_start, day_end)
    wait = policy.wait_days_after_conversation
    if wait and hi > lo:
        _wait_after_talk(run, local_day, run.local_date(talks[hi - 1]), wait, about, about_zh)
    cap = policy.conversations_per_7_days
    if cap and hi - lo >= cap:
        frees = run.local_date(talks[hi - cap]) + _WEEK
        run.block(policy.rule_conversation, "frequency",
                  f"{count(hi - lo, 'conversation')} with this person in the 7 days ending "
                  f"{local_day}; the limit is {cap}. Calls are allowed again from {frees}.",
                  f"截至 {local_day} 的 7 日内已与此人通话 {hi - lo} 次，上限为 {cap} 次。"
                  f"{frees} 起可再次拨打。",
                  run.day_start(frees), count=hi - lo, limit=cap, allowed_from=str(frees))


def _wait_after_talk(run: Run, local_day: date, talk_day: date, wait: int, about: str,
                     about_zh: str) -> None:
    """US-FREQ-02: no call for `wait` days after a conversation, its day being day 1."""
    last_blocked = talk_day + timedelta(days=wait - 1)
    if local_day > last_blocked:
        return
    frees = talk_day + timedelta(days=wait)
    run.block(run.policy.rule_conversation, "frequency",
              f"A conversation with this person{about} took place on {talk_day} (day 1). "
              f"Calls are blocked through {last_blocked}.",
              f"已于 {talk_day}（第 1 日）{about_zh}与此人通话，{last_blocked}（含）前不得再致电。",
              run.day_start(frees), conversation_day=str(talk_day),
              blocked_through=str(last_blocked))

