"""The contact gate, table-driven: one scenario per row, each naming the rule it exercises.

`expect` is the rule id that must fire, or None when the contact must be allowed; an allowed
row still names the rule whose edge it sits on. Dates: 2025-03-05 is a Wednesday.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from arrears.compliance.tests.helpers import call, decide, req

W = "2025-03-05"  # Wednesday; CN +08:00, US (Chicago) -06:00, UK +00:00, Berlin +01:00


def cn(time: str, **kw: Any) -> dict[str, Any]:
    return req("CN", f"{W}T{time}+08:00", **kw)


def us(time: str, **kw: Any) -> dict[str, Any]:
    return req("US", f"{W}T{time}-06:00", **kw)


def uk(time: str, **kw: Any) -> dict[str, Any]:
    return req("UK", f"{W}T{time}+00:00", **kw)


def gs(time: str, day: str = W, **kw: Any) -> dict[str, Any]:
    return req("GLOBAL-STRICT", f"{day}T{time}+01:00", **kw)


def us_calls(days_ago: list[int], **kw: Any) -> list[dict[str, Any]]:
    """Calls at 10:00 Chicago time, `days_ago` local days before 2025-03-05."""
    return [
        call((date(2025, 3, 5) - timedelta(days=d)).isoformat() + "T10:00:00-06:00", **kw) for d in days_ago
    ]


THIRD: dict[str, Any] = {
    "recipient": {"role": "sibling", "person_id": "P9", "contact_point": "M9"},
    "purpose": "location",
}
US_SCRIPT = "Hello {debtor_name}, this is a debt collector calling about your account."

SCENARIOS: list[tuple[str, str | None, dict[str, Any]]] = [
    # --- CN ---------------------------------------------------------------------------------
    ("cn exactly 08:00 local is allowed", "CN-TIME-01", cn("08:00:00")),
    ("cn 07:59 local is blocked", "CN-TIME-01", cn("07:59:00")),
    ("cn 21:00 local is allowed (CN window ends at 22:00)", "CN-TIME-01", cn("21:00:00")),
    ("cn 21:59 local is allowed", "CN-TIME-01", cn("21:59:59")),
    ("cn exactly 22:00 local is blocked", "CN-TIME-01", cn("22:00:00")),
    (
        "cn default zone Asia/Shanghai when no zone is given",
        "CN-TIME-01",
        req("CN", "2025-03-04T23:30:00+00:00", recipient={"time_zones": []}),
    ),
    (
        "cn agreed time outside the window is allowed",
        "CN-TIME-01",
        cn("07:30:00", preferences={"agreed_times": [{"weekdays": [], "from": "07:00", "to": "08:00"}]}),
    ),
    (
        "cn stated inconvenient time is blocked",
        "CN-TIME-01",
        cn(
            "13:00:00",
            preferences={"inconvenient_times": [{"weekdays": [3], "from": "12:00", "to": "14:00"}]},
        ),
    ),
    (
        "cn 6 dials to the number today block the 7th",
        "CN-FREQ-01",
        cn("15:00:00", history=[call(f"{W}T{h:02d}:00:00+08:00", connected=False) for h in range(8, 14)]),
    ),
    (
        "cn 5 dials to the number today allow the 6th",
        "CN-FREQ-01",
        cn("15:00:00", history=[call(f"{W}T{h:02d}:00:00+08:00", connected=False) for h in range(8, 13)]),
    ),
    (
        "cn dials counted by local day: yesterday's 6 do not count",
        "CN-FREQ-01",
        cn(
            "09:00:00",
            history=[call(f"2025-03-04T{h:02d}:00:00+08:00", connected=False) for h in range(14, 20)],
        ),
    ),
    (
        "cn local day starts at local midnight, not UTC midnight",
        "CN-FREQ-01",
        cn("09:00:00", history=[call(f"2025-03-04T16:{m:02d}:00+00:00", connected=False) for m in range(6)]),
    ),
    (
        "cn dials to another number do not count",
        "CN-FREQ-01",
        cn("15:00:00", history=[call(f"{W}T{h:02d}:00:00+08:00", point="M2") for h in range(8, 14)]),
    ),
    (
        "cn 3 connected calls today block the 4th",
        "CN-FREQ-02",
        cn("15:00:00", history=[call(f"{W}T{h:02d}:00:00+08:00", conversation=True) for h in (9, 10, 11)]),
    ),
    (
        "cn 2 connected calls today allow the 3rd",
        "CN-FREQ-02",
        cn("15:00:00", history=[call(f"{W}T{h:02d}:00:00+08:00", conversation=True) for h in (9, 10)]),
    ),
    (
        "cn connected calls count across collectors and agencies",
        "CN-FREQ-02",
        cn(
            "15:00:00",
            history=[
                call(f"{W}T{h:02d}:00:00+08:00", conversation=True, by=b, point=p)
                for h, b, p in ((9, "bank", "M1"), (10, "agency-a", "M2"), (11, "agency-b", "M3"))
            ],
        ),
    ),
    ("cn third party while the debtor is reachable is blocked", "CN-PARTY-02", cn("10:00:00", **THIRD)),
    (
        "cn third party when the debtor's numbers are invalid is allowed",
        "CN-PARTY-02",
        cn("10:00:00", **THIRD, account={"debtor_contact_points_invalid": True}),
    ),
    (
        "cn third party after 3 consecutive failed attempts is allowed",
        "CN-PARTY-02",
        cn(
            "10:00:00",
            **THIRD,
            history=[call(f"2025-03-04T{h:02d}:00:00+08:00", connected=False) for h in (9, 12, 15)],
        ),
    ),
    (
        "cn third party after only 2 failed attempts is blocked",
        "CN-PARTY-02",
        cn(
            "10:00:00",
            **THIRD,
            history=[call(f"2025-03-04T{h:02d}:00:00+08:00", connected=False) for h in (12, 15)],
        ),
    ),
    (
        "cn a conversation resets the failed-attempt count",
        "CN-PARTY-02",
        cn(
            "10:00:00",
            **THIRD,
            history=[
                call("2025-03-03T09:00:00+08:00", connected=False),
                call("2025-03-03T10:00:00+08:00", connected=False),
                call("2025-03-04T09:00:00+08:00", connected=False),
                call("2025-03-04T12:00:00+08:00", conversation=True),
            ],
        ),
    ),
    (
        "cn asking an unrelated third party to pay is blocked",
        "CN-PARTY-01",
        cn(
            "10:00:00",
            recipient={"role": "child", "person_id": "P9"},
            purpose="collect",
            account={"debtor_contact_points_invalid": True},
        ),
    ),
    (
        "cn a third party who offered to pay may be asked",
        "CN-PARTY-01",
        cn(
            "10:00:00",
            recipient={"role": "child", "person_id": "P9", "offered_to_pay_at": f"{W}T09:00:00+08:00"},
            purpose="collect",
            account={"debtor_contact_points_invalid": True},
        ),
    ),
    (
        "cn telling a third party about the debt is blocked",
        "CN-PARTY-03",
        cn(
            "10:00:00",
            **THIRD,
            account={"debtor_contact_points_invalid": True},
            text="请转告他，他的信用卡欠款已经逾期了。",
        ),
    ),
    (
        "cn a third party asked only to pass a message is allowed",
        "CN-PARTY-03",
        cn(
            "10:00:00",
            recipient={"role": "parent", "person_id": "P9"},
            purpose="message_only",
            account={"debtor_contact_points_invalid": True},
            text="麻烦您转告{debtor_name}给我们回个电话，谢谢。",
        ),
    ),
    (
        "cn a guarantor may be asked to pay",
        "CN-PARTY-01",
        cn("10:00:00", recipient={"role": "guarantor", "person_id": "P5"}),
    ),
    (
        "cn a spouse is a third party in China",
        "CN-PARTY-01",
        cn(
            "10:00:00",
            recipient={"role": "spouse", "person_id": "P6"},
            account={"debtor_contact_points_invalid": True},
        ),
    ),
    ("cn an open dispute suspends demands", "CN-DISPUTE-01", cn("10:00:00", account={"dispute_open": True})),
    (
        "cn a verified dispute no longer suspends",
        "CN-DISPUTE-01",
        cn("10:00:00", account={"dispute_open": True, "dispute_verified_at": "2025-03-04T10:00:00+08:00"}),
    ),
    (
        "cn a dispute-verification call is allowed during a dispute",
        "CN-DISPUTE-01",
        cn("10:00:00", purpose="dispute_verification", account={"dispute_open": True}),
    ),
    ("cn a one-person visit is blocked", "CN-VISIT-01", cn("10:00:00", channel="visit", visitors=1)),
    (
        "cn a two-person visit inside the window is allowed",
        "CN-VISIT-01",
        cn("10:00:00", channel="visit", visitors=2),
    ),
    ("cn a two-person visit at 22:30 is blocked", "CN-TIME-01", cn("22:30:00", channel="visit", visitors=2)),
    (
        "cn first contact without naming the institution is blocked",
        "CN-ID-01",
        cn("10:00:00", text="您好，请问是{debtor_name}吗？您的账单已逾期。"),
    ),
    (
        "cn first contact naming the institution is allowed",
        "CN-ID-01",
        cn("10:00:00", text="您好，我是某某银行信用卡中心的客服专员，请问是{debtor_name}吗？"),
    ),
    (
        "cn courier pretext is impersonation",
        "DEF-CONTENT-01",
        cn("10:00:00", text="您好，我是顺丰快递的，有个包裹需要确认地址。"),
    ),
    (
        "cn litigation language on a time-barred debt is blocked",
        "CN-LIMIT-01",
        cn("10:00:00", account={"time_barred": True}, text="我是某某银行的，我们将向法院起诉您。"),
    ),
    (
        "cn a message visible in public is blocked",
        "CN-CONTENT-05",
        cn("10:00:00", channel="im", im_visible_to_others=True),
    ),
    (
        "cn a medium the debtor opted out of is blocked",
        "US-MEDIUM-01",
        cn("10:00:00", channel="sms", preferences={"opted_out_channels": ["sms"]}),
    ),
    ("cn bankruptcy stops contact", "DEF-STATE-01", cn("10:00:00", account={"bankruptcy": True})),
    # --- US ---------------------------------------------------------------------------------
    ("us exactly 08:00 local is allowed", "US-TIME-01", us("08:00:00")),
    ("us 07:59 local is blocked", "US-TIME-01", us("07:59:00")),
    ("us 20:59 local is allowed", "US-TIME-01", us("20:59:00")),
    ("us exactly 21:00 local is blocked", "US-TIME-01", us("21:00:00")),
    ("us 22:00 local is blocked", "US-TIME-01", us("22:00:00")),
    (
        "us DST: 13:30Z is 07:30 CST the day before the change",
        "US-TIME-01",
        req("US", "2025-03-08T13:30:00+00:00"),
    ),
    (
        "us DST: 13:30Z is 08:30 CDT the day of the change",
        "US-TIME-01",
        req("US", "2025-03-09T13:30:00+00:00"),
    ),
    ("us DST end: 13:30Z is 07:30 CST after fall-back", "US-TIME-01", req("US", "2025-11-02T13:30:00+00:00")),
    (
        "us debtor in Los Angeles, collector in New York at 08:30",
        "US-TIME-01",
        req("US", f"{W}T08:30:00-05:00", recipient={"time_zones": ["America/Los_Angeles"]}),
    ),
    (
        "us candidate zones disagree: fine in New York, too early in Los Angeles",
        "US-TIME-02",
        req(
            "US", f"{W}T13:00:00+00:00", recipient={"time_zones": ["America/New_York", "America/Los_Angeles"]}
        ),
    ),
    (
        "us candidate zones both inside the window",
        "US-TIME-02",
        req(
            "US", f"{W}T17:00:00+00:00", recipient={"time_zones": ["America/New_York", "America/Los_Angeles"]}
        ),
    ),
    (
        "us stated inconvenient time (not before noon) is blocked",
        "US-TIME-03",
        us(
            "10:00:00", preferences={"inconvenient_times": [{"weekdays": [], "from": "00:00", "to": "12:00"}]}
        ),
    ),
    (
        "us the 7th call in 7 days is allowed",
        "US-FREQ-01",
        us("12:00:00", history=us_calls([0, 1, 2, 3, 4, 5])),
    ),
    (
        "us the 8th call in 7 days is blocked",
        "US-FREQ-01",
        us("12:00:00", history=us_calls([0, 1, 2, 3, 4, 5, 6])),
    ),
    (
        "us voicemails count towards 7-in-7",
        "US-FREQ-01",
        us("12:00:00", history=us_calls([0, 1, 2, 3, 4, 5, 6], channel="voicemail")),
    ),
    (
        "us unconnected calls are not counted",
        "US-FREQ-01",
        us("12:00:00", history=us_calls([0, 1, 2, 3, 4, 5]) + us_calls([6], connected=False)),
    ),
    (
        "us the window rolls: a call 7 days ago has dropped out",
        "US-FREQ-01",
        us("12:00:00", history=us_calls([0, 1, 2, 3, 4, 5, 7])),
    ),
    (
        "us calls about another debt are not counted",
        "US-FREQ-01",
        us("12:00:00", history=us_calls([0, 1, 2, 3, 4, 5]) + us_calls([6], debt="D2")),
    ),
    (
        "us calls to another person are not counted",
        "US-FREQ-01",
        us("12:00:00", history=us_calls([0, 1, 2, 3, 4, 5]) + us_calls([6], person="P2")),
    ),
    (
        "us a conversation 6 days earlier blocks (day 1 is the conversation's day)",
        "US-FREQ-02",
        us("12:00:00", history=us_calls([6], conversation=True)),
    ),
    (
        "us a conversation 7 days earlier no longer blocks",
        "US-FREQ-02",
        us("12:00:00", history=us_calls([7], conversation=True)),
    ),
    (
        "us a conversation earlier today blocks",
        "US-FREQ-02",
        us("12:00:00", history=[call(f"{W}T09:00:00-06:00", conversation=True)]),
    ),
    (
        "us a conversation about another debt does not block",
        "US-FREQ-02",
        us("12:00:00", history=us_calls([2], conversation=True, debt="D2")),
    ),
    (
        "us call consent 2 days ago: 8th call is not counted",
        "US-FREQ-03",
        us(
            "12:00:00",
            preferences={"call_consent_at": "2025-03-03T09:00:00-06:00"},
            history=us_calls([0, 1, 2, 3, 4, 5, 6]),
        ),
    ),
    (
        "us call consent 13 days ago has lapsed",
        "US-FREQ-01",
        us(
            "12:00:00",
            preferences={"call_consent_at": "2025-02-20T09:00:00-06:00"},
            history=us_calls([0, 1, 2, 3, 4, 5, 6]),
        ),
    ),
    (
        "us calls placed under consent are not counted later",
        "US-FREQ-03",
        us(
            "12:00:00",
            preferences={"call_consent_at": "2025-02-25T09:00:00-06:00"},
            history=us_calls([3, 3, 4, 4, 5, 6, 6]),
        ),
    ),
    (
        "us consent does not excuse the conversation wait when it has lapsed",
        "US-FREQ-02",
        us(
            "12:00:00",
            preferences={"call_consent_at": "2025-02-20T09:00:00-06:00"},
            history=us_calls([1], conversation=True),
        ),
    ),
    ("us third party asked only for location is allowed", "US-LOC-01", us("10:00:00", **THIRD)),
    (
        "us third party told about the debt is blocked",
        "US-LOC-01",
        us(
            "10:00:00",
            **THIRD,
            text="Hi, I'm calling to confirm where {debtor_name} lives because he owes us money.",
        ),
    ),
    (
        "us third party for collection is blocked",
        "US-3P-01",
        us("10:00:00", recipient={"role": "colleague", "person_id": "P9"}, purpose="collect"),
    ),
    (
        "us a second location call to the same person is blocked",
        "US-LOC-01",
        us(
            "10:00:00",
            **THIRD,
            history=[
                call(
                    "2025-02-20T10:00:00-06:00",
                    person="P9",
                    point="M9",
                    conversation=True,
                    purpose="location",
                )
            ],
        ),
    ),
    (
        "us an unanswered location attempt does not use up the one contact",
        "US-LOC-01",
        us(
            "10:00:00",
            **THIRD,
            history=[
                call(
                    "2025-02-20T10:00:00-06:00", person="P9", point="M9", connected=False, purpose="location"
                )
            ],
        ),
    ),
    (
        "us the spouse counts as the consumer",
        "US-3P-01",
        us("10:00:00", recipient={"role": "spouse", "person_id": "P6"}),
    ),
    (
        "us the parent of a minor counts as the consumer",
        "US-3P-01",
        us("10:00:00", recipient={"role": "parent", "person_id": "P7"}, account={"debtor_is_minor": True}),
    ),
    (
        "us the parent of an adult is a third party",
        "US-3P-01",
        us("10:00:00", recipient={"role": "parent", "person_id": "P7"}),
    ),
    (
        "us a cease request stops calls",
        "US-CEASE-01",
        us("10:00:00", account={"cease_requested_at": "2025-03-01T10:00:00-06:00"}),
    ),
    (
        "us after a cease request a confirmation letter is allowed",
        "US-CEASE-01",
        us(
            "10:00:00",
            channel="letter",
            purpose="cease_confirmation",
            account={"cease_requested_at": "2025-03-01T10:00:00-06:00"},
        ),
    ),
    (
        "us a fourth letter after a cease request is blocked",
        "US-CEASE-01",
        us(
            "10:00:00",
            channel="letter",
            purpose="cease_confirmation",
            account={"cease_requested_at": "2025-03-01T10:00:00-06:00"},
            history=[
                call(f"2025-03-0{d}T10:00:00-06:00", channel="letter", purpose="cease_confirmation")
                for d in (2, 3, 4)
            ],
        ),
    ),
    (
        "us a written refusal to pay stops calls",
        "US-CEASE-01",
        us("10:00:00", account={"refused_in_writing_at": "2025-03-01T10:00:00-06:00"}),
    ),
    (
        "us written dispute in the validation period before verification",
        "US-DISP-01",
        us(
            "10:00:00",
            account={
                "validation_notice_at": "2025-02-20T10:00:00-06:00",
                "written_dispute_at": "2025-03-01T10:00:00-06:00",
            },
        ),
    ),
    (
        "us written dispute after verification was sent",
        "US-DISP-01",
        us(
            "10:00:00",
            account={
                "validation_notice_at": "2025-02-20T10:00:00-06:00",
                "written_dispute_at": "2025-03-01T10:00:00-06:00",
                "dispute_verified_at": "2025-03-04T10:00:00-06:00",
            },
        ),
    ),
    (
        "us written dispute after the validation period does not suspend",
        "US-DISP-01",
        us(
            "10:00:00",
            account={
                "validation_notice_at": "2025-01-02T10:00:00-06:00",
                "written_dispute_at": "2025-02-28T10:00:00-06:00",
            },
        ),
    ),
    (
        "us an oral dispute alone does not suspend",
        "US-DISP-01",
        us("10:00:00", account={"dispute_open": True}),
    ),
    (
        "us represented consumer: calling the debtor is blocked",
        "US-ATTY-01",
        us("10:00:00", account={"attorney_represented": True}),
    ),
    (
        "us represented consumer: calling the attorney is allowed",
        "US-ATTY-01",
        us(
            "10:00:00",
            recipient={"role": "attorney", "person_id": "P8"},
            account={"attorney_represented": True},
        ),
    ),
    ("us opted out of calls", "US-MEDIUM-01", us("10:00:00", preferences={"opted_out_channels": ["call"]})),
    (
        "us a voicemail when calls were opted out",
        "US-MEDIUM-01",
        us("10:00:00", channel="voicemail", preferences={"opted_out_channels": ["call"]}),
    ),
    (
        "us opted-out contact point",
        "US-MEDIUM-01",
        us("10:00:00", preferences={"opted_out_contact_points": ["M1"]}),
    ),
    (
        "us no calls at work after the consumer said so",
        "US-WORK-01",
        us("10:00:00", recipient={"at_workplace": True}, preferences={"no_workplace_contact": True}),
    ),
    (
        "us no email to a workplace address",
        "US-WORK-01",
        us("10:00:00", channel="email", recipient={"at_workplace": True}),
    ),
    ("us no postcards", "US-SOCIAL-01", us("10:00:00", channel="letter", letter_postcard=True)),
    (
        "us no public social-media messages",
        "US-SOCIAL-01",
        us("10:00:00", channel="im", im_visible_to_others=True),
    ),
    (
        "us no threat of suit on a time-barred debt",
        "US-TB-01",
        us(
            "10:00:00",
            account={"time_barred": True},
            text=US_SCRIPT + " If you don't pay we could take legal action.",
        ),
    ),
    (
        "us a call script without the debt-collector disclosure",
        "US-ID-01",
        us("10:00:00", text="Hello {debtor_name}, please call us back about your account."),
    ),
    ("us a call script with the disclosure passes", "US-ID-01", us("10:00:00", text=US_SCRIPT)),
    (
        "us a voicemail naming the debt is not a limited-content message",
        "US-LCM-01",
        us(
            "10:00:00",
            channel="voicemail",
            text="This is a message about your overdue balance of {amount_due}.",
        ),
    ),
    (
        "us a limited-content voicemail passes",
        "US-LCM-01",
        us(
            "10:00:00",
            channel="voicemail",
            text="This is Jordan from Northgate Services; please call 555-0100.",
        ),
    ),
    ("us a business debt is outside Reg F hours", "US-SCOPE-01", us("22:00:00", account={"consumer": False})),
    (
        "us a threat of arrest is blocked",
        "DEF-CONTENT-02",
        us("10:00:00", text=US_SCRIPT + " The police will come and arrest you."),
    ),
    # --- UK ---------------------------------------------------------------------------------
    ("uk exactly 08:00 local is allowed", "UK-TIME-01", uk("08:00:00")),
    ("uk exactly 21:00 local is blocked", "UK-TIME-01", uk("21:00:00")),
    (
        "uk BST start: 07:30Z is 07:30 GMT the day before",
        "UK-TIME-01",
        req("UK", "2025-03-29T07:30:00+00:00"),
    ),
    ("uk BST start: 07:30Z is 08:30 BST on the day", "UK-TIME-01", req("UK", "2025-03-30T07:30:00+00:00")),
    (
        "uk Breathing Space suspends contact",
        "UK-BS-01",
        uk("10:00:00", account={"breathing_space_until": "2025-04-20T00:00:00+01:00"}),
    ),
    (
        "uk an ended Breathing Space no longer suspends",
        "UK-BS-01",
        uk("10:00:00", account={"breathing_space_until": "2025-03-01T00:00:00+00:00"}),
    ),
    (
        "uk a mental-capacity concern suspends recovery",
        "UK-MCL-01",
        uk("10:00:00", account={"mental_capacity_concern": True}),
    ),
    (
        "uk a debt adviser's plan suspends recovery",
        "UK-ADVICE-01",
        uk("10:00:00", account={"debt_adviser_until": "2025-03-30T00:00:00+00:00"}),
    ),
    ("uk an open dispute suspends recovery", "UK-DISP-01", uk("10:00:00", account={"dispute_open": True})),
    (
        "uk collecting from a third party is blocked",
        "UK-3P-01",
        uk("10:00:00", recipient={"role": "relative", "person_id": "P9"}, purpose="collect"),
    ),
    ("uk a location question to a third party is allowed", "UK-3P-01", uk("10:00:00", **THIRD)),
    (
        "uk no visit to a vulnerable customer",
        "UK-VISIT-01",
        uk("10:00:00", channel="visit", visitors=2, account={"vulnerable": True}),
    ),
    (
        "uk the 8th call in 7 days is blocked",
        "UK-TIME-01",
        uk("12:00:00", history=[call(f"2025-03-0{d}T10:00:00+00:00") for d in (1, 1, 2, 2, 3, 4, 5)]),
    ),
    (
        "uk a conversation 6 days earlier blocks",
        "UK-TIME-01",
        uk("12:00:00", history=[call("2025-02-27T10:00:00+00:00", conversation=True)]),
    ),
    (
        "uk no court talk on a statute-barred debt",
        "UK-SB-01",
        uk("10:00:00", account={"time_barred": True}, text="We may issue a county court claim."),
    ),
    # --- GLOBAL-STRICT ------------------------------------------------------------------------
    ("gs exactly 09:00 on a weekday is allowed", "DEF-PROFILE-01", gs("09:00:00")),
    ("gs 08:59 is blocked", "DEF-PROFILE-01", gs("08:59:00")),
    ("gs exactly 20:00 is blocked", "DEF-PROFILE-01", gs("20:00:00")),
    ("gs Sunday noon is blocked", "DEF-PROFILE-01", gs("12:00:00", day="2025-03-09")),
    ("gs Saturday noon is allowed", "DEF-PROFILE-01", gs("12:00:00", day="2025-03-08")),
    (
        "gs a missing profile means GLOBAL-STRICT",
        "DEF-PROFILE-01",
        {k: v for k, v in gs("12:00:00", day="2025-03-09").items() if k != "profile"},
    ),
    (
        "gs agreed times do not relax the window",
        "DEF-PROFILE-01",
        gs("08:30:00", preferences={"agreed_times": [{"weekdays": [], "from": "08:00", "to": "09:00"}]}),
    ),
    ("gs visits are off", "DEF-PROFILE-01", gs("12:00:00", channel="visit", visitors=2)),
    (
        "gs 3 conversations in a week block the 4th",
        "DEF-PROFILE-01",
        gs(
            "12:00:00",
            history=[
                call(f"2025-03-0{d}T10:00:00+01:00", conversation=True, debt=f"D{d}") for d in (1, 3, 4)
            ],
        ),
    ),
    (
        "gs the 8th call in 7 days is blocked, whatever the debt",
        "DEF-PROFILE-01",
        gs(
            "12:00:00",
            history=[
                call(f"2025-03-0{d}T10:00:00+01:00", debt=f"D{d}", connected=False)
                for d in (1, 1, 2, 2, 3, 4, 5)
            ],
        ),
    ),
    (
        "gs third party for collection is blocked",
        "US-3P-01",
        gs("12:00:00", recipient={"role": "reference", "person_id": "P9"}),
    ),
    (
        "gs a second location call to the same person is blocked",
        "US-LOC-01",
        gs(
            "12:00:00",
            **THIRD,
            history=[call("2025-02-20T10:00:00+01:00", person="P9", conversation=True, purpose="location")],
        ),
    ),
    (
        "gs Breathing Space applies",
        "UK-BS-01",
        gs("12:00:00", account={"breathing_space_until": "2025-04-01T00:00:00+01:00"}),
    ),
    (
        "gs a cease request applies",
        "US-CEASE-01",
        gs("12:00:00", account={"cease_requested_at": "2025-03-01T00:00:00+01:00"}),
    ),
    ("gs deceased debtor", "DEF-STATE-02", gs("12:00:00", account={"deceased": True})),
    (
        "gs insults are blocked",
        "DEF-CONTENT-03",
        gs("12:00:00", text="This is a debt collector. Pay up, you deadbeat."),
    ),
    (
        "gs script naming neither institution nor collection",
        "DEF-CONTENT-07",
        gs("12:00:00", text="Hello, please call us back."),
    ),
    # --- CARE-HOLD: every profile, channel, recipient and purpose ----------------------------
    (
        "cn an open care hold blocks a call",
        "CARE-HOLD",
        cn("10:00:00", account={"care_hold_since": f"{W}T09:30:00+08:00"}),
    ),
    (
        "cn an open care hold blocks a letter",
        "CARE-HOLD",
        cn("10:00:00", channel="letter", account={"care_hold_since": "2025-03-01T09:30:00+08:00"}),
    ),
    (
        "cn an open care hold blocks a third party asked for a message",
        "CARE-HOLD",
        cn(
            "10:00:00",
            recipient={"role": "sibling", "person_id": "P9", "contact_point": "M9"},
            purpose="message_only",
            account={"care_hold_since": "2025-03-01T09:30:00+08:00", "debtor_contact_points_invalid": True},
        ),
    ),
    (
        "cn a care hold raised after the moment asked about does not apply to it",
        "CARE-HOLD",
        cn("10:00:00", account={"care_hold_since": f"{W}T11:00:00+08:00"}),
    ),
    (
        "us an open care hold blocks a call",
        "CARE-HOLD",
        us("10:00:00", account={"care_hold_since": "2025-03-04T10:00:00-06:00"}),
    ),
    (
        "us an open care hold blocks contact on a business debt too",
        "CARE-HOLD",
        us("10:00:00", account={"consumer": False, "care_hold_since": "2025-03-04T10:00:00-06:00"}),
    ),
    (
        "uk an open care hold blocks an email",
        "CARE-HOLD",
        uk("10:00:00", channel="email", account={"care_hold_since": "2025-03-04T10:00:00+00:00"}),
    ),
    (
        "uk a reviewed care hold waits until its resume time",
        "CARE-HOLD",
        uk("10:00:00", account={"care_resume_after": "2025-03-10T00:00:00+00:00"}),
    ),
    (
        "uk a reviewed care hold past its resume time allows contact",
        "CARE-HOLD",
        uk("10:00:00", account={"care_resume_after": "2025-03-05T00:00:00+00:00"}),
    ),
    (
        "gs an open care hold blocks a visit",
        "CARE-HOLD",
        gs("12:00:00", channel="visit", visitors=2, account={"care_hold_since": "2025-03-04T10:00:00+01:00"}),
    ),
]

# The rows where the contact must be allowed; every other row must be blocked by its rule.
ALLOWED = {
    "cn exactly 08:00 local is allowed",
    "cn 21:00 local is allowed (CN window ends at 22:00)",
    "cn 21:59 local is allowed",
    "cn agreed time outside the window is allowed",
    "cn 5 dials to the number today allow the 6th",
    "cn dials counted by local day: yesterday's 6 do not count",
    "cn dials to another number do not count",
    "cn 2 connected calls today allow the 3rd",
    "cn third party when the debtor's numbers are invalid is allowed",
    "cn third party after 3 consecutive failed attempts is allowed",
    "cn a third party who offered to pay may be asked",
    "cn a third party asked only to pass a message is allowed",
    "cn a guarantor may be asked to pay",
    "cn a verified dispute no longer suspends",
    "cn a dispute-verification call is allowed during a dispute",
    "cn a two-person visit inside the window is allowed",
    "cn first contact naming the institution is allowed",
    "us exactly 08:00 local is allowed",
    "us 20:59 local is allowed",
    "us DST: 13:30Z is 08:30 CDT the day of the change",
    "us candidate zones both inside the window",
    "us the 7th call in 7 days is allowed",
    "us unconnected calls are not counted",
    "us the window rolls: a call 7 days ago has dropped out",
    "us calls about another debt are not counted",
    "us calls to another person are not counted",
    "us a conversation 7 days earlier no longer blocks",
    "us a conversation about another debt does not block",
    "us call consent 2 days ago: 8th call is not counted",
    "us calls placed under consent are not counted later",
    "us third party asked only for location is allowed",
    "us an unanswered location attempt does not use up the one contact",
    "us the spouse counts as the consumer",
    "us the parent of a minor counts as the consumer",
    "us after a cease request a confirmation letter is allowed",
    "us written dispute after verification was sent",
    "us written dispute after the validation period does not suspend",
    "us an oral dispute alone does not suspend",
    "us represented consumer: calling the attorney is allowed",
    "us a call script with the disclosure passes",
    "us a limited-content voicemail passes",
    "us a business debt is outside Reg F hours",
    "uk exactly 08:00 local is allowed",
    "uk BST start: 07:30Z is 08:30 BST on the day",
    "uk an ended Breathing Space no longer suspends",
    "uk a location question to a third party is allowed",
    "gs exactly 09:00 on a weekday is allowed",
    "gs Saturday noon is allowed",
    "cn a care hold raised after the moment asked about does not apply to it",
    "uk a reviewed care hold past its resume time allows contact",
}


@pytest.mark.parametrize(("name", "rule", "data"), SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_scenario(name: str, rule: str, data: dict[str, Any]) -> None:
    decision = decide(data)
    if name not in ALLOWED:
        assert not decision.allowed, decision.to_dict("en")
        assert rule in decision.rule_ids, decision.to_dict("en")
    else:
        assert decision.allowed, decision.to_dict("en")
        assert rule not in decision.rule_ids


def test_there_are_at_least_80_scenarios_across_the_four_profiles() -> None:
    assert len(SCENARIOS) >= 80
    assert {name for name, _, _ in SCENARIOS} >= ALLOWED
    profiles = {data.get("profile", "GLOBAL-STRICT") for _, _, data in SCENARIOS}
    assert profiles == {"CN", "US", "UK", "GLOBAL-STRICT"}


def test_an_open_care_hold_needs_a_person_and_a_waiting_period_names_its_end() -> None:
    from datetime import datetime

    held = decide(cn("10:00:00", account={"care_hold_since": f"{W}T09:30:00+08:00"}))
    assert list(held.rule_ids) == ["CARE-HOLD"] and held.next_allowed_at is None
    reason = held.to_dict("zh-hans")["reasons"][0]["reason"]
    assert "组长复核" in reason and "2025-03-05 09:30" in reason
    waiting = decide(uk("10:00:00", account={"care_resume_after": "2025-03-10T00:00:00+00:00"}))
    assert waiting.next_allowed_at is not None
    assert waiting.next_allowed_at >= datetime.fromisoformat("2025-03-10T00:00:00+00:00")
