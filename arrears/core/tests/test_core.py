import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from arrears.contacts.models import ContactPoint, Person
from arrears.core.env import ConfigError, env_bool, env_int
from arrears.core.masking import mask_email, mask_id, mask_phone
from arrears.portfolio.models import Account, Debtor


def test_env_helpers_refuse_bad_values(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ConfigError, match="X_FLAG"):
        env_bool("X_FLAG", False)
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ConfigError, match="whole number"):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "0")
    with pytest.raises(ConfigError, match="at least"):
        env_int("X_NUM", 1, minimum=1)
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True


@pytest.mark.parametrize(
    ("fn", "value", "masked"),
    [
        (mask_phone, "13812345678", "138****5678"),
        (mask_phone, "12345", "12*45"),
        (mask_phone, "+8613812345678", "+86 138****5678"),
        (mask_phone, "+14155552671", "+1 41******71"),
        (mask_id, "110101199003071234", "1101**********1234"),
        (mask_email, "zhang@example.com", "z****@example.com"),
        (mask_phone, "", ""),
    ],
)
def test_masking(fn, value, masked):
    assert fn(value) == masked


@pytest.mark.django_db
def test_the_demo_loads_twice_without_duplicating_anything(capsys):
    from arrears.receivables.models import Allocation, CreditNote, CustomerProfile

    models = (User, Debtor, Account, Person, ContactPoint, CustomerProfile, CreditNote, Allocation)
    call_command("load_demo", "--skip-uci", verbosity=0)
    counts = [m.objects.count() for m in models]
    call_command("load_demo", "--skip-uci", verbosity=0)
    assert [m.objects.count() for m in models] == counts
    assert counts[2] == 600  # 400 loans and the wholesaler's 200 customers
    assert counts[5] == 200
    out = capsys.readouterr().out
    assert "collector" in out and "compliance-demo" in out
    assert "agency-demo" in out and "华信信用管理" in out
    from arrears.recovery.models import Contract, Placement

    agent = User.objects.get(username="agency")
    assert agent.profile.agency is not None and agent.profile.agency.name == "华信信用管理"
    assert Contract.objects.filter(agency=agent.profile.agency).count() == 1
    assert not Placement.objects.exists()  # a lead places cases; the demo does not
    assert Account.objects.exclude(bucket="M0").exists()
    assert User.objects.get(username="collector").check_password("collector-demo")


def test_money_is_grouped_in_threes_with_two_decimals():
    from decimal import Decimal

    from arrears.core.templatetags.arrears import money

    assert money(Decimal("1234567.5")) == "1,234,567.50"
    assert money(Decimal("-0.05")) == "-0.05"
    assert money(None) == "—"
