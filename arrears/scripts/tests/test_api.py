from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from arrears.core.models import Profile, Role

pytestmark = [pytest.mark.django_db]
URL = "/api/v1/assist/classify"


@pytest.fixture
def collector_client() -> Client:
    user = User.objects.create_user("collector", password="x")
    Profile.objects.create(user=user, role=Role.COLLECTOR)
    client = Client()
    client.force_login(user)
    return client


def test_it_requires_a_login() -> None:
    response = Client().post(URL, {"text": "在开车"}, content_type="application/json")
    assert response.status_code == 401


def test_it_classifies_an_utterance(collector_client: Client) -> None:
    response = collector_client.post(
        URL,
        {"text": "我月底还2,500元", "stage": "phone", "today": "2026-11-18"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["label"] == "promise_specific"
    assert body["parsed"] == {"date": "2026-11-30", "amount": "2500.00"}
    assert body["care_flag"] is False
    assert body["suggestions"] and all({"id", "text"} <= set(s) for s in body["suggestions"])


def test_it_flags_self_harm(collector_client: Client) -> None:
    response = collector_client.post(
        URL, {"text": "活着没意思", "language": "zh"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["care_flag"] is True


@pytest.mark.parametrize(
    "payload",
    [{"text": "  "}, {"text": "hi", "stage": "court"}, {"text": "hi", "language": "fr"}],
)
def test_it_rejects_bad_input(collector_client: Client, payload: dict) -> None:
    response = collector_client.post(URL, payload, content_type="application/json")
    # The API's one error shape: 422 naming the field at fault.
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and [e["field"] for e in body["errors"]] == [next(reversed(payload))]


def test_it_only_accepts_post(collector_client: Client) -> None:
    assert collector_client.get(URL).status_code == 405
