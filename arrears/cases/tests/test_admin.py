"""The admin lists cases and evidence and offers no way to change them."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/cases/case/",
        "/admin/cases/promise/",
        "/admin/activity/event/",
        "/admin/activity/unmasking/",
        "/admin/strategy/nightlyrun/",
    ],
)
def test_admin_lists_are_read_only(client, url):
    admin = User.objects.create_superuser("root", password="pw")
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert client.get(url + "add/").status_code == 403
