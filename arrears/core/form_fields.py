"""Model choice fields that answer an id the database cannot hold with a field error.

A choice posted as an integer id beyond 64 bits ("staff=99999999999999999999") reaches the
query as is; SQLite raises OverflowError there, which Django's fields do not catch (a 500).
These fields refuse it first, with the field's usual "not one of the choices" message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

BIGINT = 2**63


def _check_range(field: forms.ModelChoiceField, value: Any) -> None:
    if field.to_field_name:
        return
    try:
        number = int(str(value).strip())
    except ValueError:
        return
    if not -BIGINT <= number < BIGINT:
        raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice")


class IdChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            _check_range(self, value)
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for pk in value:
            try:
                _check_range(self, pk)
            except ValidationError:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                ) from None
        return super()._check_values(value)  # type: ignore[misc]
