"""The contact gate: evaluate(request, policy) -> Decision.

Pure: no Django, no clock, no database. Everything the decision depends on is in the
request (the facts, including "now" as `at` and the contact history) and the policy (the
profile's parameters). The gates run in the order of compliance.md §6.2 and every gate runs,
so a decision lists every rule that fired, not only the first.

This module runs the gates and holds the account, recipient, channel, content, visit and
recording steps; the time gate and the next allowed time are in timing.py, the frequency gate
in frequency.py, over the call ledgers the request builds once (ledger.py).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from arrears.compliance.content import check_content, content_model_version
from arrears.compliance.decision import NEVER, Decision, Finding, Run, zones_for
from arrears.compliance.frequency import frequency_gate
from arrears.compliance.profiles import Policy, business_profile
from arrears.compliance.request import CALL_CHANNELS, Contact, ContactRequest
from arrears.compliance.timing import next_allowed, time_gate
from arrears.compliance.wording import channel, count, local_moment, role

_LIABLE = frozenset({"co_obligor", "guarantor"})
# Purposes still allowed while demands are suspended by a dispute.
_DISPUTE_PURPOSES = frozenset({"dispute_verification", "cease_confirmation"})

_US_DISCLOSURE = re.compile(r"debt collector|债务催收|催收机构", re.IGNORECASE)
_CN_IDENTITY = re.compile(
    r"(?:我是|这里是|这边是|我们是)[^。！？]{0,20}(?:银行|公司|机构|金融|中心|事务所)|"
    r"受[^。！？]{0,20}委托|\bcalling (?:from|on behalf of)\b",
    re.IGNORECASE,
)


def evaluate(request: ContactRequest, policy: Policy, *, version: int | None = None,
             reviewed: tuple[str, str] | None = None) -> Decision:
    """Decide whether the contact described by `request` may happen under `policy`.

    `reviewed` is a compliance officer's decision on the request's text, if there is one
    (the caller looks it up; this function reads no database).
    """
    zones = zones_for(request.recipient.time_zones, policy.default_zone)
    at = request.at.astimezone(UTC)
    if request.account.company:
        return _evaluate_business(request, business_profile(policy), zones, at, version, reviewed)
    run = Run(request, policy, zones, at, at.astimezone(zones[0]), reviewed=reviewed)
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
            time_gate(run)
        if request.channel in CALL_CHANNELS and request.recipient.role != "attorney":
            frequency_gate(run)
    _content_gate(run, third_party, exempt)
    if request.channel == "visit" and not exempt:
        _visit_gate(run)
    _recording_gate(run)
    return _decision(run, version)


def _evaluate_business(request: ContactRequest, policy: Policy, zones: tuple[ZoneInfo, ...], at: datetime,
                       version: int | None, reviewed: tuple[str, str] | None) -> Decision:
    """The B2B profile (arrears.compliance.profiles.business_profile says which rules stay
    and why): account stops that are not consumer-only, who speaks for the customer, the
    person's own opt-outs, business hours, the content rules and the recording rule."""
    run = Run(request, policy, zones, at, at.astimezone(zones[0]), reviewed=reviewed)
    run.note("B2B-SCOPE-01", "account",
             "Business customer: the consumer-only rules (windows, caps, cease, dispute, "
             "third-party preconditions, required disclosures) do not apply; business hours, "
             "the content rules and disclosure to outsiders still do.",
             "企业客户：不适用仅针对个人消费者的规则（时段、次数上限、停止联系、异议暂停、"
             "第三人前提、必须告知）；仍适用工作时间、话术内容规则和不得向外人披露。")
    # exempt=True: bankruptcy, dissolution (deceased) and the care hold only.
    _account_gate(run, True)
    third_party = _recipient_is_third_party(request, policy)
    if third_party and request.purpose == "collect":
        rec = request.recipient
        run.block("B2B-3P-01", "recipient",
                  f"The person contacted ({role(rec.role, False)}) has no part in paying for "
                  f"the customer: ask for the right person or leave a message; do not discuss "
                  f"the invoices.",
                  f"被联系人（{role(rec.role, True)}）不负责该客户的付款：只能询问应联系的人或"
                  f"请其转告，不得谈及发票和欠款。",
                  NEVER, role=rec.role)
    _business_channel_gate(run)
    if request.channel != "letter":
        time_gate(run)
    _content_gate(run, third_party, True)
    _recording_gate(run)
    return _decision(run, version)


