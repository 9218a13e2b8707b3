"""A profile's parameters in words: labels, values with units, groups, and the rule behind each.

The policy page, the proposal form and the version history read a policy through this module,
so a compliance officer never reads raw JSON or a bare internal code: "每天最多拨打同一联系方式
6 次", "08:00–22:00", "是/否", and a rule id always with what the rule is about beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from arrears.compliance import rules
from arrears.compliance.profiles import Policy
from arrears.compliance.wording import day_set

# (group title, parameter names) in the order the page shows them.
GROUPS: tuple[tuple[Promise, tuple[str, ...]], ...] = (
    (
        gettext_lazy("When contact is allowed"),
        (
            "default_zone",
            "window_start",
            "window_end",
            "window_weekdays",
            "agreed_times_override",
        ),
    ),
    (
        gettext_lazy("How often"),
        (
            "attempts_per_point_per_day",
            "conversations_per_day",
            "calls_per_7_days",
            "calls_counted_per_debt",
            "exclude_unconnected",
            "exclude_consented",
            "wait_days_after_conversation",
            "conversations_per_7_days",
        ),
    ),
    (
        gettext_lazy("Who may be contacted"),
        (
            "third_party_mode",
            "unreachable_after_failed_attempts",
            "spouse_is_consumer",
        ),
    ),
    (gettext_lazy("Visits"), ("visits_allowed", "visit_min_staff")),
    (
        gettext_lazy("Stops and suspensions"),
        (
            "business_debts_exempt",
            "cease_applies",
            "attorney_applies",
            "uk_suspensions_apply",
            "dispute_mode",
        ),
    ),
    (gettext_lazy("What a call must say"), ("required_disclosure",)),
    (
        gettext_lazy("Rules cited in reasons"),
        (
            "rule_time",
            "rule_inconvenient",
            "rule_opt_out",
            "rule_workplace",
            "rule_frequency",
            "rule_conversation",
            "rule_third_party",
            "rule_dispute",
            "rule_time_barred",
            "rule_visit",
            "rule_postcard",
        ),
    ),
)

LABELS: dict[str, Promise] = {
    "default_zone": gettext_lazy("Time zone when the debtor's is not known"),
    "window_start": gettext_lazy("Contact window opens (debtor's local time)"),
    "window_end": gettext_lazy("Contact window closes (debtor's local time)"),
    "window_weekdays": gettext_lazy("Days the window is open"),
    "agreed_times_override": gettext_lazy("Times the debtor agreed to may lie outside the window"),
    "attempts_per_point_per_day": gettext_lazy("Dial attempts per contact method per day"),
    "conversations_per_day": gettext_lazy("Connected calls per debtor per day"),
    "calls_per_7_days": gettext_lazy("Calls to one person in 7 days"),
    "calls_counted_per_debt": gettext_lazy("Calls are counted per debt"),
    "exclude_unconnected": gettext_lazy("Calls that did not connect are not counted"),
    "exclude_consented": gettext_lazy("Calls the person consented to are not counted"),
    "wait_days_after_conversation": gettext_lazy("Wait after a conversation"),
    "conversations_per_7_days": gettext_lazy("Conversations with one person in 7 days"),
    "third_party_mode": gettext_lazy("Contact with third parties"),
    "unreachable_after_failed_attempts": gettext_lazy("Debtor counts as unreachable after"),
    "spouse_is_consumer": gettext_lazy("A spouse counts as the debtor"),
    "visits_allowed": gettext_lazy("Field visits allowed"),
    "visit_min_staff": gettext_lazy("Staff at a field visit"),
    "business_debts_exempt": gettext_lazy("Business debts are outside the consumer rules"),
    "cease_applies": gettext_lazy("A written cease or refusal stops contact"),
    "attorney_applies": gettext_lazy("A debtor with a lawyer is contacted only through the lawyer"),
    "uk_suspensions_apply": gettext_lazy(
        "Breathing Space, debt advice and mental capacity suspend collection"
    ),
    "dispute_mode": gettext_lazy("Disputes"),
    "required_disclosure": gettext_lazy("Identity a collection call must state"),
    "rule_time": gettext_lazy("Rule cited for the contact window"),
    "rule_inconvenient": gettext_lazy("Rule cited for times the debtor ruled out"),
    "rule_opt_out": gettext_lazy("Rule cited for an opted-out channel"),
    "rule_workplace": gettext_lazy("Rule cited for the workplace"),
    "rule_frequency": gettext_lazy("Rule cited for the call count"),
    "rule_conversation": gettext_lazy("Rule cited for conversations"),
    "rule_third_party": gettext_lazy("Rule cited for third parties"),
    "rule_dispute": gettext_lazy("Rule cited for disputes"),
    "rule_time_barred": gettext_lazy("Rule cited for time-barred debts"),
    "rule_visit": gettext_lazy("Rule cited for visits"),
    "rule_postcard": gettext_lazy("Rule cited for postcards and public messages"),
}

# The rule behind each parameter: an id, or "@field" for the id the profile itself cites.
SOURCE_RULES: dict[str, str] = {
    "window_start": "@rule_time",
    "window_end": "@rule_time",
    "window_weekdays": "@rule_time",
    "agreed_times_override": "@rule_time",
    "attempts_per_point_per_day": "CN-FREQ-01",
    "conversations_per_day": "CN-FREQ-02",
    "calls_per_7_days": "US-FREQ-01",
    "calls_counted_per_debt": "US-FREQ-01",
    "exclude_unconnected": "US-FREQ-03",
    "exclude_consented": "US-FREQ-03",
    "wait_days_after_conversation": "US-FREQ-02",
    "conversations_per_7_days": "DEF-PROFILE-01",
    "third_party_mode": "@rule_third_party",
    "unreachable_after_failed_attempts": "CN-PARTY-02",
    "spouse_is_consumer": "US-3P-01",
    "visits_allowed": "@rule_visit",
    "visit_min_staff": "@rule_visit",
    "business_debts_exempt": "US-SCOPE-01",
    "cease_applies": "US-CEASE-01",
    "attorney_applies": "US-ATTY-01",
    "uk_suspensions_apply": "UK-BS-01",
    "dispute_mode": "@rule_dispute",
    "required_disclosure": "DEF-CONTENT-07",
}

THIRD_PARTY_MODES: dict[str, Promise] = {
    "cn": gettext_lazy(
        "Only when the debtor is unreachable; ask only for contact details or to pass on a message"
    ),
    "location": gettext_lazy("Only to find the debtor, once per person, never mentioning the debt"),
    "no_disclosure": gettext_lazy("Never disclose the debt; verify who you speak to first"),
}
DISPUTE_MODES: dict[str, Promise] = {
    "open": gettext_lazy("Any open dispute suspends demands until it is verified"),
    "written": gettext_lazy("Only a written dispute in the validation period suspends collection"),
}
DISCLOSURES: dict[str, Promise] = {
    "": gettext_lazy("Not checked"),
    "us_debt_collector": gettext_lazy("That the caller is a debt collector"),
    "cn_institution": gettext_lazy("The institution's name, at first contact"),
    "any": gettext_lazy("Either of them"),
}


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


def rule_words(rule_id: str) -> str:
    """A rule id with what it is about: "CN-FREQ-01 · 同一联系方式每日拨打次数"."""
    return f"{rule_id} · {rules.name(rule_id, get_language() or 'en')}"


_RULE_ID = re.compile(r"\b(?:[A-Z]{2,4}-[A-Z0-9]+-\d\d(?:/\d\d)*|CARE-HOLD)\b")


def plain_source(rule_id: str) -> str:
    """The legal source of a rule as a reader cites it: our research notes' section numbers
    (compliance.md §…) are dropped, and a rule id inside a source gets its name."""
    en, zh = rules.SOURCES.get(rule_id, ("", ""))
    text = zh if _zh() else en
    kept = []
    for part in re.split(r"[;；]", text):
        part = part.strip()
        if not part or part.startswith("compliance.md"):
            continue
        part = _RULE_ID.sub(
            lambda m: rules.name(m.group(), "zh" if _zh() else "en") if m.group() in rules.NAMES else "",
            part,
        ).strip(" ,，")
        if part:
            kept.append(part)
    return ("；" if _zh() else "; ").join(kept)


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def words(name: str, value: Any) -> str:
    """One parameter's value in words, with its unit."""
    if name in ("window_start", "window_end", "default_zone"):
        return str(value)
    if name == "window_weekdays":
        return day_set(tuple(value), _zh())
    if isinstance(value, bool):
        return _yes_no(value)
    if name.startswith("rule_"):
        return rule_words(str(value))
    if name == "third_party_mode":
        return str(THIRD_PARTY_MODES.get(value, value))
    if name == "dispute_mode":
        return str(DISPUTE_MODES.get(value, value))
    if name == "required_disclosure":
        return str(DISCLOSURES.get(value, value))
    return _count_words(name, int(value))


