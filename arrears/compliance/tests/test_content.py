"""The content check's interface and its exceptions (the bench measures its accuracy)."""

from __future__ import annotations

import pytest

from arrears.compliance.content import check_content


def test_placeholders_never_trigger_findings() -> None:
    text = "{debtor_name}, {amount_due} {court_case_ref} {lawsuit_id} {police_ref} {deadbeat_flag}"
    assert check_content(text, time_barred=True) == []


def test_a_finding_names_the_phrase_and_gives_both_languages() -> None:
    findings = check_content("我是顺丰的，请确认地址。")
    assert [(f.rule_id, f.category, f.span) for f in findings] == [
        ("DEF-CONTENT-01", "impersonation", "顺丰")]
    finding = findings[0]
    assert "顺丰" in finding.reason_zh and "impersonation" in finding.reason_en


@pytest.mark.parametrize("text", [
    "If we obtain a judgment, the creditor may ask the court to garnish wages as the law allows.",
    "若债权人依法起诉并获得法院判决，可以申请强制执行。",
])
def test_a_true_conditional_consequence_passes(text: str) -> None:
    assert check_content(text) == []


def test_the_same_consequence_on_a_time_barred_debt_is_litigation_language() -> None:
    text = "If we obtain a judgment, the creditor may ask the court to garnish wages."
    findings = check_content(text, time_barred=True)
    assert {f.category for f in findings} == {"time_barred_litigation"}


def test_a_conditional_never_excuses_a_threat_of_arrest() -> None:
    assert [f.rule_id for f in check_content("If you don't pay, you'll go to jail.")] == ["DEF-CONTENT-02"]


def test_negation_in_the_same_clause_excuses() -> None:
    assert check_content("You will not be arrested for this debt.") == []
    assert check_content("我们不会告诉你的同事。") == []


def test_any_debt_word_to_a_third_party_is_a_disclosure() -> None:
    assert check_content("Please ask her to call us back.", third_party=True) == []
    assert [f.rule_id for f in check_content("She owes us money.", third_party=True)] == ["DEF-CONTENT-05"]