def _decision(run: Run, version: int | None) -> Decision:
    return Decision(
        allowed=not run.blocks,
        profile=run.policy.name,
        policy_version=version,
        at=run.req.at,
        blocks=tuple(run.blocks),
        notes=tuple(run.notes),
        zones=run.zones,
        find_next=partial(next_allowed, run) if run.blocks else None,
        content_model=run.content_model,
    )


# -- 1. Account state ------------------------------------------------------------------------

def _account_gate(run: Run, exempt: bool) -> None:
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
    _care_hold(run)
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
                      f"A written cease or refusal was received on {run.local_date(cease)}: "
                      f"only the three letters the rule permits may be sent "
                      f"({count(sent, 'letter')} sent so far).",
                      f"已于 {run.local_date(cease)} 收到书面停止联系或拒付通知：仅可发送规则"
                      f"允许的三类信函（已发送 {sent} 封）。",
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
                      f"A Breathing Space moratorium runs until {_moment(run, until, False)}.",
                      f"债务喘息期保护持续至 {_moment(run, until, True)}。",
                      until, until=until.isoformat())
        if acc.debt_adviser_until is not None and acc.debt_adviser_until > req.at:
            until = acc.debt_adviser_until
            run.block("UK-ADVICE-01", "account",
                      f"A debt adviser is preparing a plan: recovery is suspended until "
                      f"{_moment(run, until, False)}.",
                      f"债务顾问正在制定还款方案：暂停追收至 {_moment(run, until, True)}。",
                      until, until=until.isoformat())
        if acc.mental_capacity_concern:
            run.block("UK-MCL-01", "account",
                      "The customer may lack mental capacity: recovery is suspended until the "
                      "concern is resolved.",
                      "客户可能缺乏相应的精神行为能力：暂停追收直至问题澄清。", NEVER)
    if req.purpose not in _DISPUTE_PURPOSES:
        _dispute(run)


def _care_hold(run: Run) -> None:
    """CARE-HOLD, in every profile, for every recipient, channel and purpose (business debts
    too): a person who said they may harm themselves is not contacted about the debt until a
    lead has reviewed the case, and then not before the waiting period the lead set."""
    req, acc = run.req, run.req.account
    since = acc.care_hold_since
    if since is not None and since <= req.at:
        run.block("CARE-HOLD", "account",
                  f"A care hold has been open since {_moment(run, since, False)}: the debtor "
                  f"gave a self-harm or crisis signal. No contact until a team lead has reviewed "
                  f"the case.",
                  f"自 {_moment(run, since, True)}起本案处于关怀暂停：债务人表达了自伤或危机信号。"
                  f"组长复核前不得进行任何联系。",
                  NEVER, since=since.isoformat())
    until = acc.care_resume_after
    if until is not None and until > req.at:
        run.block("CARE-HOLD", "account",
                  f"After the care review, contact resumes only after {_moment(run, until, False)}.",
                  f"关怀复核后，须待 {_moment(run, until, True)}之后方可恢复联系。",
                  until, until=until.isoformat())


def _dispute(run: Run) -> None:
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
    since = str(run.local_date(disputed_at)) if disputed_at else None
    run.block(policy.rule_dispute, "account",
              f"The debt is disputed{f' (since {since})' if since else ''} and not yet "
              f"verified: demands are suspended until the verification is recorded.",
              f"该债务存在异议{f'（自 {since} 起）' if since else ''}且尚未核实："
              f"核实结果记录前暂停催收。",
              NEVER, disputed_since=since or "-")


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