def _count_words(name: str, n: int) -> str:
    if n == 0 and name != "unreachable_after_failed_attempts":
        return _("No limit") if name != "wait_days_after_conversation" else _("No wait")
    if name == "attempts_per_point_per_day":
        text = ngettext(
            "At most %(n)d dial a day to one contact method",
            "At most %(n)d dials a day to one contact method",
            n,
        )
    elif name == "conversations_per_day":
        text = ngettext(
            "At most %(n)d connected call a day to one debtor, across all collectors",
            "At most %(n)d connected calls a day to one debtor, across all collectors",
            n,
        )
    elif name == "calls_per_7_days":
        text = ngettext(
            "At most %(n)d call to one person in any 7 days",
            "At most %(n)d calls to one person in any 7 days",
            n,
        )
    elif name == "wait_days_after_conversation":
        text = ngettext(
            "No calls for %(n)d day after a conversation (its day is day 1)",
            "No calls for %(n)d days after a conversation (its day is day 1)",
            n,
        )
    elif name == "conversations_per_7_days":
        text = ngettext(
            "At most %(n)d conversation with one person in any 7 days",
            "At most %(n)d conversations with one person in any 7 days",
            n,
        )
    elif name == "unreachable_after_failed_attempts":
        text = ngettext("%(n)d failed attempt in a row", "%(n)d failed attempts in a row", n)
    elif name == "visit_min_staff":
        text = ngettext("At least %(n)d collector attends", "At least %(n)d collectors attend together", n)
    else:
        return str(n)
    return text % {"n": n}


