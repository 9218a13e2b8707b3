"""A local stand-in for Aliyun's SMS API (dysmsapi 2017-05-25), for the tests only.

It checks each request's signature the way Aliyun documents it, answers SendSms with a
BizId and QuerySendDetails with the sends it holds, counts the SendSms requests per OutId
(the idempotency key), and can push delivery reports and replies to our webhooks the way
Aliyun's HTTP batch push does. It never reaches the internet.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl
from urllib.request import Request, urlopen

from arrears.messaging.providers.aliyun import BEIJING, sign

ACCESS_KEY_ID = "LTAI-test-key"
SECRET = "test-secret-not-real"


class FakeAliyun:
    def __init__(self, *, hold_seconds: float = 0.0, hold_count: int = 0) -> None:
        self.sends: list[dict[str, str]] = []  # accepted SendSms, in order
        self.requests: Counter[str] = Counter()  # SendSms requests per OutId
        self.queries = 0
        self.refused = 0
        self.lock = threading.Lock()
        # Hold the answer to the first `hold_count` SendSms requests (after recording them),
        # so a test can kill the sender while it waits.
        self.hold_seconds, self.hold_count = hold_seconds, hold_count
        self.holding = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                params = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
                status, body = fake.handle(params)
                data = json.dumps(body, ensure_ascii=False).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json;charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the sender was killed while we held its answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> FakeAliyun:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(self, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        signature = params.pop("Signature", "")
        if params.get("AccessKeyId") != ACCESS_KEY_ID:
            return 404, {
                "Code": "InvalidAccessKeyId.NotFound",
                "Message": "Specified access key is not found.",
            }
        if sign(params, SECRET, "POST") != signature:
            with self.lock:
                self.refused += 1
            return 400, {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched."}
        for name in ("Timestamp", "SignatureNonce", "Version", "Format"):
            if not params.get(name):
                return 400, {"Code": "MissingParameter", "Message": name}
        if params["Action"] == "SendSms":
            return self.send_sms(params)
        if params["Action"] == "QuerySendDetails":
            return self.query(params)
        return 400, {"Code": "InvalidAction.NotFound"}

    def send_sms(self, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        for name in ("PhoneNumbers", "SignName", "TemplateCode"):
            if not params.get(name):
                return 400, {"Code": "MissingParameter", "Message": name}
        json.loads(params.get("TemplateParam") or "{}")
        with self.lock:
            self.requests[params.get("OutId", "")] += 1
            biz = f"{len(self.sends) + 1:06d}^0"
            self.sends.append(
                {
                    **params,
                    "BizId": biz,
                    "SendDate": datetime.now(UTC).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
                }
            )
            hold = self.hold_count > 0
            if hold:
                self.hold_count -= 1
        if hold:
            self.holding.set()
            time.sleep(self.hold_seconds)
        return 200, {
            "Code": "OK",
            "Message": "OK",
            "BizId": biz,
            "RequestId": "F655A8D5-B967-440B-8683-DAD6FF8DE990",
        }

    def query(self, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        with self.lock:
            self.queries += 1
            rows = [
                s
                for s in self.sends
                if s["PhoneNumbers"] == params["PhoneNumber"]
                and s["SendDate"][:10].replace("-", "") == params["SendDate"]
            ]
        size, page = int(params.get("PageSize", 10)), int(params.get("CurrentPage", 1))
        shown = rows[(page - 1) * size : page * size]
        return 200, {
            "Code": "OK",
            "Message": "OK",
            "TotalCount": len(rows),
            "SmsSendDetailDTOs": {
                "SmsSendDetailDTO": [
                    {
                        "PhoneNum": s["PhoneNumbers"],
                        "SendStatus": 3,
                        "ErrCode": "DELIVERED",
                        "TemplateCode": s["TemplateCode"],
                        "Content": "",
                        "SendDate": s["SendDate"],
                        "ReceiveDate": s["SendDate"],
                        "OutId": s.get("OutId", ""),
                        "BizId": s["BizId"],
                    }
                    for s in shown
                ]
            },
        }

    @staticmethod
    def push(url: str, items: list[dict[str, Any]]) -> tuple[int, dict[str, Any]]:
        """POST a batch the way Aliyun's HTTP push does; (status, JSON answer)."""
        request = Request(  # noqa: S310 - the test\'s live server
            url,
            data=json.dumps(items, ensure_ascii=False).encode(),
            method="POST",
            headers={"Content-Type": "application/json"},
        )
        try:
            with urlopen(request, timeout=10) as response:  # noqa: S310 - the test's live server
                return response.status, json.loads(response.read())
        except Exception as exc:  # HTTPError carries the status and body
            code = getattr(exc, "code", 0)
            body = exc.read() if hasattr(exc, "read") else b"{}"
            return code, json.loads(body or b"{}")
