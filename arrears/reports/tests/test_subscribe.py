"""Subscribing to a dashboard by email from the dashboard itself."""

from __future__ import annotations

import pytest

from arrears.core.models import Role
from arrears.reports.models import Subscription
from arrears.testing.personas import client_for, make_creditor, make_team, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    user = make_user("manager", Role.MANAGER, None, language="zh-hans")
    user.email = "manager@bank.example"
    user.save()
    return user


def test_a_manager_subscribes_and_stops(manager):
    team = make_team("Phone team")
    creditor = make_creditor("bank", team)
    client = client_for(manager)
    page = client.get("/reports/manager/")
    assert page.status_code == 200 and "每周（周一）" in page.content.decode()
    response = client.post("/reports/manager/subscribe/", {"frequency": "weekly", "creditor": creditor.pk})
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert (subscription.user, subscription.dashboard, subscription.frequency, subscription.creditor) == (
        manager,
        "manager",
        "weekly",
        creditor,
    )
    # Twice is still one.
    client.post("/reports/manager/subscribe/", {"frequency": "weekly", "creditor": creditor.pk})
    assert Subscription.objects.count() == 1
    assert client.post(f"/reports/subscriptions/{subscription.pk}/stop/").status_code == 302
    subscription.refresh_from_db()
    assert not subscription.active


def test_no_address_no_bad_input_no_foreign_subscription(manager):
    other = make_user("other-manager", Role.MANAGER, None)
    theirs = Subscription.objects.create(user=other, dashboard="manager", frequency="daily")
    client = client_for(manager)
    response = client.post(
        "/reports/manager/subscribe/",
        {"frequency": "hourly", "creditor": "99999999999999999999"},
        follow=True,
    )
    assert response.status_code == 200 and not Subscription.objects.filter(user=manager).exists()
    assert client.post(f"/reports/subscriptions/{theirs.pk}/stop/").status_code == 404
    manager.email = ""
    manager.save()
    response = client.post("/reports/manager/subscribe/", {"frequency": "daily"}, follow=True)
    assert "邮箱" in response.content.decode() and not Subscription.objects.filter(user=manager).exists()
    collector = make_user("collector", Role.COLLECTOR, None)
    assert (
        client_for(collector).post("/reports/manager/subscribe/", {"frequency": "daily"}).status_code == 403
    )
