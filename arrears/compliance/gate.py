"""The contact gate: evaluate(request, policy) -> Decision.

Pure: no Django, no clock, no database. Everything the decision depends on is in the
request (the facts, including "now" as `at` and the contact history) and the policy (the
profile's parameters). The gates run in the order of compliance.md §6.2 and every gate runs,
so a decision lists every rule that fired, not only the first.

Counting rules compare instants in UTC against the UTC bounds of local calendar days
(compliance.md §8: days are the recipient's local days), which keeps a decision over 30 days
of history to a few microseconds of comparisons instead of a zone conversion per entry.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from arrears.compliance.content import check_content
from arrears.compliance.profiles import Policy
from arrears.compliance.request import CALL_CHANNELS, Contact, ContactRequest
from arrears.compliance.rules import SOURCES

_LIABLE = frozenset({"co_obligor", "guarantor"})
# Purposes still allowed while demands are suspended by a dispute.
_DISPUTE_PURPOSES = frozenset({"dispute_verification", "cease_confirmation"})
_GATES = ("account", "recipient", "channel", "time", "frequency", "content", "visit", "recording")

_US_DISCLOSURE = re.compile(r"debt collector|债务催收|催收机构", re.IGNORECASE)
_CN_IDENTITY = re.compile(
    r"(?:我是|这里是|这边是|我们是)[^。！？]{0,20}(?:银行|公司|机构|金融|中心|事务所)|"
    r"受[^。！？]{0,20}委托|\bcalling (?:from|on behalf of)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    gate: str
    reason_en: str
    reason_zh: str
    values: dict[str, Any] = field(default_factory=dict)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        en, zh = SOURCES.get(self.rule_id, ("", ""))
        out: dict[str, Any] = {
            "rule_id": self.rule_id,
            "gate": self.gate,
            "reason_en": self.reason_en,
            "reason_zh": self.reason_zh,
            "source_en": en,
            "source_zh": zh,
            "values": self.values,
        }
        if lang is not None:
            zh_wanted = lang.startswith("zh")
            out["reason"] = self.reason_zh if zh_wanted else self.reason_en
            out["source"] = zh if zh_wanted else en
        return out


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    profile: str
    policy_version: int | None
    at: datetime
    blocks: tuple[Finding, ...]
    notes: tuple[Finding, ...]
    next_allowed_at: datetime | None
    local_times: dict[str, str]

    @property
    def rule_ids(self) -> list[str]:
        return list(dict.fromkeys(f.rule_id for f in self.blocks))

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        return {
            "decision": "allow" if self.allowed else "block",
            "allowed": self.allowed,
            "profile": self.profile,
            "policy_version": self.policy_version,
            "at": self.at.isoformat(),
            "rule_ids": self.rule_ids,
            "reasons": [f.to_dict(lang) for f in self.blocks],
            "notes": [f.to_dict(lang) for f in self.notes],
            "next_allowed_at": self.next_allowed_at.isoformat() if self.next_allowed_at else None,
            "local_times": self.local_times,
        }


class _Never:
    """Marks a block with no computable end (a cease request, a bankruptcy, bad content)."""


NEVER = _Never()


@dataclass(slots=True)
class _Run:
    req: ContactRequest
    policy: Policy
    zones: list[ZoneInfo]
    at: datetime
    blocks: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    not_before: list[datetime | _Never] = field(default_factory=list)
    time_blocked: bool = False

    def block(self, rule: str, gate: str, en: str, zh: str,
              not_before: datetime | _Never | None = None, **values: Any) -> None:
        self.blocks.append(Finding(rule, gate, en, zh, values))
        if not_before is not None:
            self.not_before.append(not_before)

    def note(self, rule: str, gate: str, en: str, zh: str, **values: Any) -> None:
        self.notes.append(Finding(rule, gate, en, zh, values))

    # Local calendar days of the primary zone, as UTC instants (see the module docstring).
    def day_start(self, day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=self.zones[0]).astimezone(UTC)


def evaluate(request: ContactRequest, policy: Policy, *, version: int | None = None) -> Decision:
    """Decide whether the contact described by `request` may happen under `policy`."""
    zones = [ZoneInfo(z) for z in request.recipient.time_zones] or [ZoneInfo(policy.default_zone)]
    run = _Run(request, policy, zones, request.at.astimezone(UTC))
    exempt = policy.business_debts_exempt and not request.account.consumer
    if exempt:
        run.note("US-SCOPE-01", "account",
                 "Business debt: outside the FDCPA and Reg F; only the account-state gates and "
                 "the DEF-CONTENT rules apply.",
                 "企业债务：不适用 FDCPA 与 Reg F，仅适用账户状态检查和 DEF-CONTENT 规则。")
    _account_gate(run, exempt)
    third_party = _recipient_is_third_party(request, policy)
    if not exempt:
        _recipient_gate(run, third_party)
        _channel_gate(run)
        if request.channel != "letter":
            _time_gate(run)
        if request.channel in CALL_CHANNELS and request.recipient.role != "attorney":
            _frequency_gate(run)
    _content_gate(run, third_party, exempt)
    if request.channel == "visit" and not exempt:
        _visit_gate(run)
    _recording_gate(run)
    return Decision(
        allowed=not run.blocks,
        profile=policy.name,
        policy_version=version,
        at=request.at,
        blocks=tuple(run.blocks),
        notes=tuple(run.notes),
        next_allowed_at=_next_allowed(run) if run.blocks else None,
        local_times={z.key: request.at.astimezone(z).isoformat() for z in zones},
    )


# -- 1. Account state ------------------------------------------------------------------------

def _account_gate(run: _Run, exempt: bool) -> None:
    req, acc, policy = run.req, run.req.account, run.policy
    if acc.bankruptcy:
        run.block("DEF-STATE-01", "account",
                  "The debtor is in bankruptcy: collection contact stops.",
                  "债务人处于破产程序中：停止催收联系。", NEVER)
    if acc.deceased:
        run.block("DEF-STATE-02", "account",
                  "The debtor is recorded as deceased: collection contact stops; the estate is "
                  "handled outside the collection queue.",
                  "债务人已登记为身故：停止催收联系，遗产事宜另行处理。", NEVER)
    if exempt:
        return
    cease = _earliest(acc.cease_requested_at, acc.refused_in_writing_at)
    if policy.cease_applies and cease is not None and cease <= req.at:
        sent = sum(
            1 for h in req.history
            if h.channel == "letter" and h.purpose == "cease_confirmation" and h.at >= cease
        )
        if not (req.channel == "letter" and req.purpose == "cease_confirmation" and sent < 3):
            run.block("US-CEASE-01", "account",
                      f"A written cease or refusal was received on {cease.date()}: only the "
                      f"three permitted letters remain ({sent} already sent).",
                      f"已于 {cease.date()} 收到书面停止联系或拒付通知：仅可发送三类法定信函"
                      f"（已发送 {sent} 封）。",
                      NEVER, since=cease.isoformat(), letters_sent=sent)
    if policy.attorney_applies and acc.attorney_represented and req.recipient.role != "attorney":
        run.block("US-ATTY-01", "account",
                  "The consumer is represented by an attorney for this debt: communicate only "
                  "with the attorney.",
                  "债务人已就该债务委托律师：只能与其律师联系。", NEVER)
    if policy.uk_suspensions_apply:
        if acc.breathing_space_until is not None and acc.breathing_space_until > req.at:
            until = acc.breathing_space_until
            run.block("UK-BS-01", "account",
                      f"A Breathing Space moratorium runs until {until.isoformat()}.",
                      f"债务喘息期保护持续至 {until.isoformat()}。", until, until=until.isoformat())
        if acc.debt_adviser_until is not None and acc.debt_adviser_until > req.at:
            until = acc.debt_adviser_until
            run.block("UK-ADVICE-01", "account",
                      f"A debt adviser is preparing a plan: recovery is suspended until "
                      f"{until.isoformat()}.",
                      f"债务顾问正在制定还款方案：暂停追收至 {until.isoformat()}。",
                      until, until=until.isoformat())
        if acc.mental_capacity_concern:
            run.block("UK-MCL-01", "account",
                      "The customer may lack mental capacity: recovery is suspended until the "
                      "concern is resolved.",
                      "客户可能缺乏相应的精神行为能力：暂停追收直至问题澄清。", NEVER)
    if req.purpose not in _DISPUTE_PURPOSES:
        _dispute(run)


def _dispute(run: _Run) -> None:
    acc, policy = run.req.account, run.policy
    disputed_at = acc.written_dispute_at
    if policy.dispute_mode == "written":
        if disputed_at is None or disputed_at > run.req.at:
            if acc.dispute_open:
                run.note(policy.rule_dispute, "account",
                         "An oral dispute is noted; only a written dispute inside the validation "
                         "period suspends collection.",
                         "已记录口头异议；仅在核实期内的书面异议才会暂停催收。")
            return
        end = _validation_period_end(acc.validation_notice_at)
        if end is not None and disputed_at > end:
            return
    elif not (acc.dispute_open or (disputed_at is not None and disputed_at <= run.req.at)):
        return
    verified = acc.dispute_verified_at
    if verified is not None and verified <= run.req.at and (
        disputed_at is None or verified >= disputed_at
    ):
        return
    since = disputed_at.date().isoformat() if disputed_at else "-"
    run.block(policy.rule_dispute, "account",
              f"The debt is disputed (since {since}) and not yet verified: demands are "
              f"suspended until the verification is recorded.",
              f"该债务存在异议（自 {since} 起）且尚未核实：核实结果记录前暂停催收。",
              NEVER, disputed_since=since)


def _validation_period_end(notice: datetime | None) -> datetime | None:
    """US-VAL-01: received 5 days after sending, weekends excluded, then 30 days.

    Federal public holidays are not in the request, so they are not skipped: the period may
    end a day or two early, which is the conservative error only for the sender of the notice;
    with no notice at all the whole period is taken as still open.
    """
    if notice is None:
        return None
    day, counted = notice, 0
    while counted < 5:
        day += timedelta(days=1)
        if day.isoweekday() < 6:
            counted += 1
    return day + timedelta(days=30)


# -- 2. Recipient ------------------------------------------------------------------------------

def _recipient_is_third_party(req: ContactRequest, policy: Policy) -> bool:
    role = req.recipient.role
    if role in ("debtor", "attorney") or role in _LIABLE:
        return False
    # US-3P-01: the spouse, and the parent of a minor, count as the consumer.
    return not (policy.spouse_is_consumer and (
        role == "spouse" or (role == "parent" and req.account.debtor_is_minor)
    ))


def _recipient_gate(run: _Run, third_party: bool) -> None:
    if not third_party:
        return
    req, policy, rec = run.req, run.policy, run.req.recipient
    if policy.third_party_mode == "cn":
        if req.purpose not in ("location", "message_only") and rec.offered_to_pay_at is None:
            run.block("CN-PARTY-01", "recipient",
                      f"A {rec.role} is not liable for the debt: ask only for the debtor's contact "
                      f"details or to pass on a message, never for payment.",
                      f"联系人（{rec.role}）与债务无关：只能询问债务人联系方式或请其转告，不得要求其还款。",
                      NEVER, role=rec.role, purpose=req.purpose)
        failed = _consecutive_failed(req)
        if not req.account.debtor_contact_points_invalid and (
            failed < policy.unreachable_after_failed_attempts
        ):
            run.block("CN-PARTY-02", "recipient",
                      f"The debtor is not unreachable: {failed} consecutive failed attempts "
                      f"(at least {policy.unreachable_after_failed_attempts} needed) and the "
                      f"debtor's numbers are valid.",
                      f"债务人未失联：连续失败 {failed} 次（至少需 "
                      f"{policy.unreachable_after_failed_attempts} 次），且本人号码有效。",
                      NEVER, consecutive_failed=failed)
        return
    if policy.third_party_mode == "location":
        if req.purpose != "location":
            run.block("US-3P-01", "recipient",
                      f"A {rec.role} is a third party: only a location inquiry is allowed, never a "
                      f"communication about the debt.",
                      f"联系人（{rec.role}）属于第三人：只能询问债务人的位置信息，不得谈及债务。",
                      NEVER, role=rec.role, purpose=req.purpose)
            return
        earlier = [
            h for h in req.history
            if h.person_id == rec.person_id and h.purpose == "location" and h.at <= req.at
            and (h.conversation or h.channel not in CALL_CHANNELS)
        ]
        if earlier:
            last = max(h.at for h in earlier)
            run.block(policy.rule_third_party, "recipient",
                      f"This third party was already contacted for location information on "
                      f"{last.date()}: a location contact is allowed once per person.",
                      f"已于 {last.date()} 向该第三人询问过位置信息：每人仅可询问一次。",
                      NEVER, previous=last.isoformat())
        return
    if req.purpose == "collect":
        run.block("UK-3P-01", "recipient",
                  f"A {rec.role} is a third party: the debt must not be disclosed or discussed "
                  f"with them.",
                  f"联系人（{rec.role}）属于第三人：不得向其披露或讨论债务。",
                  NEVER, role=rec.role)
        run.block("UK-ID-01", "recipient",
                  "Debt details may be given only after checks show the person is, or acts for, "
                  "the customer.",
                  "只有在核实对方为债务人本人或其代理人后，方可告知债务详情。", NEVER)


def _consecutive_failed(req: ContactRequest) -> int:
    """CN-PARTY-02: failed calls to the debtor since the last conversation with the debtor."""
    debtor = req.account.debtor_person_id
    calls = sorted(
        (h for h in req.history
         if h.channel in CALL_CHANNELS and h.person_id == debtor and h.at <= req.at),
        key=lambda h: h.at, reverse=True,
    )
    count = 0
    for h in calls:
        if h.conversation:
            break
        count += 1
    return count


# -- 3. Channel ----------------------------------------------------------------------------------

def _channel_gate(run: _Run) -> None:
    req, policy, prefs, rec = run.req, run.policy, run.req.preferences, run.req.recipient
    opted = prefs.opted_out_channels
    if req.channel in opted or (req.channel == "voicemail" and "call" in opted):
        run.block(policy.rule_opt_out, "channel",
                  f"The person asked not to be contacted by {req.channel}.",
                  f"对方已要求不通过{_zh_channel(req.channel)}联系。", NEVER, channel=req.channel)
    if rec.contact_point is not None and rec.contact_point in prefs.opted_out_contact_points:
        run.block(policy.rule_opt_out, "channel",
                  f"The person asked not to be contacted at {rec.contact_point}.",
                  f"对方已要求不通过该联系方式（{rec.contact_point}）联系。", NEVER,
                  contact_point=rec.contact_point)
    if rec.at_workplace and prefs.no_workplace_contact:
        run.block(policy.rule_workplace, "channel",
                  "The person said contact at work is inconvenient.",
                  "对方已表示不便在工作单位被联系。", NEVER)
    if rec.at_workplace and req.channel == "email":
        run.block("US-WORK-01", "channel",
                  "The email address belongs to the workplace: the employer may read it.",
                  "该邮箱为工作单位邮箱：雇主可能看到内容。", NEVER)
    if req.channel == "letter" and req.letter_postcard:
        run.block(policy.rule_postcard, "channel",
                  "A postcard shows its content to anyone who handles it.",
                  "明信片内容对任何经手人可见，不得使用。", NEVER)
    if req.channel == "im" and req.im_visible_to_others:
        run.block(policy.rule_postcard, "channel",
                  "A message the public or the person's contacts can see is a public disclosure.",
                  "公众或对方联系人可见的消息属于公开披露，不得使用。", NEVER)


_ZH_CHANNELS = {
    "call": "电话", "sms": "短信", "email": "电子邮件", "letter": "信函", "visit": "上门",
    "im": "即时通讯", "voicemail": "语音留言",
}


def _zh_channel(channel: str) -> str:
    return _ZH_CHANNELS.get(channel, channel)


# -- 4. Time ---------------------------------------------------------------------------------------

def _time_verdict(run: _Run, instant: datetime) -> tuple[list[str], list[str]]:
    """Zones where `instant` is outside the window, and zones where it is a stated bad time."""
    policy, prefs = run.policy, run.req.preferences
    start, end, days = policy.start, policy.end, policy.window_weekdays
    outside, inconvenient = [], []
    for zone in run.zones:
        local = instant.astimezone(zone)
        ok = local.isoweekday() in days and start <= local.time() < end
        if not ok and policy.agreed_times_override:
            ok = any(slot.contains(local) for slot in prefs.agreed_times)
        if not ok:
            outside.append(zone.key)
        if any(slot.contains(local) for slot in prefs.inconvenient_times):
            inconvenient.append(zone.key)
    return outside, inconvenient


def _time_gate(run: _Run) -> None:
    policy = run.policy
    outside, inconvenient = _time_verdict(run, run.at)
    window = f"{policy.window_start}–{policy.window_end}"
    if outside:
        run.time_blocked = True
        shown = ", ".join(
            f"{run.at.astimezone(ZoneInfo(z)):%Y-%m-%d %H:%M} ({z}, weekday "
            f"{run.at.astimezone(ZoneInfo(z)).isoweekday()})" for z in outside
        )
        run.block(policy.rule_time, "time",
                  f"Local time {shown} is outside the allowed window {window} "
                  f"(days {_days(policy.window_weekdays)}).",
                  f"债务人当地时间 {shown}，不在允许时段 {window} 内"
                  f"（允许的星期：{_days(policy.window_weekdays)}）。",
                  local_times=shown, window=window)
        if len(run.zones) > 1 and len(outside) < len(run.zones):
            run.block("US-TIME-02", "time",
                      "The person may be in several time zones; the time must suit all of them.",
                      "对方可能位于多个时区：联系时间须在所有时区均为允许时段。",
                      zones=[z.key for z in run.zones])
    if inconvenient:
        run.time_blocked = True
        run.block(policy.rule_inconvenient, "time",
                  "The person said this time is inconvenient.",
                  "对方已表示该时段不便联系。", zones=inconvenient)


def _days(days: tuple[int, ...]) -> str:
    return ",".join(str(d) for d in days)


# -- 5. Frequency --------------------------------------------------------------------------------

def _frequency_gate(run: _Run) -> None:
    req, policy, rec = run.req, run.policy, run.req.recipient
    local_day = run.at.astimezone(run.zones[0]).date()
    day_start, day_end = run.day_start(local_day), run.day_start(local_day + timedelta(days=1))
    week_start = run.day_start(local_day - timedelta(days=6))

    consent_from = consent_to = None
    consent = req.preferences.call_consent_at
    if policy.exclude_consented and consent is not None:
        consent_day = consent.astimezone(run.zones[0]).date()
        consent_from = run.day_start(consent_day)
        consent_to = run.day_start(consent_day + timedelta(days=7))
        if consent_from <= run.at < consent_to:
            run.note("US-FREQ-03", "frequency",
                     f"Placed with the person's direct consent of {consent_day}: not counted.",
                     f"基于对方 {consent_day} 的直接同意拨打：不计入次数。")
            return

    debt_id, person, point = req.debt_id, rec.person_id, rec.contact_point
    per_debt = policy.calls_counted_per_debt
    attempts_today = conversations_today = 0
    week_calls: list[datetime] = []
    week_talks: list[datetime] = []
    # Only the last 7 local days matter: bisect them out of the time-sorted history.
    lo = bisect_left(req.history_at, week_start)
    hi = bisect_left(req.history_at, day_end, lo)
    for h in req.history[lo:hi]:
        hat = h.at
        if h.channel not in CALL_CHANNELS:
            continue
        same_person = h.person_id == person
        if hat >= day_start:
            if (h.contact_point == point) if point is not None else same_person:
                attempts_today += 1
            if h.conversation and same_person:
                conversations_today += 1
        if not same_person or (per_debt and h.debt_id != debt_id):
            continue
        if h.conversation:
            week_talks.append(hat)
        if policy.exclude_unconnected and not (h.connected or h.conversation):
            continue
        if consent_from is not None and consent_to is not None and consent_from <= hat < consent_to:
            continue
        week_calls.append(hat)

    next_day = day_end
    cap = policy.attempts_per_point_per_day
    if cap and attempts_today >= cap:
        run.block(policy.rule_frequency, "frequency",
                  f"{attempts_today} dial attempts to this contact point today (local day "
                  f"{local_day}); at most {cap} per day.",
                  f"今日（当地日期 {local_day}）已向该号码拨打 {attempts_today} 次，每日最多 {cap} 次。",
                  next_day, count=attempts_today, limit=cap, local_day=str(local_day))
    cap = policy.conversations_per_day
    if cap and conversations_today >= cap:
        run.block(policy.rule_conversation, "frequency",
                  f"{conversations_today} connected calls with this debtor today (local day "
                  f"{local_day}) across all collectors; at most {cap} per day.",
                  f"今日（当地日期 {local_day}）所有催收方与该债务人已接通 {conversations_today} 次，"
                  f"每日最多 {cap} 次。",
                  next_day, count=conversations_today, limit=cap, local_day=str(local_day))
    cap = policy.calls_per_7_days
    if cap and len(week_calls) >= cap:
        week_calls.sort()
        frees = _local_date(run, week_calls[len(week_calls) - cap]) + timedelta(days=7)
        run.block(policy.rule_frequency, "frequency",
                  f"{len(week_calls)} calls to this person in the 7 days ending {local_day}; "
                  f"this would be call {len(week_calls) + 1}, above {cap}. Calls are allowed "
                  f"again from {frees}.",
                  f"截至 {local_day} 的 7 日内已向此人拨打 {len(week_calls)} 次，本次将是第 "
                  f"{len(week_calls) + 1} 次，超过 {cap} 次。{frees} 起可再次拨打。",
                  run.day_start(frees), count=len(week_calls), limit=cap, allowed_from=str(frees))
    wait = policy.wait_days_after_conversation
    if wait and week_talks:
        talk_day = _local_date(run, max(week_talks))
        if local_day <= talk_day + timedelta(days=wait - 1):
            last_blocked = talk_day + timedelta(days=wait - 1)
            frees = talk_day + timedelta(days=wait)
            debt = f" about debt #{debt_id}" if debt_id else ""
            run.block(policy.rule_conversation, "frequency",
                      f"A conversation with this person{debt} took place on {talk_day} (day 1). "
                      f"Calls are blocked through {last_blocked}.",
                      f"已于 {talk_day}（第 1 日）与此人就该债务通话，{last_blocked} 前（含）不得再致电。",
                      run.day_start(frees), conversation_day=str(talk_day),
                      blocked_through=str(last_blocked))
    cap = policy.conversations_per_7_days
    if cap and len(week_talks) >= cap:
        week_talks.sort()
        frees = _local_date(run, week_talks[len(week_talks) - cap]) + timedelta(days=7)
        run.block(policy.rule_conversation, "frequency",
                  f"{len(week_talks)} conversations with this person in the 7 days ending "
                  f"{local_day}; at most {cap}.",
                  f"截至 {local_day} 的 7 日内已与此人通话 {len(week_talks)} 次，最多 {cap} 次。",
                  run.day_start(frees), count=len(week_talks), limit=cap)


def _local_date(run: _Run, instant: datetime) -> date:
    return instant.astimezone(run.zones[0]).date()


# -- 6. Content ------------------------------------------------------------------------------------

_THIRD_PARTY_DISCLOSURE_RULE = {"cn": "CN-PARTY-03", "location": "US-LOC-01",
                                "no_disclosure": "UK-3P-01"}


def _content_gate(run: _Run, third_party: bool, exempt: bool) -> None:
    req, policy = run.req, run.policy
    if not req.text:
        return
    shared_line = req.channel == "voicemail"
    findings = check_content(req.text, profile=policy.name, time_barred=req.account.time_barred,
                             third_party=third_party or shared_line)
    for f in findings:
        run.block(f.rule_id, "content", f.reason_en, f.reason_zh, NEVER, span=f.span,
                  category=f.category)
        if f.category == "time_barred_litigation" and policy.rule_time_barred != f.rule_id:
            run.block(policy.rule_time_barred, "content", f.reason_en, f.reason_zh, NEVER,
                      span=f.span)
        elif f.category == "disclosure" and third_party:
            run.block(_THIRD_PARTY_DISCLOSURE_RULE[policy.third_party_mode], "content",
                      f.reason_en, f.reason_zh, NEVER, span=f.span)
        elif f.category == "disclosure" and shared_line:
            run.block("US-LCM-01", "content",
                      "A voicemail may be heard by others: it must be a limited-content message "
                      "with no mention of a debt.",
                      "语音留言可能被他人听到：只能留有限内容，不得提及债务。", NEVER, span=f.span)
    if exempt or third_party or req.channel != "call" or req.purpose != "collect":
        return
    _disclosure(run)


def _disclosure(run: _Run) -> None:
    req, policy = run.req, run.policy
    text = req.text or ""
    mode = policy.required_disclosure
    us_ok = bool(_US_DISCLOSURE.search(text))
    cn_ok = bool(_CN_IDENTITY.search(text))
    if mode == "us_debt_collector" and not us_ok:
        run.block("DEF-CONTENT-07", "content",
                  "The call script does not say it is from a debt collector.",
                  "话术未表明来电方为债务催收方。", NEVER)
        run.block("US-ID-01", "content",
                  "Each communication must disclose that it is from a debt collector.",
                  "每次沟通均须表明来自债务催收方。", NEVER)
    elif mode == "cn_institution" and not cn_ok and _first_contact(req):
        run.block("DEF-CONTENT-07", "content",
                  "First contact: the script does not name the institution calling.",
                  "首次联系：话术未表明所属机构身份。", NEVER)
        run.block("CN-ID-01", "content",
                  "At first contact the institution (and the lender it acts for) must be named.",
                  "首次联系须表明机构身份（受托机构还须说明委托方）。", NEVER)
    elif mode == "any" and not (us_ok or cn_ok):
        run.block("DEF-CONTENT-07", "content",
                  "The call script identifies neither the caller's institution nor that it is "
                  "debt collection.",
                  "话术既未表明机构身份，也未表明为债务催收。", NEVER)


def _first_contact(req: ContactRequest) -> bool:
    person = req.recipient.person_id
    return not any(h.conversation and h.person_id == person for h in req.history)


# -- 7. Visits and recording -------------------------------------------------------------------------

def _visit_gate(run: _Run) -> None:
    req, policy = run.req, run.policy
    if not policy.visits_allowed:
        run.block(policy.rule_visit, "visit",
                  "Field visits are off in this profile until a human assigns a jurisdiction.",
                  "该配置下禁止上门，须先由人工指定适用的司法辖区。", NEVER)
        return
    if req.visitors < policy.visit_min_staff:
        run.block(policy.rule_visit, "visit",
                  f"{req.visitors} staff planned for the visit; at least {policy.visit_min_staff} "
                  f"must attend together.",
                  f"计划上门人数 {req.visitors} 人，至少须 {policy.visit_min_staff} 人同行。",
                  NEVER, visitors=req.visitors, minimum=policy.visit_min_staff)
    if policy.uk_suspensions_apply and req.account.vulnerable:
        run.block("UK-VISIT-01", "visit",
                  "The customer is known or suspected to be vulnerable: no visit.",
                  "已知或怀疑客户属于弱势群体：不得上门。", NEVER)


def _recording_gate(run: _Run) -> None:
    # The request carries recording facts only when the caller's system knows them; when it
    # does, a call that will not announce its recording is blocked (IND-REC-03). Payment-data
    # masking is enforced at payment capture, not at the decision to call.
    rec = run.req.recording
    if rec is not None and run.req.channel == "call" and not rec.get("announced", False):
        run.block("IND-REC-03", "recording",
                  "The call will be recorded without announcing it.",
                  "通话将被录音但未告知对方。", NEVER)


# -- Next allowed time -------------------------------------------------------------------------------

def _next_allowed(run: _Run) -> datetime | None:
    if any(isinstance(nb, _Never) for nb in run.not_before):
        return None
    if any(f.gate not in ("time", "frequency", "account") for f in run.blocks):
        return None
    lower = max([run.at, *[nb for nb in run.not_before if isinstance(nb, datetime)]])
    if run.req.channel == "letter":
        return lower
    found = _next_time_ok(run, lower)
    # Shown in the recipient's (first) zone: that is the clock the operator must respect.
    return found.astimezone(run.zones[0]) if found else None


def _next_time_ok(run: _Run, after: datetime) -> datetime | None:
    """The first instant >= `after` that passes the time gate in every candidate zone.

    The allowed set is an intersection of unions of intervals, so its first point is `after`
    itself or the start of some interval: a window opening, an agreed slot opening or the end
    of an inconvenient slot, in one of the zones.
    """
    policy, prefs = run.policy, run.req.preferences
    starts = [policy.start, *(s.end for s in prefs.inconvenient_times)]
    if policy.agreed_times_override:
        starts.extend(s.start for s in prefs.agreed_times)
    if not any(_time_verdict(run, after)):
        return after
    first_days = [after.astimezone(zone).date() for zone in run.zones]
    pool: set[datetime] = set()
    # Day by day, so the usual answer (later today or tomorrow) costs a handful of checks.
    # A candidate is tested only once every earlier candidate is known: all candidates of
    # later days lie after `bound`, the earliest start of the next local day in any zone.
    for offset in range(9):
        for zone, first in zip(run.zones, first_days, strict=True):
            day = first + timedelta(days=offset)
            for t in starts:
                instant = datetime.combine(day, t, tzinfo=zone).astimezone(UTC)
                if instant >= after:
                    pool.add(instant)
        bound = min(
            datetime.combine(first + timedelta(days=offset + 1), time(0), tzinfo=zone).astimezone(UTC)
            for zone, first in zip(run.zones, first_days, strict=True)
        )
        ready = sorted(i for i in pool if i < bound)
        pool.difference_update(ready)
        for instant in ready:
            outside, inconvenient = _time_verdict(run, instant)
            if not outside and not inconvenient:
                return instant
    return None


def _earliest(*instants: datetime | None) -> datetime | None:
    present = [i for i in instants if i is not None]
    return min(present) if present else None


__all__ = ["NEVER", "Contact", "Decision", "Finding", "evaluate"]
