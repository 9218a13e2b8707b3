"""Alibaba Cloud SMS (阿里云短信服务, Dysmsapi 2017-05-25) over its signed RPC API.

- SendSms: a registered template (TemplateCode) and signature (SignName); we send the
  placeholders' formatted values as TemplateParam and the message's idempotency key as
  OutId, which Aliyun keeps with the send and returns in receipts.
- Aliyun does not dedupe by OutId, so the adapter does: on any attempt after the first, it
  asks QuerySendDetails for the sends to that number on the day of the first attempt and
  returns the one with our OutId instead of sending again.
- Requests are signed with signature version 1.0 (HMAC-SHA1 over the sorted, percent-encoded
  parameters, keyed with the AccessKey secret and "&").
- Receipts (SmsReport) and replies (SmsUp) arrive by Aliyun's HTTP batch push, which is not
  signed: the push URL carries our shared secret (arrears.messaging.webhooks).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen
from zoneinfo import ZoneInfo

from arrears.messaging.providers import Accepted, Outgoing, PermanentError, TransientError

VERSION = "2017-05-25"
# Aliyun counts send dates in Beijing time (QuerySendDetails' SendDate, receipts' times).
BEIJING = ZoneInfo("Asia/Shanghai")
# Codes worth another attempt later: throttling and Aliyun's own faults. Everything else
# (a bad number, a template or signature not approved, a bad key) fails the message.
_TRANSIENT = (
    "isp.",
    "Throttling",
    "isv.BUSINESS_LIMIT_CONTROL",
    "isv.DAY_LIMIT_CONTROL",
    "SignatureNonceUsed",
    "ServiceUnavailable",
    "InternalError",
)
_QUERY_PAGES = 20  # 50 a page: a number's sends in one day never reach 1,000


def percent(value: str) -> str:
    """Aliyun's percent-encoding: RFC 3986, UTF-8, only A-Z a-z 0-9 - _ . ~ left as they are."""
    return quote(value, safe="-_.~")


def sign(params: Mapping[str, str], secret: str, method: str = "POST") -> str:
    """Signature version 1.0 of the RPC API."""
    canonical = "&".join(f"{percent(k)}={percent(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&{percent('/')}&{percent(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def national(number: str) -> str:
    """A mainland mobile as Aliyun wants it (11 digits); other numbers with their country code."""
    digits = "".join(c for c in number if c.isdigit())
    if number.strip().startswith("+86") or (digits.startswith("86") and len(digits) == 13):
        return digits[2:]
    if digits.startswith("0086"):
        return digits[4:]
    return digits


class AliyunSms:
    name = "aliyun"

    def __init__(
        self,
        *,
        endpoint: str,
        access_key_id: str,
        access_key_secret: str,
        sign_name: str,
        templates: Mapping[str, str],
        timeout: float = 10.0,
    ) -> None:
        self.endpoint = endpoint
        self.access_key_id = access_key_id
        self.secret = access_key_secret
        self.sign_name = sign_name
        self.templates = dict(templates)
        self.timeout = timeout

    def send(self, message: Outgoing) -> Accepted:
        code = self.templates.get(message.script_key)
        if not code:
            raise PermanentError(
                f"no Aliyun template code for the script {message.script_key!r} "
                f"(ARREARS_ALIYUN_SMS_TEMPLATES)",
                "template_not_configured",
            )
        phone = national(message.to)
        if message.attempt > 1:
            earlier = self.find(phone, message.key, message.first_attempt_at or datetime.now(UTC))
            if earlier:
                return Accepted(self.name, earlier, deduplicated=True)
        data = self.call(
            "SendSms",
            {
                "PhoneNumbers": phone,
                "SignName": self.sign_name,
                "TemplateCode": code,
                "TemplateParam": json.dumps(message.params, ensure_ascii=False, separators=(",", ":")),
                "OutId": message.key,
            },
        )
        return Accepted(self.name, str(data["BizId"]))

    def find(self, phone: str, key: str, since: datetime) -> str | None:
        """The BizId of a send to `phone` with OutId `key`, on the first attempt's day or after."""
        day = since.astimezone(BEIJING).date()
        today = datetime.now(UTC).astimezone(BEIJING).date()
        days = [day] if day >= today else [day, today]
        for send_date in days:
            for page in range(1, _QUERY_PAGES + 1):
                data = self.call(
                    "QuerySendDetails",
                    {
                        "PhoneNumber": phone,
                        "SendDate": send_date.strftime("%Y%m%d"),
                        "PageSize": "50",
                        "CurrentPage": str(page),
                    },
                )
                details = (data.get("SmsSendDetailDTOs") or {}).get("SmsSendDetailDTO") or []
                for row in details:
                    if row.get("OutId") == key:
                        return str(row.get("BizId") or key)
                if len(details) < 50:
                    break
        return None

    def call(self, action: str, params: Mapping[str, str]) -> dict[str, Any]:
        request_params = {
            "AccessKeyId": self.access_key_id,
            "Action": action,
            "Format": "JSON",
            "RegionId": "cn-hangzhou",
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": str(uuid.uuid4()),
            "SignatureVersion": "1.0",
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": VERSION,
            **params,
        }
        request_params["Signature"] = sign(request_params, self.secret, "POST")
        body = urlencode(request_params, quote_via=quote).encode()
        request = Request(  # noqa: S310 - the configured https endpoint
            self.endpoint,
            data=body,
            method="POST",
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        )
        try:
            with urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - the same
                data = json.loads(response.read().decode("utf-8"))
        except HTTPError as exc:
            data = _error_body(exc)
            if exc.code >= 500 or not data:
                raise TransientError(f"Aliyun {action}: HTTP {exc.code}", str(exc.code)) from exc
        except (URLError, TimeoutError, OSError) as exc:
            raise TransientError(f"Aliyun {action}: {exc}", "network") from exc
        except ValueError as exc:
            raise TransientError(f"Aliyun {action}: not JSON", "bad_response") from exc
        code = str(data.get("Code", ""))
        if code == "OK":
            return data
        message = f"Aliyun {action}: {code} {data.get('Message', '')}".strip()
        if code.startswith(_TRANSIENT):
            raise TransientError(message, code)
        raise PermanentError(message, code)


def _error_body(exc: HTTPError) -> dict[str, Any]:
    try:
        data = json.loads(exc.read().decode("utf-8"))
    except (ValueError, OSError):
        return {}
    return data if isinstance(data, dict) else {}
