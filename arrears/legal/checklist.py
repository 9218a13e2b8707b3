"""A case's exhibits checklist from the database: the requirements of its debtor's profile
and its accounts' products (configured rows, else the defaults of arrears.legal.exhibits),
and the facts that satisfy them (attached copies, an issued dossier, a printed demand
letter). A few queries per case."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from arrears.activity.models import Event, Kind
from arrears.cases.models import Case
from arrears.legal.demand import DEMAND_TEMPLATES
from arrears.legal.exhibits import Facts, Item, Requirement, Source, checklist, default_requirements, merge
from arrears.legal.models import Exhibit, ExhibitRequirement
from arrears.messaging.models import Channel, Message, Status
from arrears.portfolio.models import Account

SENT = (Status.SENT, Status.DELIVERED)
WAITING = (Status.QUEUED, Status.SENDING)


def requirements_for(
    case: Case, language: str | None = None, *, products: list[str] | None = None
) -> list[Requirement]:
    """`products`: the case's accounts' products, when the caller has read the accounts."""
    language = language or get_language() or "zh-hans"
    profile = case.debtor.jurisdiction
    if products is None:
        products = list(Account.objects.filter(debtor_id=case.debtor_id).values_list("product", flat=True))
    products = sorted(set(products))
    rows = list(ExhibitRequirement.objects.filter(profile=profile))
    lists = []
    for product in products or [""]:
        own = [r for r in rows if r.product == product] or [r for r in rows if r.product == ""]
        if own:
            lists.append([r.requirement(language) for r in own])
        else:
            lists.append(list(default_requirements(profile, product)))
    return merge(lists)


def facts_for(case: Case, exhibits: list[Exhibit] | None = None) -> Facts:
    """`exhibits`: the case's exhibits, when the caller has read them (the case page)."""
    if exhibits is None:
        attached = frozenset(Exhibit.objects.filter(case=case).values_list("code", flat=True))
    else:
        attached = frozenset(x.code for x in exhibits)
    dossier = Event.objects.filter(case=case, kind=Kind.DOSSIER_ISSUED).exists()
    # The case's letters of a demand template, whether sent from the legal panel (which
    # also records a `demand_letter` event) or from the messages panel.
    statuses = set(
        Message.objects.filter(
            case=case, channel=Channel.LETTER, script_version__script__key__in=list(DEMAND_TEMPLATES)
        ).values_list("status", flat=True)
    )
    return Facts(
        attached=attached,
        dossier_issued=dossier,
        demand_letter_sent=bool(statuses & set(SENT)),
        demand_letter_queued=bool(statuses & set(WAITING)),
    )


@dataclass(frozen=True)
class Checklist:
    items: list[Item]

    @property
    def complete(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def missing(self) -> list[Item]:
        return [item for item in self.items if not item.done]

    def missing_words(self) -> list[str]:
        """What is missing, one sentence per exhibit, in the reader's language."""
        return [missing_sentence(item) for item in self.missing]

    def attachable(self) -> list[Requirement]:
        return [item.requirement for item in self.items if item.requirement.source == Source.ATTACHED]


def missing_sentence(item: Item) -> str:
    label = str(item.requirement.label)
    if item.requirement.source == Source.ATTACHED:
        return _("%(exhibit)s is missing: attach a copy.") % {"exhibit": label}
    if item.requirement.source == Source.DOSSIER:
        return _("%(exhibit)s is missing: issue the evidence dossier, which carries it.") % {"exhibit": label}
    if item.waiting:
        return _("%(exhibit)s is missing: the letter is queued and counts once it is printed.") % {
            "exhibit": label
        }
    return _("%(exhibit)s is missing: send a demand letter through the letter channel.") % {"exhibit": label}


def case_checklist(
    case: Case,
    language: str | None = None,
    *,
    exhibits: list[Exhibit] | None = None,
    products: list[str] | None = None,
) -> Checklist:
    return Checklist(
        checklist(requirements_for(case, language, products=products), facts_for(case, exhibits))
    )
