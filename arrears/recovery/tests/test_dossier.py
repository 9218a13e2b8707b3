"""The evidence dossier: what it prints, that it prints the same bytes twice, its record on
the chain, a tampered chain, and who may download it."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from arrears.activity.models import Event, Kind, Unmasking
from arrears.cases import actions
from arrears.cases.models import Case
from arrears.core.models import Role
from arrears.recovery.dossier import render_dossier
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import (
    MONDAY,
    add_calls,
    add_debtor,
    build_case_world,
    client_for,
    local,
    make_user,
    open_case,
    pay,
    self_person,
)

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes) -> str:
    # pypdf breaks long runs at the column's edge: compare without line breaks.
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(local(MONDAY, 20), tick=False):
        yield


@pytest.fixture
def case(frozen: None) -> Case:
    """A demo-like case: three instalments, the first paid, a part payment on the second,
    the nightly run, two calls, a logged contact the gate allowed and one it refused."""
    world = build_case_world()
    debtor = add_debtor(world, 1, dpd=40, months=3, paid_months=1, address=True)
    pay(debtor, Decimal("300.00"), local(MONDAY.replace(day=1), 12), "P9")
    run_nightly(MONDAY)
    case = open_case(debtor)
    add_calls(case, [(local(MONDAY, 10), True), (local(MONDAY, 11), False)])
    person = self_person(debtor)
    phone = person.contact_points.get(kind="phone")
    collector = world.collectors[0]
    actions.log_contact(
        case,
        collector,
        person=person,
        channel="call",
        outcome="no_answer",
        contact_point=phone,
        at=local(MONDAY, 15),
    )
    with pytest.raises(actions.ContactBlocked):
        actions.log_contact(
            case,
            collector,
            person=person,
            channel="call",
            outcome="no_answer",
            contact_point=phone,
            at=local(MONDAY, 23),
        )
    case.refresh_from_db()
    return case


def test_the_dossier_names_the_case_the_debtor_in_chinese_and_its_last_hash(case: Case) -> None:
    pdf = render_dossier(case, "zh-hans")
    text = text_of(pdf)
    last = Event.objects.filter(case=case).order_by("-seq").first()
    assert last is not None
    assert case.reference in text
    assert "债务人1" in text
    assert last.hash in text
    # Masked as on the case page: the phone's middle hidden.
    assert "13800010000" not in text and "138****0000" in text
    # The amounts, item by item: the part payment of 300 on the second instalment.
    assert "4,700.00" in text and "9,700.00" in text
    # The gate's refusal at 23:00 with its rule's name.
    assert "CN-TIME-01" in text
    assert "证据链校验 完好" in text


def test_the_index_has_page_numbers(case: Case) -> None:
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(render_dossier(case, "en"))).pages]
    contents = next(p for p in pages if "Contents" in p)
    assert re.search(r"Debtor and accounts \.+ ?3", contents)


def test_two_renders_of_the_same_events_give_the_same_bytes(case: Case) -> None:
    first = render_dossier(case, "zh-hans")
    with time_machine.travel(local(MONDAY, 21), tick=False):
        second = render_dossier(case, "zh-hans")
    assert first == second
    assert render_dossier(case, "en") != first


def test_the_command_writes_the_file_and_records_its_sha256(case: Case, tmp_path: Path) -> None:
    out = tmp_path / "dossier.pdf"
    before = Event.objects.filter(case=case).count()
    call_command(
        "evidence_dossier", case.reference, "--out", str(out), "--language", "en", stdout=io.StringIO()
    )
    event = Event.objects.filter(case=case).order_by("-seq").first()
    assert event is not None and event.kind == Kind.DOSSIER_ISSUED and event.seq == before + 1
    data = out.read_bytes()
    assert event.data["sha256"] == hashlib.sha256(data).hexdigest()
    assert event.data["language"] == "en" and event.data["last_seq"] == before
    assert event.data["pages"] == len(PdfReader(io.BytesIO(data)).pages) and not event.data["unmasked"]
    # The next dossier covers the issuance too, so it differs; re-printed up to the
    # issued dossier's last event, it is the same file.
    assert render_dossier(case, "en") != data
    assert render_dossier(case, "en", up_to=before) == data


def test_unmasked_only_for_a_role_that_may_unmask_and_logged(case: Case, tmp_path: Path) -> None:
    out = tmp_path / "full.pdf"
    with pytest.raises(CommandError):
        call_command("evidence_dossier", case.reference, "--out", str(out), "--unmasked")
    make_user("officer", Role.COMPLIANCE, None)
    call_command(
        "evidence_dossier",
        f"c{case.pk}",  # a reference as people type it
        "--out",
        str(out),
        "--unmasked",
        "--by",
        "officer",
        "--reason",
        "court filing",
        stdout=io.StringIO(),
    )
    assert "13800010000" in text_of(out.read_bytes())
    logged = Unmasking.objects.get(case=case)
    assert (logged.user.username, logged.field, logged.reason) == ("officer", "dossier", "court filing")
    assert Event.objects.filter(case=case).order_by("-seq").first().data["unmasked"] is True  # type: ignore[union-attr]


def test_a_tampered_chain_shows_in_the_dossier(case: Case) -> None:
    event = Event.objects.get(case=case, seq=4)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Event._meta.db_table} SET note = %s WHERE id = %s", ["edited", event.pk])  # noqa: S608
    text = text_of(render_dossier(case, "en"))
    assert "FAILED" in text
    assert "event #4 was changed after it was written" in text


def test_the_button_downloads_the_dossier_for_a_lead_and_records_it(case: Case) -> None:
    lead = make_user("lead", Role.TEAM_LEAD, case.team)
    client = client_for(lead)
    page = client.get(reverse("cases:case", args=[case.public_id]))
    assert b'data-testid="dossier-download"' in page.content
    response = client.post(reverse("recovery:dossier", args=[case.public_id]), {"language": "zh-hans"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    event = Event.objects.filter(case=case).order_by("-seq").first()
    assert event is not None and event.kind == Kind.DOSSIER_ISSUED and event.actor == lead
    assert event.data["sha256"] == hashlib.sha256(response.content).hexdigest()
    # The timeline says it in words.
    timeline = client.get(reverse("cases:case", args=[case.public_id])).content.decode()
    assert str(Kind.DOSSIER_ISSUED.label) in timeline or "证据" in timeline
    assert event.data["sha256"][:8] in timeline


def test_a_collector_who_may_not_see_the_case_gets_404_and_its_owner_403(case: Case) -> None:
    url = reverse("recovery:dossier", args=[case.public_id])
    other = build_case_world(code="other", team_name="Other team").collectors[0]
    assert client_for(other).post(url).status_code == 404
    owner = case.owner
    assert owner is not None
    assert client_for(owner).post(url).status_code == 403
    assert (
        b'data-testid="dossier-download"'
        not in client_for(owner).get(reverse("cases:case", args=[case.public_id])).content
    )
    assert client_for(make_user("lead", Role.TEAM_LEAD, case.team)).get(url).status_code == 405
    assert not Event.objects.filter(case=case, kind=Kind.DOSSIER_ISSUED).exists()