def _recipient_gate(run: Run, third_party: bool) -> None:
    if not third_party:
        return
    req, policy, rec = run.req, run.policy, run.req.recipient
    if policy.third_party_mode == "cn":
        if req.purpose not in ("location", "message_only") and rec.offered_to_pay_at is None:
            run.block("CN-PARTY-01", "recipient",
                      f"The person contacted ({role(rec.role, False)}) is not liable for the "
                      f"debt: ask only for the debtor's contact details or to pass on a message, "
                      f"never for payment.",
                      f"被联系人（{role(rec.role, True)}）不承担该债务：只能询问债务人的联系方式或"
                      f"请其转告，不得要求其还款。",
                      NEVER, role=rec.role, purpose=req.purpose)
        failed = _consecutive_failed(req)
        if not req.account.debtor_contact_points_invalid and (
            failed < policy.unreachable_after_failed_attempts
        ):
            run.block("CN-PARTY-02", "recipient",
                      f"The debtor is not unreachable: {count(failed, 'failed call')} in a row "
                      f"since the last conversation, fewer than the "
                      f"{policy.unreachable_after_failed_attempts} that make a debtor "
                      f"unreachable, and the debtor's numbers are valid.",
                      f"债务人未失联：自上次通话以来连续 {failed} 次未接通，不足认定失联所需的 "
                      f"{policy.unreachable_after_failed_attempts} 次，且本人号码有效。",
                      NEVER, consecutive_failed=failed)
        return
    if policy.third_party_mode == "location":
        if req.purpose != "location":
            run.block("US-3P-01", "recipient",
                      f"The person contacted ({role(rec.role, False)}) is a third party: only a "
                      f"question about where to reach the debtor is allowed, never a word about "
                      f"the debt.",
                      f"被联系人（{role(rec.role, True)}）属于第三人：只能询问债务人的位置信息，"
                      f"不得谈及债务。",
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
                      f"This third party was already asked where to reach the debtor on "
                      f"{run.local_date(last)}: that question may be asked only once per person.",
                      f"已于 {run.local_date(last)} 向该第三人询问过债务人的位置信息：每人仅可询问一次。",
                      NEVER, previous=last.isoformat())
        return
    if req.purpose == "collect":
        run.block("UK-3P-01", "recipient",
                  f"The person contacted ({role(rec.role, False)}) is a third party: the debt "
                  f"must not be disclosed to or discussed with them.",
                  f"被联系人（{role(rec.role, True)}）属于第三人：不得向其披露或讨论债务。",
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

def _channel_gate(run: Run) -> None:
    req, policy, prefs, rec = run.req, run.policy, run.req.preferences, run.req.recipient
    opted = prefs.opted_out_channels
    if req.channel in opted or (req.channel == "voicemail" and "call" in opted):
        run.block(policy.rule_opt_out, "channel",
                  f"The person asked not to receive {channel(req.channel, False)}.",
                  f"对方已要求不通过{channel(req.channel, True)}联系。", NEVER, channel=req.channel)
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


def _business_channel_gate(run: Run) -> None:
    """The B2B channel rules: the person's own opt-outs, and no channel that shows the
    content to everyone (postcards, public messages: disclosure). A customer's people are
    reached at work, so the consumer's workplace rules do not apply."""
    req, policy, prefs, rec = run.req, run.policy, run.req.preferences, run.req.recipient
    opted = prefs.opted_out_channels
    if req.channel in opted or (req.channel == "voicemail" and "call" in opted):
        run.block(policy.rule_opt_out, "channel",
                  f"The person asked not to receive {channel(req.channel, False)}.",
                  f"对方已要求不通过{channel(req.channel, True)}联系。", NEVER, channel=req.channel)
    if rec.contact_point is not None and rec.contact_point in prefs.opted_out_contact_points:
        run.block(policy.rule_opt_out, "channel",
                  f"The person asked not to be contacted at {rec.contact_point}.",
                  f"对方已要求不通过该联系方式（{rec.contact_point}）联系。", NEVER,
                  contact_point=rec.contact_point)
    if (req.channel == "letter" and req.letter_postcard) or (
        req.channel == "im" and req.im_visible_to_others
    ):
        run.block("DEF-CONTENT-05", "channel",
                  "A postcard or a public message shows its content to anyone: a disclosure.",
                  "明信片或公开消息的内容任何人可见，属于披露，不得使用。", NEVER)


# -- 4. Time: timing.py. 5. Frequency: frequency.py. -----------------------------------------------

# -- 6. Content ------------------------------------------------------------------------------------

_THIRD_PARTY_DISCLOSURE_RULE = {"cn": "CN-PARTY-03", "location": "US-LOC-01",
                                "no_disclosure": "UK-3P-01"}


def _content_gate(run: Run, third_party: bool, exempt: bool) -> None:
    req, policy = run.req, run.policy
    if not req.text:
        return
    shared_line = req.channel == "voicemail"
    findings = check_content(req.text, profile=policy.name, time_barred=req.account.time_barred,
                             third_party=third_party or shared_line, reviewed=run.reviewed)
    run.content_model = content_model_version()
    for f in findings:
        learned = {} if f.source == "rule" else {
            "source": f.source, "probability": f.probability, "review": f.review,
            "model_version": f.model_version}
        run.block(f.rule_id, "content", f.reason_en, f.reason_zh, NEVER, span=f.span,
                  category=f.category, **learned)
        if f.category == "time_barred_litigation" and policy.rule_time_barred != f.rule_id:
            run.block(policy.rule_time_barred, "content", f.reason_en, f.reason_zh, NEVER,
                      span=f.span)
        elif f.category == "disclosure" and third_party:
            rule = ("B2B-3P-01" if req.account.company
                    else _THIRD_PARTY_DISCLOSURE_RULE[policy.third_party_mode])
            run.block(rule, "content",
                      f.reason_en, f.reason_zh, NEVER, span=f.span)
        elif f.category == "disclosure" and shared_line:
            run.block("US-LCM-01", "content",
                      "A voicemail may be heard by others: it must be a limited-content message "
                      "with no mention of a debt.",
                      "语音留言可能被他人听到：只能留有限内容，不得提及债务。", NEVER, span=f.span)
    if exempt or third_party or req.channel != "call" or req.purpose != "collect":
        return
    _disclosure(run)


def _disclosure(run: Run) -> None:
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

def _visit_gate(run: Run) -> None:
    req, policy = run.req, run.policy
    if not policy.visits_allowed:
        run.block(policy.rule_visit, "visit",
                  "Field visits are off in this profile until a human assigns a jurisdiction.",
                  "该配置下禁止上门，须先由人工指定适用的司法辖区。", NEVER)
        return
    if req.visitors < policy.visit_min_staff:
        run.block(policy.rule_visit, "visit",
                  f"{count(req.visitors, 'staff member')} planned for the visit; at least "
                  f"{policy.visit_min_staff} must attend together.",
                  f"计划上门人数 {req.visitors} 人，至少须 {policy.visit_min_staff} 人同行。",
                  NEVER, visitors=req.visitors, minimum=policy.visit_min_staff)
    if policy.uk_suspensions_apply and req.account.vulnerable:
        run.block("UK-VISIT-01", "visit",
                  "The customer is known or suspected to be vulnerable: no visit.",
                  "已知或怀疑客户属于弱势群体：不得上门。", NEVER)


def _recording_gate(run: Run) -> None:
    # The request carries recording facts only when the caller's system knows them; when it
    # does, a call that will not announce its recording is blocked (IND-REC-03). Payment-data
    # masking is enforced at payment capture, not at the decision to call.
    rec = run.req.recording
    if rec is not None and run.req.channel == "call" and not rec.get("announced", False):
        run.block("IND-REC-03", "recording",
                  "The call will be recorded without announcing it.",
                  "通话将被录音但未告知对方。", NEVER)


def _moment(run: Run, instant: datetime, zh: bool) -> str:
    """An instant in the recipient's first zone, as the operator should read it."""
    zone = run.zones[0]
    return local_moment(instant.astimezone(zone), zone.key, zh)


def _earliest(*instants: datetime | None) -> datetime | None:
    present = [i for i in instants if i is not None]
    return min(present) if present else None


__all__ = ["NEVER", "Contact", "Decision", "Finding", "evaluate"]
