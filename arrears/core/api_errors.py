"""One error shape for the whole API, and the handlers that give every error that shape.

    {"detail": "what went wrong, in the caller's language",
     "errors": [{"field": "amount", "message": "..."}]}

`errors` names each field at fault (empty when the problem is not one field's). 401:
no valid credentials; 403: the role or the token's scope does not allow it; 404: no such
object in the caller's scope; 409: a well-formed request refused by the state of the case
or a business rule (the gate blocks the contact, the case is closed, the date is past);
422: the request does not match the schema. Endpoints list the ones they can answer with
`error_responses(...)`, so the OpenAPI document states every status it can return.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


class Invalid(Exception):
    """A handler's own check of one field failed: 422 naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def error_responses(*codes: int) -> dict[int, type[ErrorOut]]:
    return dict.fromkeys(codes, ErrorOut)


def error(
    api: NinjaAPI, request: HttpRequest, status: int, detail: str, errors: list[dict] | None = None
) -> HttpResponse:
    response = api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="arrears"'
    return response


def _field(loc: Any) -> str:
    """("body", "payload", "amount") -> "amount"; ("query", "limit") -> "limit"."""
    parts = [str(p) for p in (loc or ())]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
        if parts and parts[0] == "payload":
            parts = parts[1:]
    return ".".join(parts)


def _message(item: dict[str, Any]) -> str:
    # Pydantic's own messages are English; the commonest ones get ours, in the reader's
    # language, and the rest keep pydantic's text rather than a vague "invalid".
    kind = item.get("type", "")
    known = {
        "missing": _("This field is required."),
        "string_too_short": _("This field may not be empty."),
        "string_pattern_mismatch": _("This value is not in the expected form."),
        "literal_error": _("This value is not one of the allowed choices."),
        "enum": _("This value is not one of the allowed choices."),
        "uuid_parsing": _("This is not a valid id."),
        "date_from_datetime_parsing": _("Enter a valid date (YYYY-MM-DD)."),
        "date_parsing": _("Enter a valid date (YYYY-MM-DD)."),
        "datetime_from_date_parsing": _("Enter a date and time with a UTC offset."),
        "timezone_aware": _("Enter a date and time with a UTC offset."),
    }
    return known.get(kind, str(item.get("msg", "")))


def install_error_handlers(api: NinjaAPI) -> None:
    def validation(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = [{"field": _field(item.get("loc")), "message": _message(item)} for item in exc.errors]
        return error(api, request, 422, _("The request is not valid."), errors)

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if exc.status_code == 400:
            # ninja's "Cannot parse request body" (not JSON, not UTF-8): the request does
            # not match the schema, which is what 422 says everywhere else.
            return error(
                api,
                request,
                422,
                _("The request body is not valid JSON."),
                [{"field": "", "message": str(exc)}],
            )
        return error(api, request, exc.status_code, str(exc))

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 401, _("Sign in, or send an API token: Authorization: Bearer <token>."))

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 404, _("Not found."))

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(api, request, 403, _("Your role may not do this."))

    def refused(request: HttpRequest, exc: Any) -> HttpResponse:
        # An action refused a well-formed request (the case is closed, the date is past).
        messages = exc.messages
        if hasattr(exc, "error_dict"):
            errors = [{"field": f, "message": m} for f, ms in exc.message_dict.items() for m in ms]
        else:
            errors = [{"field": "", "message": m} for m in messages]
        return error(api, request, 409, messages[0] if messages else _("The request was refused."), errors)

    def invalid(request: HttpRequest, exc: Any) -> HttpResponse:
        return error(
            api, request, 422, _("The request is not valid."), [{"field": exc.field, "message": exc.message}]
        )

    api.add_exception_handler(Invalid, invalid)
    api.add_exception_handler(NinjaValidationError, validation)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(DjangoValidationError, refused)
