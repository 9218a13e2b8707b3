from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from arrears.compliance.content import check_content
from arrears.scripts.actions import PublishRefused, add_version, publish_version
from arrears.scripts.models import Script, ScriptVersion
from arrears.scripts.replies import all_replies
from arrears.scripts.seed import load_seed

pytestmark = pytest.mark.django_db


@pytest.fixture
def author() -> User:
    return User.objects.create_user("lead", password="x")


@pytest.fixture
def script() -> Script:
    return Script.objects.create(
        key="custom-opening", language="zh-hans", kind="opening", stage="phone",
        channel="phone", title="测试",
    )  # fmt: skip


def test_every_seeded_script_passes_the_content_check() -> None:
    for row in load_seed():
        for language, body in row["body"].items():
            findings = check_content(body, third_party=bool(row.get("third_party")))
            assert findings == [], (row["key"], language, findings)


def test_every_reply_passes_the_content_check() -> None:
    for reply in all_replies():
        for language, text in reply.texts.items():
            findings = check_content(text, third_party=reply.third_party)
            assert findings == [], (reply.id, language, findings)


def test_every_reaction_has_two_replies_per_stage_in_both_languages() -> None:
    from arrears.scripts.labels import REACTIONS, STAGES

    for label in REACTIONS:
        for stage in STAGES:
            found = [r for r in all_replies() if r.label == label and r.stage == stage]
            assert len(found) >= 2, (label, stage)
            assert all(r.texts["zh-hans"] and r.texts["en"] for r in found)


def test_seed_scripts_publishes_every_script_and_is_idempotent() -> None:
    call_command("seed_scripts")
    expected = len(load_seed()) * 2
    assert Script.objects.count() == expected
    assert ScriptVersion.objects.filter(published=True).count() == expected
    call_command("seed_scripts")
    assert ScriptVersion.objects.count() == expected


def test_a_location_script_is_marked_third_party() -> None:
    call_command("seed_scripts")
    assert Script.objects.get(key="third-party-location", language="en").third_party


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ("您好，我是顺丰快递的，有您一个包裹，请问您现在的地址是？", "DEF-CONTENT-01"),
        ("再不还钱，明天带人上门找你。", "DEF-CONTENT-02"),
        ("Hi, this is FedEx, please confirm your address for a delivery.", "DEF-CONTENT-01"),
    ],
)
def test_forbidden_content_cannot_be_published(
    script: Script, author: User, body: str, rule: str
) -> None:
    version = add_version(script, body, author)
    with pytest.raises(PublishRefused) as info:
        publish_version(version, author)
    assert rule in info.value.rule_ids
    assert rule in str(info.value)
    version.refresh_from_db()
    assert not version.published


def test_publishing_keeps_every_version_and_one_published(script: Script, author: User) -> None:
    first = publish_version(add_version(script, "您好，我是{collector_name}。", author), author)
    second = publish_version(add_version(script, "您好，{debtor_name}。", author), author)
    first.refresh_from_db()
    assert (first.number, second.number) == (1, 2)
    assert not first.published
    assert second.published and second.published_by == author
    assert script.published_version() == second
    assert ScriptVersion.objects.filter(script=script).count() == 2


def test_a_refused_version_leaves_the_published_one_in_place(
    script: Script, author: User
) -> None:
    good = publish_version(add_version(script, "您好，我是{collector_name}。", author), author)
    bad = add_version(script, "你这个老赖，再不还钱就等着坐牢。", author)
    with pytest.raises(PublishRefused):
        publish_version(bad, author)
    assert script.published_version() == good


def test_a_version_with_an_unknown_placeholder_is_refused(script: Script, author: User) -> None:
    from arrears.scripts.render import UnknownPlaceholderError

    with pytest.raises(UnknownPlaceholderError):
        add_version(script, "您好{debtor}", author)
    assert not ScriptVersion.objects.exists()


def test_every_dunning_template_passes_the_content_check() -> None:
    """The dunning letters (business customers: 贵方, your company, statutory interest, the
    possibility of a collection agency) are lawful and must stay so for the learned layer."""
    import json
    from pathlib import Path

    import arrears.dunning

    path = Path(arrears.dunning.__file__).resolve().parent / "seed" / "scripts.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    assert rows
    for row in rows:
        for language, body in row["body"].items():
            findings = check_content(body)
            assert findings == [], (row["key"], language, findings)
