"""The API's contract: tokens and their scopes, one error shape, the schema's constraints."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from arrears.activity.models import Event, Kind
from arrears.cases.models import Promise
from arrears.core.models import ApiToken, TokenUse
from arrears.core.tests.api_world import World, build_world
from arrears.core.tokens import create_token, revoke_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(set(e) == {"field", "message"} for e in body["errors"])
    return body


# -- tokens ---------------------------------------------------------------------------------


def test_a_wrong_token_gets_401(world):
    response = Client().get(f"/api/v1/cases/{world.case.public_id}", headers=bearer("arr_not-a-real-token"))
    assert_error_shape(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_gets_401(world):
    token, secret = create_token("dialer", world.lead, ["cases:read"])
    assert Client().get(f"/api/v1/cases/{world.case.public_id}", headers=bearer(secret)).status_code == 200
    revoke_token(token)
    assert_error_shape(Client().get(f"/api/v1/cases/{world.case.public_id}", headers=bearer(secret)), 401)


def test_a_token_without_the_scope_gets_403(world):
    _token, secret = create_token("reader", world.lead, ["cases:read"])
    url = f"/api/v1/cases/{world.case.public_id}/notes"
    response = Client().post(url, {"note": "x"}, content_type="application/json", headers=bearer(secret))
    body = assert_error_shape(response, 403)
    assert "cases:write" in body["detail"]
    assert not Event.objects.filter(kind=Kind.NOTE).exists()


def test_a_token_with_the_scope_acts_as_its_owner_and_each_use_is_logged(world):
    token, secret = create_token("crm", world.lead, ["cases:read", "cases:write"])
    url = f"/api/v1/cases/{world.case.public_id}/notes"
    # No session and no CSRF token: the header is the credential.
    response = Client(enforce_csrf_checks=True).post(
        url, {"note": "客户来电"}, content_type="application/json", headers=bearer(secret)
    )
    assert response.status_code == 201
    note = Event.objects.get(kind=Kind.NOTE)
    assert (note.actor, note.note) == (world.lead, "客户来电")
    assert Client().get(f"/api/v1/cases/{world.case.public_id}", headers=bearer(secret)).status_code == 200
    uses = list(TokenUse.objects.filter(token=token).order_by("at", "pk").values_list("method", "path"))
    assert uses == [("POST", url), ("GET", f"/api/v1/cases/{world.case.public_id}")]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_reaches_no_further_than_its_owner(world):
    _token, secret = create_token("other team", world.outsider_lead, ["cases:read"])
    assert_error_shape(Client().get(f"/api/v1/cases/{world.case.public_id}", headers=bearer(secret)), 404)
    assert (
        Client().get(f"/api/v1/cases/{world.other_case.public_id}", headers=bearer(secret)).status_code == 200
    )


def test_only_the_hash_of_the_secret_is_kept(world):
    token, secret = create_token("dialer", world.lead, ["cases:read"])
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert secret not in str(stored) and len(secret) >= 40
    assert stored["prefix"] == secret[:12]


def test_the_command_creates_lists_and_revokes_tokens(world):
    out = io.StringIO()
    call_command("api_token", "create", "dialer", "--owner", "lead", "--scope", "cases:read", stdout=out)
    secret = out.getvalue().strip().splitlines()[-1]
    assert Client().get(f"/api/v1/cases/{world.case.public_id}", headers=bearer(secret)).status_code == 200
    out = io.StringIO()
    call_command("api_token", "list", stdout=out)
    assert secret[:12] in out.getvalue() and secret not in out.getvalue()
    call_command("api_token", "revoke", secret[:12], stdout=io.StringIO())
    assert Client().get(f"/api/v1/cases/{world.case.public_id}", headers=bearer(secret)).status_code == 401


def test_an_administrator_makes_a_token_in_the_admin_and_sees_the_secret_once(world):
    from django.contrib.auth.models import User

    admin = User.objects.create_superuser("root", password="pw")
    client = session(admin)
    response = client.post(
        "/admin/core/apitoken/add/",
        {"name": "core banking", "owner": world.lead.pk, "scopes": ["cases:read"]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    secret = page.split('data-testid="secret">')[1].split("<")[0]
    token = ApiToken.objects.get()
    assert token.scopes == ["cases:read"] and token.created_by == admin
    assert Client().get(f"/api/v1/cases/{world.case.public_id}", headers=bearer(secret)).status_code == 200
    assert secret not in client.get(f"/admin/core/apitoken/{token.pk}/change/").content.decode()
    client.post("/admin/core/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None


# -- the docs -------------------------------------------------------------------------------


def test_the_docs_and_the_schema_need_sign_in(world):
    response = Client().get("/api/v1/docs")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert_error_shape(Client().get("/api/v1/openapi.json"), 401)
    assert session(world.collector).get("/api/v1/docs").status_code == 200
    _token, secret = create_token("dialer", world.lead, ["cases:read"])
    assert Client().get("/api/v1/openapi.json", headers=bearer(secret)).status_code == 200


def test_the_docs_page_loads_nothing_from_elsewhere(world):
    page = session(world.collector).get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle" in page and "//" not in page.replace("http://www.w3.org", "")


# -- errors and constraints -----------------------------------------------------------------


def post(world: World, path: str, body: dict):
    return session(world.lead).post(
        f"/api/v1/cases/{world.case.public_id}/{path}", body, content_type="application/json"
    )


@pytest.mark.parametrize(
    "amount", ["2.6e-129", "0", "0.00", "0.001", "-5", "1e30", "1000000000000", 5, "5.5.5"]
)
def test_a_promise_amount_out_of_the_schema_is_a_422_naming_the_field(world, amount):
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    body = assert_error_shape(post(world, "promises", {"amount": amount, "due_on": due}), 422)
    assert [e["field"] for e in body["errors"]] == ["amount"]
    assert Promise.objects.count() == 1  # the world's own


def test_a_promise_in_the_schema_is_kept_exactly(world):
    due = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = post(world, "promises", {"amount": "0.01", "due_on": due})
    assert response.status_code == 201
    assert str(Promise.objects.get(public_id=response.json()["id"]).amount) == "0.01"


@pytest.mark.parametrize("due_on", ["2027-02-30", "0001-01-01", "9999-12-31", "tomorrow"])
def test_an_impossible_promise_date_is_a_422(world, due_on):
    assert_error_shape(post(world, "promises", {"amount": "10", "due_on": due_on}), 422)


def test_a_past_or_far_promise_date_is_refused_with_409(world):
    today = timezone.localdate()
    assert_error_shape(
        post(world, "promises", {"amount": "10", "due_on": (today - timedelta(days=1)).isoformat()}), 409
    )
    assert_error_shape(
        post(world, "promises", {"amount": "10", "due_on": (today + timedelta(days=400)).isoformat()}), 409
    )


@pytest.mark.parametrize("note", ["", "   ", "\u3000\n", "a\x00b"])
def test_a_blank_note_or_one_with_a_nul_is_a_422(world, note):
    body = assert_error_shape(post(world, "notes", {"note": note}), 422)
    assert [e["field"] for e in body["errors"]] == ["note"]


def test_a_callback_without_its_time_is_a_422(world):
    body = {"contact_point": str(world.point.public_id), "outcome": "callback_requested"}
    response = assert_error_shape(post(world, "contacts", body), 422)
    assert [e["field"] for e in response["errors"]] == ["callback_at"]
    assert not Event.objects.filter(kind=Kind.CONTACT).exists()


def test_an_unknown_case_or_contact_point_is_a_404_in_the_error_shape(world):
    import uuid

    client = session(world.lead)
    assert_error_shape(client.get(f"/api/v1/cases/{uuid.uuid4()}"), 404)
    response = post(world, "contacts", {"contact_point": str(uuid.uuid4()), "outcome": "no_answer"})
    assert_error_shape(response, 404)


def test_a_read_only_role_gets_403_in_the_error_shape(world):
    response = session(world.compliance).post(
        f"/api/v1/cases/{world.case.public_id}/notes", {"note": "x"}, content_type="application/json"
    )
    assert_error_shape(response, 403)


def test_the_schema_states_every_status_an_operation_answers_with(world):
    schema = session(world.lead).get("/api/v1/openapi.json").json()
    promises = schema["paths"]["/api/v1/cases/{case_id}/promises"]["post"]
    assert set(promises["responses"]) == {"201", "401", "403", "404", "409", "422"}
    amount = schema["components"]["schemas"]["PromiseIn"]["properties"]["amount"]
    assert amount["type"] == "string" and "pattern" in amount
    note = schema["components"]["schemas"]["NoteIn"]["properties"]["note"]
    assert note["minLength"] == 1 and note["maxLength"] == 2000


@pytest.mark.parametrize("header", ["Bearer arr_wrong", "Basic bGVhZDpwdw==", "Bearer "])
def test_credentials_that_are_not_a_valid_token_are_refused_even_with_a_session(world, header):
    response = session(world.lead).get(f"/api/v1/cases/{world.case.public_id}", HTTP_AUTHORIZATION=header)
    assert_error_shape(response, 401)


def test_a_blocked_contact_is_a_409_with_the_gates_decision(world):
    # GLOBAL-STRICT-like hours: a call at 03:00 local time is blocked by every profile.
    import time_machine

    with time_machine.travel(timezone.now().replace(hour=19, minute=0), tick=False):  # 03:00 Shanghai
        response = post(
            world, "contacts", {"contact_point": str(world.point.public_id), "outcome": "no_answer"}
        )
    body = assert_error_shape(response, 409)
    assert body["decision"]["allowed"] is False and body["decision"]["rule_ids"]


def fields_of(model: Any) -> dict[str, Any]:
    return model.model_fields


def test_the_check_schema_names_exactly_the_fields_the_parser_reads():
    import inspect

    from arrears.compliance import api as check_api
    from arrears.compliance import request as parser

    source = inspect.getsource(parser.parse_request) + inspect.getsource(parser._history)
    models = {
        "request": check_api.CheckIn,
        "recipient": check_api.RecipientIn,
        "preferences": check_api.PreferencesIn,
        "history[i]": check_api.PastContactIn,
        "recording": check_api.RecordingIn,
    }
    for where, model in models.items():
        names = {f.alias or name for name, f in fields_of(model).items()}
        for name in names:
            assert f'"{name}"' in source, f"{where}.{name} is in the schema but not read by the parser"
    account = set(fields_of(check_api.AccountIn))
    assert account == set(parser.Account.__dataclass_fields__)
    slot = {f.alias or n for n, f in fields_of(check_api.SlotIn).items()}
    assert slot == {"weekdays", "from", "to"}
