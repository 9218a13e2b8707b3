"""The score model's feature builder, model wrapper and UCI adapter, on small literal frames."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from sklearn.metrics import roc_auc_score

from arrears.strategy.scoring import (
    FEATURE_DOCS,
    FEATURES,
    LABEL_NAMES,
    ScoreInputs,
    ScoreModel,
    attributes_frame,
    build_features,
    monthly_status,
    months_delayed,
    read_uci,
    statements_from_due_items,
    train_score,
    uci_frames,
)

D = date


def one_account() -> ScoreInputs:
    """Account 7: limit 10,000, three statements (a young account), two payments."""
    accounts = pl.DataFrame(
        {
            "account_id": [7],
            "credit_limit": [10_000],
            "age": [41],
            "sex": ["female"],
            "education": ["university"],
            "marriage": ["widowed"],  # not a known value -> null
        }
    )
    statements = pl.DataFrame(
        {
            "account_id": [7, 7, 7],
            "statement_date": [D(2024, 3, 31), D(2024, 1, 31), D(2024, 2, 29)],  # unsorted
            "balance": [6_000, 2_000, 4_000],
        }
    )
    payments = pl.DataFrame(
        {
            "account_id": [7, 7, 7],
            # Feb 10 pays Jan's statement (month 2); Mar 31 is on statement 1's date (month
            # 1); Apr 5 is after the latest statement and is not in any month.
            "paid_on": [D(2024, 2, 10), D(2024, 3, 31), D(2024, 4, 5)],
            "amount": [2_000, 500, 9_999],
        }
    )
    status = pl.DataFrame(
        {
            "account_id": [7, 7, 7],
            "statement_date": [D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31)],
            "status": [0, -1, 2],
        }
    )
    return ScoreInputs(accounts, statements, payments, status)


def test_features_of_one_account() -> None:
    f = build_features(one_account()).row(0, named=True)
    assert f["account_id"] == 7
    assert f["limit"] == 10_000
    assert (f["age"], f["sex"], f["education"], f["marriage"]) == (41, 1, 2, None)
    # Month 1 is the latest statement.
    assert (f["bill_1"], f["bill_2"], f["bill_3"]) == (6_000, 4_000, 2_000)
    assert f["bill_4"] is None
    assert f["bill_6"] is None
    assert (f["util_1"], f["util_2"], f["util_3"]) == pytest.approx((0.6, 0.4, 0.2))
    assert f["util_4"] is None
    assert f["util_mean"] == pytest.approx(0.4)
    assert f["util_max"] == pytest.approx(0.6)
    assert f["util_trend"] == pytest.approx(0.2)  # +0.2 of the limit a month
    # Payments: month 1 got the Mar 31 payment, month 2 the Feb 10 one, month 3 nothing.
    assert (f["pay_1"], f["pay_2"], f["pay_3"]) == (500, 2_000, 0)
    assert f["pay_4"] is None
    assert f["pay_ratio_1"] == pytest.approx(500 / 4_000)
    assert f["pay_ratio_2"] == pytest.approx(1.0)  # Jan's 2,000 paid in full
    assert f["pay_ratio_3"] is None  # no statement 4
    assert f["full_pay_count"] == 1
    assert f["zero_pay_count"] == 0
    assert f["pay_to_limit"] == pytest.approx(0.25)
    assert f["bill_growth_3"] == pytest.approx(0.4)
    assert f["bill_growth_6"] is None
    assert f["unpaid_carry_1"] == pytest.approx(0.35)
    # New charges: month 1 6000-4000+500, month 2 4000-2000+2000.
    assert f["spend_mean"] == pytest.approx((2_500 + 4_000) / 2 / 10_000)
    # Status 2 at the latest statement, -1 before, 0 before that.
    assert (f["status_1"], f["status_2"], f["status_3"]) == (2, -1, 0)
    assert f["status_4"] is None
    assert f["current_delay"] == 2
    assert f["delinquent_3"] == 1
    assert f["delinquent_6"] == 1
    assert f["max_delay_3"] == 2
    assert f["max_delay_6"] == 2
    assert f["delay_change"] == 3
    assert f["months_since_delinquent"] == 1
    assert (f["paid_duly_count"], f["revolving_count"], f["inactive_count"]) == (1, 1, 0)


def six_months(account_id: int, statuses: list[int], balances: list[int]) -> dict[str, list]:
    dates = [D(2024, m, 28) for m in range(6, 0, -1)]  # month 1 = June
    return {
        "account_id": [account_id] * 6,
        "statement_date": dates,
        "status": statuses,
        "balance": balances,
    }


def test_months_delinquent_and_delay_over_the_window() -> None:
    rows = [
        six_months(1, [0, 0, 0, 3, 2, 1], [100] * 6),  # delinquent long ago, cured
        six_months(2, [-2, -2, -2, -2, -2, -2], [0] * 6),  # never used
        six_months(3, [1, 1, 0, 0, -1, 4], [500] * 6),
    ]
    long = pl.concat(pl.DataFrame(r) for r in rows)
    inputs = ScoreInputs(
        accounts=pl.DataFrame(
            {
                "account_id": [1, 2, 3],
                "credit_limit": [1_000, 0, 1_000],  # a zero limit gives null ratios
                "age": [30, 30, 30],
                "sex": ["male", None, "female"],
                "education": [None, "other", "graduate_school"],
                "marriage": ["single", "married", "other"],
            }
        ),
        statements=long.select("account_id", "statement_date", "balance"),
        payments=pl.DataFrame(schema={"account_id": pl.Int64, "paid_on": pl.Date, "amount": pl.Int64}),
        status=long.select("account_id", "statement_date", "status"),
    )
    f = {r["account_id"]: r for r in build_features(inputs).to_dicts()}
    assert (f[1]["delinquent_3"], f[1]["delinquent_6"]) == (0, 3)
    assert (f[1]["max_delay_3"], f[1]["max_delay_6"], f[1]["current_delay"]) == (0, 3, 0)
    assert f[1]["months_since_delinquent"] == 4
    assert f[1]["revolving_count"] == 3
    assert f[1]["zero_pay_count"] == 5  # a balance every month and no payment
    assert f[1]["pay_cv"] is None  # nothing paid: no volatility
    assert (f[2]["delinquent_6"], f[2]["inactive_count"]) == (0, 6)
    assert f[2]["months_since_delinquent"] == 7
    assert f[2]["util_1"] is None  # zero limit
    assert f[2]["zero_pay_count"] == 0  # nothing was owed
    assert (f[3]["delinquent_3"], f[3]["delinquent_6"], f[3]["max_delay_3"]) == (2, 3, 1)
    assert (f[3]["max_delay_6"], f[3]["delay_change"]) == (4, 0)
    assert (f[3]["paid_duly_count"], f[3]["sex"], f[3]["education"]) == (1, 1, 1)


def test_the_label_is_never_a_feature() -> None:
    features = build_features(one_account())
    assert list(features.columns) == ["account_id", *FEATURES]
    assert not LABEL_NAMES & {c.lower() for c in features.columns}
    assert set(FEATURES) == set(FEATURE_DOCS)
    with pytest.raises(ValueError, match="label"):
        train_score(features.with_columns(pl.lit(1.0).alias("y")), [1])


def test_exclude_drops_features() -> None:
    features = build_features(one_account(), exclude=("sex", "marriage"))
    assert "sex" not in features.columns
    assert "marriage" not in features.columns
    assert features.width == len(FEATURES) - 2 + 1


def synthetic(n: int, seed: int) -> tuple[pl.DataFrame, np.ndarray]:
    """Features built from random histories; default is a fixed function of them."""
    rng = np.random.default_rng(seed)
    dates = [D(2024, m, 28) for m in range(6, 0, -1)]
    ids = np.repeat(np.arange(n), 6)
    status = rng.choice([-2, -1, 0, 0, 1, 2, 3], size=n * 6)
    balance = rng.integers(0, 10_000, size=n * 6)
    frame = pl.DataFrame(
        {
            "account_id": ids,
            "statement_date": dates * n,
            "balance": balance,
            "status": status,
        }
    )
    pays = pl.DataFrame(
        {
            "account_id": ids,
            "paid_on": [d.replace(day=10) for d in dates] * n,
            "amount": rng.integers(0, 3_000, size=n * 6),
        }
    ).filter(pl.col("amount") > 0)
    accounts = attributes_frame((int(i), {"age": int(a)}) for i, a in enumerate(rng.integers(20, 70, n)))
    accounts = accounts.with_columns(pl.lit(10_000).alias("credit_limit"))
    features = build_features(
        ScoreInputs(
            accounts,
            frame.select("account_id", "statement_date", "balance"),
            pays,
            frame.select("account_id", "statement_date", "status"),
        )
    )
    # Default iff seriously late lately or almost maxed out: learnable, not in one column.
    y = ((features["max_delay_3"].to_numpy() >= 3) & (features["util_1"].to_numpy() > 0.5)) | (
        features["delinquent_6"].to_numpy() >= 4
    )
    return features, y.astype(np.int64)


def test_small_training_run_beats_chance_on_a_synthetic_pattern() -> None:
    features, y = synthetic(600, seed=1)
    assert 0.1 < y.mean() < 0.9
    train, test = slice(0, 400), slice(400, 600)
    for kind in ("gbm", "logit", "ensemble"):
        model = train_score(features[train], y[train], kind=kind, seed=0)
        auc = roc_auc_score(y[test], model.predict_proba(features[test]))
        assert auc > 0.85, (kind, auc)


def test_save_load_round_trip(tmp_path: Path) -> None:
    features, y = synthetic(300, seed=2)
    model = train_score(features, y, kind="ensemble", seed=0)
    path = model.save(tmp_path / "models" / "score.joblib")
    loaded = ScoreModel.load(path)
    assert loaded.features == model.features
    # Columns are matched by name, not position.
    shuffled = features.select(list(reversed(features.columns)))
    np.testing.assert_array_equal(loaded.predict_proba(shuffled), model.predict_proba(features))
    with pytest.raises(ValueError, match="missing features"):
        loaded.predict_proba(features.drop("limit"))


def test_months_delayed() -> None:
    assert [months_delayed(d) for d in (0, 1, 30, 31, 60, 61, 400)] == [0, 1, 1, 2, 2, 3, 14]


def test_monthly_status_from_statements_payments_and_dpd() -> None:
    statements = pl.DataFrame(
        {
            "account_id": [1] * 5,
            "statement_date": [D(2024, m, 28) for m in range(1, 6)],
            "balance": [0, 1_000, 1_500, 2_000, 2_000],
        }
    )
    payments = pl.DataFrame(
        {
            "account_id": [1, 1],
            "paid_on": [D(2024, 3, 10), D(2024, 4, 10)],
            "amount": [1_000, 100],  # pays Feb in full; then only part of Mar
        }
    )
    dpd = pl.DataFrame(
        {
            "account_id": [1, 1],
            "statement_date": [D(2024, 4, 28), D(2024, 5, 28)],
            "dpd": [0, 45],
        }
    )
    got = monthly_status(statements, payments, dpd)["status"].to_list()
    # Jan nothing to pay; Feb new use; Mar paid Feb in full; Apr revolving; May 45 DPD.
    assert got == [-2, -1, -1, 0, 2]


def test_attributes_frame_reads_uci_codes_as_the_uci_importer_stores_them() -> None:
    # arrears.portfolio.uci writes the file's integer codes into Debtor.attributes.
    stored = {"source": "UCI", "sex": 2, "education": 5, "marriage": 1, "age": 24}
    frame = attributes_frame([(1, stored), (2, {"sex": "1", "education": 3, "marriage": 0})])
    assert frame.to_dicts() == [
        {"account_id": 1, "age": 24, "sex": "female", "education": None, "marriage": "married"},
        {"account_id": 2, "age": None, "sex": "male", "education": "high_school", "marriage": None},
    ]


def test_statements_from_due_items_and_p_pay() -> None:
    due_items = pl.DataFrame(
        {
            "account_id": [1, 1],
            "key": ["S1", "I1"],
            "due_date": [D(2024, 2, 20), D(2024, 2, 1)],
            "amount": [700, 50],
            "minimum": [70, None],
            "statement_date": [D(2024, 1, 31), None],
            "is_statement": [True, False],
        }
    )
    got = statements_from_due_items(due_items).to_dicts()
    assert got == [{"account_id": 1, "statement_date": D(2024, 1, 31), "balance": 700}]
    features, y = synthetic(200, seed=3)
    model = train_score(features, y, kind="gbm")
    p_pay = model.p_pay(features)
    assert p_pay.columns == ["account_id", "p_pay"]
    np.testing.assert_allclose(p_pay["p_pay"].to_numpy(), 1 - model.predict_proba(features))


def test_attributes_frame() -> None:
    frame = attributes_frame(
        [
            (1, {"age": 33, "sex": "male", "x": 1}),
            (2, None),
            (3, {"age": "n/a"}),
            (4, {"age": 40.0}),
        ]
    )
    assert frame.to_dicts() == [
        {"account_id": 1, "age": 33, "sex": "male", "education": None, "marriage": None},
        {"account_id": 2, "age": None, "sex": None, "education": None, "marriage": None},
        {"account_id": 3, "age": None, "sex": None, "education": None, "marriage": None},
        {"account_id": 4, "age": 40, "sex": None, "education": None, "marriage": None},
    ]


UCI_HEADER = "ID," + ",".join(f"X{i}" for i in range(1, 24)) + ",Y"
UCI_ROWS = [
    # ID, limit, sex, edu, marriage, age, PAY_0, PAY_2..6, BILL 1..6, PAY_AMT 1..6, Y
    "1,20000,2,2,1,24,2,2,-1,-1,-2,-2,3913,3102,689,0,0,0,0,689,0,0,0,0,1",
    "2,5.00E+05,1,5,0,57,-1,0,-1,0,0,0,8617,5670,35835,20940,19146,19131,2000,1.00E+05,10000,9000,689,679,0",
]


def write_uci(path: Path, rows: list[str]) -> Path:
    path.write_bytes(("\r\n".join([UCI_HEADER, *rows]) + "\r\n").encode())
    return path


def test_uci_adapter_maps_columns(tmp_path: Path) -> None:
    inputs, target = uci_frames(write_uci(tmp_path / "uci.csv", UCI_ROWS))
    assert target.to_dicts() == [{"account_id": 1, "y": 1}, {"account_id": 2, "y": 0}]
    for frame in (inputs.accounts, inputs.statements, inputs.payments, inputs.status):
        assert "y" not in frame.columns
        assert "Y" not in frame.columns
    acc = inputs.accounts.sort("account_id").to_dicts()
    assert acc[1] == {
        "account_id": 2,
        "credit_limit": 500_000,  # 5.00E+05
        "age": 57,
        "sex": "male",
        "education": None,  # 5 is undocumented
        "marriage": None,  # 0 is undocumented
    }
    assert inputs.accounts["credit_limit"].dtype == pl.Int64
    sep = inputs.statements.filter(pl.col("statement_date") == D(2005, 9, 30)).sort("account_id")
    assert sep["balance"].to_list() == [3913, 8617]
    apr = inputs.statements.filter(pl.col("statement_date") == D(2005, 4, 30))
    assert apr.sort("account_id")["balance"].to_list() == [0, 19131]
    # Zero payments are not stored; PAY_AMT2 is paid on Aug 15.
    pays = inputs.payments.filter(pl.col("account_id") == 1).to_dicts()
    assert pays == [{"account_id": 1, "paid_on": D(2005, 8, 15), "amount": 689}]
    aug = inputs.payments.filter((pl.col("account_id") == 2) & (pl.col("paid_on") == D(2005, 8, 15)))
    assert aug["amount"].to_list() == [100_000]
    st = inputs.status.filter(pl.col("account_id") == 1).sort("statement_date")["status"]
    assert st.to_list() == [-2, -2, -1, -1, 2, 2]  # Apr .. Sep

    f = build_features(inputs).row(0, named=True)
    assert (f["bill_1"], f["pay_1"], f["pay_2"], f["status_1"]) == (3913, 0, 689, 2)
    assert f["pay_ratio_2"] == pytest.approx(1.0)  # Aug payment 689 paid Jul's 689


def test_uci_reader_rejects_fractions(tmp_path: Path) -> None:
    bad = UCI_ROWS[0].replace("3913", "3913.5")
    with pytest.raises(ValueError, match="non-whole"):
        read_uci(write_uci(tmp_path / "bad.csv", [bad]))
