"""The agency screens over HTTP: who may open them, a placement through the form, its
preview and confirmation, field errors for bad input, the batch's files and recall, the
league table and the statement, the notice on the case page, and what an agency collector
is not offered (docs/recovery.md)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from openpyxl import load_workbook

from arrears.activity.models import Event, Kind, Unmasking
from arrears.cases.models import Case
from arrears.core.models import Role
from arrears.recovery.commission import accrue
from arrears.recovery.models import Agency, Contract, Notice, Placement, PlacementBatch
from arrears.recovery.placement import place
from arrears.strategy.shell import run_nightly
from arrears.testing.personas import ON, add_debtor, build_world, client_for, local, make_user, open_case, pay

pytestmark = pytest.mark.django_db

TIERS = [{"from_dpd": 0, "principal": "0.10", "interest": "0.20", "fees": "0.30"}]
NOON = local(ON, 12)


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def book():
    world = build_world(1)
    other = build_world(1, code="other")
    debtors = [add_debtor(world, n, dpd=40) for n in range(1, 6)]
    theirs = add_debtor(other, 9, dpd=40)
    run_nightly(ON)
    lead = make_user("lead", Role.TEAM_LEAD, world.team, language="zh-hans")
    other_lead = make_user("other-lead", Role.TEAM_LEAD, other.team)
    agency = Agency.objects.create(code="huaxin", name="华信信用管理")
    contract = Contract.objects.create(
        agency=agency, reference="HX-2026", starts_on=date(2026, 1, 1), term_days=90, tiers=TIERS
    )
    agent = make_user("agent", Role.AGENCY_COLLECTOR, None, language="zh-hans")
    agent.profile.agency = agency
    agent.profile.save()
    return {
        "world": world,
        "cases": [open_case(d) for d in debtors],
        "theirs": open_case(theirs),
        "lead": lead,
        "other_lead": other_lead,
        "collector": world.collectors[0],
        "agency": agency,
        "contract": contract,
        "agent": agent,
    }


def _rule(book, **extra):
    data = {"agency": book["agency"].pk, "contract": book["contract"].pk, "stage": "", "min_dpd": "30"}
    data.update(extra)
    return data


def test_only_leads_managers_and_the_administrator_open_the_agency_screens(book):
    admin = make_user("admin", Role.ADMIN, None)
    for url in ("/agencies/", "/agencies/new/", "/agencies/league/", "/agencies/huaxin/statement/"):
        assert client_for(book["collector"]).get(url).status_code == 403, url
        assert client_for(book["agent"]).get(url).status_code == 403, url
        assert client_for(book["lead"]).get(url).status_code == 200, url
        assert client_for(admin).get(url).status_code == 200, url
    assert 'data-testid="nav-agencies"' in client_for(book["lead"]).get("/agencies/").content.decode()
    assert "nav-agencies" not in client_for(book["collector"]).get("/work/").content.decode()


def test_a_lead_previews_then_places_a_batch_of_their_scope(book):
    lead = client_for(book["lead"])
    preview = lead.post("/agencies/new/", {**_rule(book), "step": "preview"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'data-testid="found">5<' in html and 'data-testid="kept">5<' in html
    assert not Placement.objects.exists()  # a preview places nothing
    done = lead.post("/agencies/new/", {**_rule(book), "step": "confirm"})
    assert done.status_code == 302
    batch = PlacementBatch.objects.get()
    assert done["Location"] == f"/agencies/batches/{batch.public_id}/"
    assert set(batch.placements.values_list("case_id", flat=True)) == {c.pk for c in book["cases"]}
    assert batch.created_by == book["lead"]
    page = lead.get(done["Location"]).content.decode()
    for case in book["cases"]:
        assert case.reference in page and f"/cases/{case.public_id}/" in page
    # Placed again: the scrub keeps them out as already with an agency.
    again = lead.post("/agencies/new/", {**_rule(book), "step": "preview"}).content.decode()
    assert 'data-reason="placed"' in again and 'data-testid="kept">0<' in again
    assert lead.get("/agencies/").status_code == 200


def test_another_teams_lead_neither_places_nor_sees_the_cases(book):
    batch = place([c.pk for c in book["cases"]], book["agency"], book["contract"], book["lead"], ON)
    other = client_for(book["other_lead"])
    preview = other.post("/agencies/new/", {**_rule(book), "step": "preview"}).content.decode()
    assert 'data-testid="found">1<' in preview  # their own one case only
    other.post("/agencies/new/", {**_rule(book), "step": "confirm"})
    theirs = PlacementBatch.objects.exclude(pk=batch.pk).get()
    assert list(theirs.placements.values_list("case_id", flat=True)) == [book["theirs"].pk]
    base = f"/agencies/batches/{batch.public_id}/"
    assert other.get(base).status_code == 404
    assert other.get(base + "files/placement/csv/").status_code == 404
    assert other.post(base + "recall/", {"confirm": "on"}).status_code == 404
    case = book["cases"][0]
    assert other.post(f"{base}cases/{case.public_id}/recall/", {"confirm": "on"}).status_code == 404
    assert batch.reference not in other.get("/agencies/").content.decode()
    assert batch.reference not in other.get("/agencies/league/").content.decode()
    assert Placement.objects.filter(batch=batch, recalled_on__isnull=True).count() == 5


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"min_dpd": "abc"}, "min_dpd"),
        ({"max_balance": "1e999"}, "max_balance"),
        ({"min_balance": "NaN"}, "min_balance"),
        ({"agency": "99999999999999999999999"}, "agency"),
        ({"contract": "-99999999999999999999999"}, "contract"),
        ({"creditor": "abc"}, "creditor"),
        ({"min_dpd": "90", "max_dpd": "30"}, "max_dpd"),
        ({"min_balance": "500", "max_balance": "100"}, "max_balance"),
        ({"products": ["nonsense"]}, "products"),
        ({"split_agency": "99999999999999999999"}, "split_agency"),
        ({"split_share": "50"}, "split_agency"),
        ({"stage": "<script>"}, "stage"),
    ],
)
def test_bad_input_comes_back_next_to_its_field(book, extra, field):
    response = client_for(book["lead"]).post("/agencies/new/", {**_rule(book), **extra, "step": "confirm"})
    assert response.status_code == 400
    html = response.content.decode()
    start = html.index(f'data-field="{field}"')
    end = html.find("data-field=", start + 1)
    assert "errorlist" in html[start : end if end > 0 else None]
    assert not PlacementBatch.objects.exists()


def test_a_contract_not_in_force_or_of_another_agency_is_refused_in_words(book):
    later = Contract.objects.create(
        agency=book["agency"], reference="HX-2027", starts_on=date(2027, 1, 1), tiers=TIERS
    )
    south = Agency.objects.create(code="south", name="南方催收")
    lead = client_for(book["lead"])
    response = lead.post("/agencies/new/", {**_rule(book, contract=later.pk), "step": "confirm"})
    assert response.status_code == 400 and "2026-03-02" in response.content.decode()
    response = lead.post("/agencies/new/", {**_rule(book, agency=south.pk), "step": "confirm"})
    assert response.status_code == 400
    assert not PlacementBatch.objects.exists()


def test_a_split_makes_one_batch_per_agency(book):
    south = Agency.objects.create(code="south", name="南方催收")
    south_contract = Contract.objects.create(
        agency=south, reference="S-1", starts_on=date(2026, 1, 1), tiers=TIERS
    )
    data = _rule(book, split_agency=south.pk, split_contract=south_contract.pk, split_share="50")
    response = client_for(book["lead"]).post("/agencies/new/", {**data, "step": "confirm"})
    assert response.status_code == 302
    placed = Placement.objects.values_list("case_id", flat=True)
    assert sorted(placed) == sorted(c.pk for c in book["cases"])
    assert {b.arm for b in PlacementBatch.objects.all()} <= {"agency-huaxin", "agency-south"}


def test_the_batch_files_download_and_the_batch_is_recalled_with_a_confirmation(book):
    batch = place([c.pk for c in book["cases"]], book["agency"], book["contract"], book["lead"], ON)
    lead = client_for(book["lead"])
    base = f"/agencies/batches/{batch.public_id}/"
    references = {c.reference for c in book["cases"]}
    text = lead.get(base + "files/placement/csv/").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0]  # the header, in the reader's language
    assert {r[0] for r in rows[1:]} == references
    assert Unmasking.objects.filter(field="placement file").count() == 1
    sheet = load_workbook(io.BytesIO(lead.get(base + "files/placement/xlsx/").content)).active
    assert {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)} == references
    assert lead.get(base + "files/other/csv/").status_code == 404
    assert lead.get(base + "files/placement/pdf/").status_code == 404

    one = book["cases"][0]
    assert lead.post(f"{base}cases/{one.public_id}/recall/", {}).status_code == 400
    assert lead.post(f"{base}cases/{one.public_id}/recall/", {"confirm": "on"}).status_code == 302
    assert Placement.objects.get(case=one).recall_reason == "lead"
    assert lead.post(base + "recall/", {}).status_code == 400
    assert Placement.objects.filter(recalled_on__isnull=True).count() == 4
    assert lead.post(base + "recall/", {"confirm": "on"}).status_code == 302
    batch.refresh_from_db()
    assert batch.status == PlacementBatch.Status.RECALLED
    recalled = list(csv.reader(io.StringIO(lead.get(base + "files/recall/csv/").content.decode("utf-8-sig"))))
    assert {r[0] for r in recalled[1:]} == references
    page = lead.get(f"/cases/{one.public_id}/").content.decode()
    assert "华信信用管理" in page and batch.reference in page  # the timeline, in words


def test_the_league_table_and_the_statement(book):
    batch = place([c.pk for c in book["cases"][:2]], book["agency"], book["contract"], book["lead"], ON)
    pay(book["cases"][0].debtor, Decimal("100.00"), local(ON + timedelta(days=1)), "P-1")
    with time_machine.travel(local(ON + timedelta(days=3)), tick=False):
        accrue()
        lead = client_for(book["lead"])
        page = lead.get("/agencies/league/").content.decode()
        assert 'id="chart-data-agencies"' in page and batch.reference in page
        sheet = load_workbook(io.BytesIO(lead.get("/agencies/league/batch/xlsx/").content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 2 and rows[1][1] == batch.reference
        placed = sum(p.balance for p in batch.placements.all())
        assert rows[1][6] == pytest.approx(100 / float(placed))
        agencies = list(
            csv.reader(io.StringIO(lead.get("/agencies/league/agency/csv/").content.decode("utf-8-sig")))
        )
        assert agencies[1][0] == "华信信用管理"
        assert lead.get("/agencies/league/nope/csv/").status_code == 404

        statement = lead.get("/agencies/huaxin/statement/?month=2026-03")
        assert statement.status_code == 200 and book["cases"][0].reference in statement.content.decode()
        lines = list(
            csv.reader(
                io.StringIO(
                    lead.get("/agencies/huaxin/statement/csv/?month=2026-03").content.decode("utf-8-sig")
                )
            )
        )
        assert Decimal(lines[-1][6]) == Decimal("10.00")  # 10% of 100 (principal only: placed as principal)
        for bad in ("2026-13", "abc", "99999-01"):
            response = lead.get(f"/agencies/huaxin/statement/?month={bad}")
            assert response.status_code == 400 and "errorlist" in response.content.decode()
        # Another lead sees none of the lines.
        other = client_for(book["other_lead"]).get("/agencies/huaxin/statement/?month=2026-03")
        assert book["cases"][0].reference not in other.content.decode()
        assert lead.get("/agencies/nobody/statement/").status_code == 404


def test_a_lead_records_a_notice_on_the_case_page(book):
    case = book["cases"][0]
    place([case.pk], book["agency"], book["contract"], book["lead"], ON)
    lead = client_for(book["lead"])
    page = lead.get(f"/cases/{case.public_id}/").content.decode()
    assert 'data-testid="active-placement"' in page and "华信信用管理" in page
    url = f"/agencies/cases/{case.public_id}/notice/"
    bad = lead.post(url, {"kind": "bankruptcy", "received_on": "2026-03-09", "source": "法院"})
    assert bad.status_code == 400 and "errorlist" in bad.content.decode()
    assert lead.post(url, {"kind": "nope", "received_on": "2026-03-01", "source": "x"}).status_code == 400
    assert lead.post(url, {"kind": "deceased", "received_on": "2026-03-01", "source": ""}).status_code == 400
    assert client_for(book["collector"]).post(url, {"kind": "deceased"}).status_code == 403
    assert client_for(book["other_lead"]).post(url, {"kind": "deceased"}).status_code == 404
    done = lead.post(url, {"kind": "deceased", "received_on": "2026-03-01", "source": "死亡证明 123"})
    assert done.status_code == 200
    assert Notice.objects.get().debtor == case.debtor
    assert Placement.objects.get(case=case).recall_reason == "deceased"
    assert Event.objects.filter(case=case, kind=Kind.NOTICE_RECORDED).exists()
    assert "死亡证明 123" in lead.get(f"/cases/{case.public_id}/").content.decode()


def test_an_agency_collector_is_offered_only_what_they_may_do(book):
    case = book["cases"][0]
    place([case.pk], book["agency"], book["contract"], book["lead"], ON)
    agent = client_for(book["agent"])
    queue = agent.get("/work/").content.decode()
    assert case.reference in queue and book["cases"][1].reference not in queue
    for link in ("/team/", "/reports/", "/agencies/", "/compliance/", "/messages/"):
        assert f'href="{link}"' not in queue, link
    assert 'accesskey="o"' not in queue  # no portfolio
    page = agent.get(f"/cases/{case.public_id}/").content.decode()
    assert 'data-testid="contact-point"' in page  # logs calls as our collectors do
    for offered in ("write-off-form", "settlement-form", "/plan-visit", "notice-form", "/stage/"):
        assert offered not in page, offered
    assert "/visits/" not in page
    for url in ("/", "/team/", "/team/approvals/", "/reports/", "/agencies/"):
        assert agent.get(url).status_code == 403, url
    base = f"/cases/{case.public_id}/"
    assert agent.post(base + "requests/write_off/", {"reason": "x", "confirm": "on"}).status_code == 403
    assert agent.post(base + "visits/", {}).status_code == 403
    assert agent.post(base + "stage/", {"stage": "phone", "reason": "x"}).status_code == 403
    assert not Case.objects.get(pk=case.pk).approval_requests.exists()
