"""Form fields that keep a typed value within what the database and the calendar can hold.

- `DayField`: a date between 2000 and 2100. Django's DateField takes 31/12/9999, and a decision signed
  that day has no end date 36 months later (a 500 when computing its certificate's term).
- `IdsField`: ids that are numbers of an id column's size. Django's ModelMultipleChoiceField passes
  "99999999999999999999" to the database, where SQLite cannot take it (a 500).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from .params import parse_integer

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2100, 12, 31)


class DayField(forms.DateField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        message = _("Ngày phải trong khoảng từ 01/01/2000 đến 31/12/2100.")
        self.validators += [MinValueValidator(FIRST_DAY, message), MaxValueValidator(LAST_DAY, message)]


class IdsField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                if parse_integer(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super()._check_values(value)
