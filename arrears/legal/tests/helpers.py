"""Making a case's exhibits complete, one item at a time."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from arrears.activity import actions as evidence
from arrears.activity.models import Kind
from arrears.cases.models import Case
from arrears.legal import actions
from arrears.messaging.models import Message, Status
from arrears.messaging.tests.world import World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# CN credit card: the checklist's codes, in order.
CN_CARD = ("agreement", "statements", "computation", "collection_record", "demand_letter")


def pdf(name: str = "agreement.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def issue_dossier(case: Case) -> None:
    """A dossier's issuance as the recovery action records it (without printing one)."""
    with transaction.atomic():
        evidence.append(
            case,
            Kind.DOSSIER_ISSUED,
            data={"sha256": "0" * 64, "language": "zh-hans", "pages": 3, "last_seq": 1, "unmasked": False},
        )


def send_demand(world: World, *, printed: bool = True) -> Message:
    message = actions.send_demand_letter(
        world.case, world.collector, script=world.script("letter-demand"), contact_point=world.address
    )
    if printed:
        # The print run's outcome (test_demand prints one for real).
        Message.objects.filter(pk=message.pk).update(status=Status.SENT)
    return message


def satisfy(world: World, code: str) -> None:
    case = world.case
    if code == "agreement":
        actions.attach_exhibit(case, world.collector, code="agreement", upload=pdf())
    elif code in ("statements", "computation", "collection_record"):
        if not case.events.filter(kind=Kind.DOSSIER_ISSUED).exists():
            issue_dossier(case)
    elif code == "demand_letter":
        send_demand(world)
    else:  # pragma: no cover
        raise AssertionError(code)