@dataclass(frozen=True)
class Row:
    name: str
    label: str
    value: str
    rule: str  # "" or a rule id with its name
    source: str


@dataclass(frozen=True)
class Group:
    title: str
    rows: tuple[Row, ...]


def _rule_of(name: str, params: dict[str, Any]) -> str:
    rule = SOURCE_RULES.get(name, "")
    if rule.startswith("@"):
        rule = str(params.get(rule[1:], ""))
    if not rule and name.startswith("rule_"):
        rule = str(params.get(name, ""))
    return rule


def describe(policy: Policy) -> list[Group]:
    """The policy as the page shows it: groups of rows, the window as one "08:00–22:00" row."""
    params = policy.to_dict()
    groups = []
    for title, names in GROUPS:
        out = []
        for name in names:
            if name == "window_end":
                continue
            rule = _rule_of(name, params)
            if name == "window_start":
                label = _("Contact window (debtor's local time)")
                value = f"{policy.window_start}–{policy.window_end}"
            else:
                label, value = str(LABELS[name]), words(name, params[name])
            out.append(
                Row(name, label, value, rule_words(rule) if rule else "", plain_source(rule) if rule else "")
            )
        groups.append(Group(str(title), tuple(out)))
    return groups


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[Change]:
    """What `new` changes against `old`, parameter by parameter, in words (label: old → new)."""
    if old is None:
        return []
    out = []
    for _title, names in GROUPS:
        for name in names:
            if old.get(name) != new.get(name):
                before = words(name, old[name]) if name in old else "—"
                out.append(Change(str(LABELS[name]), before, words(name, new.get(name))))
    return out
