"""The Aliyun SMS adapter against a local fake server, and its webhooks over real HTTP."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from arrears.activity.models import Event, Kind
from arrears.cases.models import Task
from arrears.contacts.models import Preference
from arrears.messaging import actions
from arrears.messaging.models import Message, Reply, Status
from arrears.messaging.providers import Outgoing, PermanentError
from arrears.messaging.providers.aliyun import AliyunSms, national, sign
from arrears.messaging.sender import send_due
from arrears.messaging.tests.fake_aliyun import ACCESS_KEY_ID, SECRET, FakeAliyun
from arrears.messaging.tests.world import make_world

SHANGHAI = ZoneInfo("Asia/Shanghai")
TOKEN = "t0ken-for-the-tests-only-0123456789"


def test_the_signature_matches_aliyuns_documented_example():
    # The example of Aliyun's "signature version 1.0" documentation for SendSms.
    params = {
        "AccessKeyId": "testId",
        "Action": "SendSms",
        "Format": "XML",
        "OutId": "123",
        "PhoneNumbers": "15300000001",
        "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007",
        "TemplateParam": '{"customer":"test"}',
        "Timestamp": "2017-07-12T02:42:19Z",
        "Version": "2017-05-25",
    }
    assert sign(params, "testSecret", "GET") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


@pytest.mark.parametrize(
    ("raw", "sent"),
    [
        ("+8613800000001", "13800000001"),
        ("13800000001", "13800000001"),
        ("008613800000001", "13800000001"),
        ("+85291234567", "85291234567"),
    ],
)
def test_numbers_go_to_aliyun_as_it_wants_them(raw, sent):
    assert national(raw) == sent


def adapter(fake: FakeAliyun, secret: str = SECRET) -> AliyunSms:
    return AliyunSms(
        endpoint=fake.url,
        access_key_id=ACCESS_KEY_ID,
        access_key_secret=secret,
        sign_name="示例银行",
        templates={"sms-reminder": "SMS_123456789"},
    )


def test_a_retry_with_the_same_key_finds_the_first_send_instead_of_sending_again():
    with FakeAliyun() as fake:
        sms = adapter(fake)
        first = sms.send(
            Outgoing(
                key="k-1",
                to="+8613800000001",
                body="…",
                params={"debtor_name": "张1"},
                script_key="sms-reminder",
            )
        )
        again = sms.send(
            Outgoing(
                key="k-1",
                to="+8613800000001",
                body="…",
                params={"debtor_name": "张1"},
                script_key="sms-reminder",
                attempt=2,
                first_attempt_at=datetime.now(SHANGHAI),
            )
        )
    assert again.provider_id == first.provider_id and again.deduplicated
    assert fake.requests == {"k-1": 1} and fake.queries == 1
    assert (
        fake.sends[0]["TemplateParam"] == '{"debtor_name":"张1"}' and fake.sends[0]["SignName"] == "示例银行"
    )


def test_a_wrong_secret_is_refused_by_the_provider_and_fails_the_message_for_good():
    with FakeAliyun() as fake, pytest.raises(PermanentError) as failed:
        adapter(fake, "not-the-secret").send(
            Outgoing(key="k", to="13800000001", body="", script_key="sms-reminder")
        )
    assert failed.value.code == "SignatureDoesNotMatch" and fake.refused == 1 and not fake.sends


@pytest.mark.django_db(transaction=True)
def test_send_receipt_and_an_unsubscribe_reply_through_the_fake_aliyun_and_our_webhooks(
    settings, live_server
):
    settings.SMS_WEBHOOK_TOKEN = TOKEN
    with FakeAliyun() as fake:
        settings.SMS_PROVIDER = "aliyun"
        settings.ALIYUN_SMS = {
            "endpoint": fake.url,
            "access_key_id": ACCESS_KEY_ID,
            "access_key_secret": SECRET,
            "sign_name": "示例银行",
            "templates": {"sms-reminder": "SMS_123456789"},
        }
        with time_machine.travel(datetime(2026, 3, 3, 10, 0, tzinfo=SHANGHAI), tick=True):
            w = make_world()
            message = actions.queue_message(
                w.case, w.collector, script=w.script("sms-reminder"), contact_point=w.phone
            )
            assert [r.outcome for r in send_due()] == ["sent"]
            message.refresh_from_db()
            assert (message.status, message.provider, message.provider_id) == (
                Status.SENT,
                "aliyun",
                "000001^0",
            )
            [sent] = fake.sends
            assert sent["OutId"] == str(message.idempotency_key) and sent["PhoneNumbers"] == "13800000001"
            assert (
                sent["TemplateCode"] == "SMS_123456789"
                and '"amount_due":"¥1,234.56"' in sent["TemplateParam"]
            )

            report = f"{live_server.url}/webhooks/sms/aliyun/{TOKEN}/report/"
            receipt = [
                {
                    "phone_number": "13800000001",
                    "send_time": "2026-03-03 10:00:01",
                    "report_time": "2026-03-03 10:00:05",
                    "success": True,
                    "err_code": "DELIVERED",
                    "err_msg": "用户接收成功",
                    "sms_size": "1",
                    "biz_id": "000001^0",
                    "out_id": str(message.idempotency_key),
                }
            ]
            # A push with the wrong secret is refused and changes nothing.
            bad = f"{live_server.url}/webhooks/sms/aliyun/{TOKEN[:-1]}X/report/"
            assert FakeAliyun.push(bad, receipt)[0] == 403
            message.refresh_from_db()
            assert message.status == Status.SENT
            assert FakeAliyun.push(report, receipt) == (200, {"code": 0, "msg": "接收成功"})
            assert FakeAliyun.push(report, receipt)[0] == 200  # Aliyun retries: recorded once
            message.refresh_from_db()
            assert message.status == Status.DELIVERED
            assert message.delivered_at == datetime(2026, 3, 3, 10, 0, 5, tzinfo=SHANGHAI)
            assert Event.objects.filter(case=w.case, kind=Kind.MESSAGE_DELIVERY).count() == 1

            reply = f"{live_server.url}/webhooks/sms/aliyun/{TOKEN}/reply/"
            up = [
                {
                    "phone_number": "13800000001",
                    "send_time": "2026-03-03 10:05:00",
                    "content": "退订",
                    "sign_name": "示例银行",
                    "dest_code": "1234",
                    "sequence_id": 987654321,
                }
            ]
            assert FakeAliyun.push(reply[:-7] + "nope/reply/", up)[0] in (403, 404)
            assert FakeAliyun.push(reply, up)[0] == 200
            assert FakeAliyun.push(reply, up)[0] == 200  # the same push again
            opt_out = Preference.objects.get(debtor=w.debtor)
            assert (opt_out.kind, opt_out.channel) == (Preference.Kind.OPT_OUT_CHANNEL, "sms")
            assert Reply.objects.get().opt_out and Reply.objects.count() == 1
            # The gate now blocks SMS to this debtor: a new one is refused outright.
            with pytest.raises(actions.MessageRefused):
                actions.queue_message(
                    w.case, w.collector, script=w.script("sms-reminder"), contact_point=w.phone
                )
            # Any other reply lands on the timeline and in the collector's tasks.
            other = [{**up[0], "content": "我下周一还款", "sequence_id": 987654322}]
            assert FakeAliyun.push(reply, other)[0] == 200
            task = Task.objects.get(case=w.case, kind=Task.Kind.REVIEW)
            assert "我下周一还款" in task.note and task.assigned_to == w.collector
            assert Event.objects.filter(case=w.case, kind=Kind.MESSAGE_REPLY).count() == 2
    assert fake.requests == {str(message.idempotency_key): 1}
    assert Message.objects.count() == 1


@pytest.mark.django_db
def test_webhooks_refuse_everything_when_no_secret_is_configured_and_bad_bodies(client, settings):
    settings.SMS_WEBHOOK_TOKEN = ""
    assert (
        client.post(
            f"/webhooks/sms/aliyun/{TOKEN}/report/", "[]", content_type="application/json"
        ).status_code
        == 403
    )
    settings.SMS_WEBHOOK_TOKEN = TOKEN
    url = f"/webhooks/sms/aliyun/{TOKEN}/report/"
    assert client.post(url, "not json", content_type="application/json").status_code == 400
    assert client.post(url, "[1, 2]", content_type="application/json").status_code == 400
    assert client.get(url).status_code == 405
    unknown = [{"biz_id": "nope", "out_id": "not-a-uuid", "success": True}]
    assert client.post(url, unknown, content_type="application/json").status_code == 200
