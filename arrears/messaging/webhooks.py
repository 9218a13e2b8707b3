"""The providers' webhooks: delivery receipts and inbound replies.

Aliyun's HTTP batch push (SmsReport, SmsUp) is not signed, so its URL carries a shared
secret (ARREARS_SMS_WEBHOOK_TOKEN), compared in constant time; a wrong or missing secret is
a 403 and changes nothing. Each push is a JSON array; Aliyun wants {"code": 0} back, and
retries on anything but HTTP 200, so a push we cannot read is a 400 (it will not improve)
and a push we could not store is a 500 (it may).
"""

from __future__ import annotations

import hmac
import json
import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from arrears.messaging.actions import record_receipt, record_reply
from arrears.messaging.providers.aliyun import BEIJING

logger = logging.getLogger(__name__)
OK = {"code": 0, "msg": "接收成功"}


def token_ok(token: str) -> bool:
    expected = settings.SMS_WEBHOOK_TOKEN
    return bool(expected) and hmac.compare_digest(token.encode(), expected.encode())


def _items(request: HttpRequest) -> list[dict[str, Any]] | None:
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
        return None
    return data


def _beijing(value: Any) -> datetime:
    try:
        return datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
    except ValueError:
        return timezone.now()


def _refuse(status: int, why: str) -> JsonResponse:
    return JsonResponse({"code": 1, "msg": why}, status=status)


@csrf_exempt
@require_POST
def aliyun_report(request: HttpRequest, token: str) -> JsonResponse:
    if not token_ok(token):
        return _refuse(403, "forbidden")
    items = _items(request)
    if items is None:
        return _refuse(400, "expected a JSON array of reports")
    try:
        for item in items:
            record_receipt(
                "aliyun",
                provider_id=str(item.get("biz_id") or ""),
                key=str(item.get("out_id") or ""),
                delivered=item.get("success") is True,
                code=str(item.get("err_code") or "")[:50],
                detail=str(item.get("err_msg") or "")[:200],
                at=_beijing(item.get("report_time")),
            )
    except DatabaseError:
        logger.exception("aliyun report not stored")
        return _refuse(500, "not stored")
    return JsonResponse(OK)


@csrf_exempt
@require_POST
def aliyun_reply(request: HttpRequest, token: str) -> JsonResponse:
    if not token_ok(token):
        return _refuse(403, "forbidden")
    items = _items(request)
    if items is None:
        return _refuse(400, "expected a JSON array of replies")
    try:
        for item in items:
            sender, text = str(item.get("phone_number") or ""), str(item.get("content") or "")
            if not sender or not text:
                continue
            ref = str(item.get("sequence_id") or f"{sender}:{item.get('send_time')}:{text[:20]}")
            record_reply("aliyun", ref[:100], sender, text, _beijing(item.get("send_time")))
    except DatabaseError:
        logger.exception("aliyun reply not stored")
        return _refuse(500, "not stored")
    return JsonResponse(OK)
