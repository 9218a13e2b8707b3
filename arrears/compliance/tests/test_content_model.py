"""The learned content layer's features and data files (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from arrears.compliance import content_model
from arrears.compliance.content_model import (
    ContentModel,
    Line,
    concept_tokens,
    model_input,
    normalise,
)


def test_a_claim_reads_as_the_same_concepts_in_both_languages() -> None:
    zh = set(concept_tokens(normalise("逾期不还，警方有权对你进行拘留。")))
    en = set(concept_tokens(normalise("The police will arrest you if this is not paid.")))
    assert {"police", "jail", "jail+police"} <= zh & en
    assert "family+school" in concept_tokens(normalise("你孩子在哪个学校我们都知道。"))
    assert "family+school" in concept_tokens(normalise("We know where your kids go to school."))
    assert concept_tokens(normalise("您好，请问方便通话吗？")) == []


def test_a_business_reader_is_not_a_workplace_and_text_speak_is_folded() -> None:
    letter = model_input("贵公司所欠我司货款已逾期，请贵司尽快付款。")
    assert "公司" not in letter and "贵方" in letter and "我方" in letter
    assert "job" not in concept_tokens(letter)
    assert "job" in concept_tokens(model_input("我们会通知你的公司。"))
    assert model_input("Your company's invoice") == "your business invoice"
    assert model_input("i know ur moms address dont test me") == (
        "i know your mom's address don't test me")


def test_veiled_threats_and_third_parties_share_concepts() -> None:
    assert "family+knows" in concept_tokens(model_input("We know what time your wife leaves for work."))
    assert "family+knows" in concept_tokens(model_input("你家孩子每天几点放学，我们都清楚。"))
    assert "harm+home" in concept_tokens(model_input("Nice house. Be a pity if anything happened to it."))
    assert "debt+third" in concept_tokens(model_input("Could you remind your brother he still owes $900?"))
    assert "debt+third" in concept_tokens(model_input("他欠款不还，你帮忙催催他。"))


def test_the_loan_itself_is_not_borrowing_more_and_an_account_is_not_a_channel() -> None:
    assert "pay_other" not in concept_tokens(model_input("借款人应按借款合同约定返还借款。"))
    assert "pay_other" in concept_tokens(model_input("你去找你爸借点钱先还上。"))
    assert "channel" not in concept_tokens(model_input("关于您个人账户的事情需要确认。"))
    assert "channel" in concept_tokens(model_input("钱转到我个人账户。"))
    assert "caller+school" in concept_tokens(model_input("Hi, it's Amy from your daughter's school."))
    assert "third+you_pay" in concept_tokens(model_input("你是他紧急联系人，得你来还。"))


def test_the_fast_path_matches_the_fitted_features() -> None:
    lines = [
        Line("The police will arrest you tonight.", ("DEF-CONTENT-04",), "en", "t"),
        Line("你不还钱，公安马上抓你。", ("DEF-CONTENT-04",), "zh-hans", "t"),
        Line("We know where your kids go to school.", ("DEF-CONTENT-02",), "en", "t"),
        Line("你孩子在哪个学校我们清楚。", ("DEF-CONTENT-02",), "zh-hans", "t"),
        Line("Your payment is overdue, please call us.", (), "en", "t"),
        Line("您的账单已逾期，请尽快还款。", (), "zh-hans", "t"),
    ]
    model = ContentModel.train(lines)
    texts = ["The cops will come for you", "你孩子学校", "请尽快还款", "zzz"]
    expected = model.batch_probabilities(texts)
    got = np.array([model.probabilities(model_input(t)) for t in texts])
    np.testing.assert_allclose(got, expected, atol=1e-9)


def test_every_content_file_in_data_is_read(tmp_path: Path) -> None:
    row = {"text": "We will tell your boss.", "labels": ["DEF-CONTENT-05"], "language": "en"}
    (tmp_path / "content_written_a.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (tmp_path / "content_new_sitting.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    sources = sorted(line.source for line in content_model.load_lines(data_dir=tmp_path))
    assert sources == ["file:content_new_sitting", "written:A"]
