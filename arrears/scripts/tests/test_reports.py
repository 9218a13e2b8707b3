from __future__ import annotations

from decimal import Decimal

from arrears.scripts.reports import reply_effectiveness

RECORDS = [
    ("hardship_no_money.phone.1", "hardship_no_money", "phone", True, True),
    ("hardship_no_money.phone.1", "hardship_no_money", "phone", True, False),
    ("hardship_no_money.phone.1", "hardship_no_money", "phone", False, False),
    ("hardship_no_money.phone.2", "hardship_no_money", "phone", True, True),
    ("hardship_no_money.phone.1", "hardship_no_money", "field", False, False),
    ("other.phone.1", "will_pay_soon", "phone", True, False),
]


def test_it_counts_and_rates_each_reply_reaction_and_stage() -> None:
    stats = {(s.reply_id, s.reaction, s.stage): s for s in reply_effectiveness(RECORDS)}
    assert len(stats) == 4
    main = stats[("hardship_no_money.phone.1", "hardship_no_money", "phone")]
    assert (main.uses, main.promises, main.payments) == (3, 2, 1)
    assert main.promise_rate == Decimal("0.6667")
    assert main.payment_rate == Decimal("0.3333")
    field = stats[("hardship_no_money.phone.1", "hardship_no_money", "field")]
    assert (field.uses, field.promise_rate, field.payment_rate) == (1, Decimal("0"), Decimal("0"))


def test_it_ranks_by_payment_rate_then_use() -> None:
    ranked = [s.reply_id for s in reply_effectiveness(RECORDS)]
    assert ranked[0] == "hardship_no_money.phone.2"
    assert ranked[1] == "hardship_no_money.phone.1"


def test_no_records_give_no_rows() -> None:
    assert reply_effectiveness([]) == []
