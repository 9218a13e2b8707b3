"""Which replies are opt-outs (pure)."""

from __future__ import annotations

import pytest

from arrears.messaging.replies import is_opt_out, phone_key


@pytest.mark.parametrize(
    "text",
    [
        "TD",
        "td",
        "ＴＤ",
        "T",
        "N",
        "R",
        "退订",
        "退订。",
        "退订，谢谢",
        "请不要再发了",
        "STOP",
        "stop",
        "Stop!",
        "ＳＴＯＰ",
        "unsubscribe",
        "UNSUBSCRIBE ",
        "T D",
        "拒收",
        "退",
    ],
)
def test_stop_words_and_their_variants_are_opt_outs(text):
    assert is_opt_out(text)


@pytest.mark.parametrize(
    "text",
    ["好的，我明天还", "TDK", "don't stop calling me", "我已经还了", "Tomorrow", "NO", "what is this", ""],
)
def test_other_replies_are_not(text):
    assert not is_opt_out(text)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("+86 138-0000-0001", "13800000001"),
        ("008613800000001", "13800000001"),
        ("13800000001", "13800000001"),
        ("+1 415 555 0100", "14155550100"),
    ],
)
def test_phone_keys_match_however_the_provider_writes_the_number(raw, key):
    assert phone_key(raw) == key
