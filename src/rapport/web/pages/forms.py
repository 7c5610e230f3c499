"""Reading HTML forms: typed values out, translated messages per field when they are wrong.

A :class:`FormReader` keeps what the user typed (``values``) so a page can show the form
again, filled in, next to the messages (``errors``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, TypeVar

from rapport.domain import validation
from rapport.domain.when import parse_when
from rapport.errors import InvalidInputError
from rapport.web.pages.rendering import ui_text

N = TypeVar("N", int, float)


class FormReader:
    def __init__(self, data: Mapping[str, Any], lang: str) -> None:
        self.values: dict[str, str] = {k: str(v) for k, v in data.items()}
        self.errors: dict[str, str] = {}
        self._ = ui_text(lang)

    @property
    def ok(self) -> bool:
        return not self.errors

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)

    def text(self, name: str, *, required: bool = False, max_length: int = 2000) -> str:
        _ = self._
        value = self.values.get(name, "").strip()
        if required and not value:
            self.fail(name, _("Please fill this in."))
        elif len(value) > max_length:
            self.fail(
                name, _("Please keep this under {limit} characters.").format(limit=max_length)
            )
        return value

    def optional_text(self, name: str, *, max_length: int = 2000) -> str | None:
        return self.text(name, max_length=max_length) or None

    def integer(
        self, name: str, *, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        """A whole number, or None when left empty."""
        _ = self._
        raw = self.values.get(name, "").strip()
        if not raw:
            return None
        try:
            value = int(raw)
        except ValueError:
            self.fail(name, _("Enter a whole number."))
            return None
        return self._in_range(name, value, minimum, maximum)

    def number(
        self, name: str, *, minimum: float | None = None, maximum: float | None = None
    ) -> float | None:
        """A decimal number (a comma works as the decimal mark too), or None when empty."""
        _ = self._
        raw = self.values.get(name, "").strip().replace(",", ".")
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            self.fail(name, _("Enter a number."))
            return None
        return self._in_range(name, value, minimum, maximum)

    def _in_range(self, name: str, value: N, minimum: N | None, maximum: N | None) -> N | None:
        _ = self._
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            if maximum is None:
                self.fail(name, _("Enter {minimum} or more.").format(minimum=minimum))
            else:
                self.fail(
                    name,
                    _("Enter a number from {minimum} to {maximum}.").format(
                        minimum=minimum, maximum=maximum
                    ),
                )
            return None
        return value

    def choice(self, name: str, options: Iterable[str], *, default: str | None = None) -> str:
        _ = self._
        allowed = list(options)
        value = self.values.get(name, "").strip() or (default or "")
        if value not in allowed:
            self.fail(name, _("Choose one of the options."))
            return allowed[0] if allowed else ""  # no options (no clients): only the error
        return value

    def flag(self, name: str) -> bool:
        return self.values.get(name, "") in ("on", "true", "1", "yes")

    def timezone(self, name: str) -> str:
        _ = self._
        value = self.values.get(name, "").strip() or "UTC"
        try:
            validation.check_timezone(value)
        except InvalidInputError:
            self.fail(name, _("Use a time zone name such as Europe/Oslo or Asia/Tokyo."))
        return value

    def moment(self, name: str, zone: str, *, required: bool = True) -> datetime | None:
        """A date (and time) typed in ``zone``; a bare date means the end of the working day."""
        _ = self._
        raw = self.values.get(name, "").strip()
        if not raw:
            if required:
                self.fail(name, _("Please fill this in."))
            return None
        try:
            return parse_when(raw, zone, end_of_day=True).at
        except InvalidInputError:
            self.fail(name, _("Enter a date such as 2026-11-30, or a date and time."))
            return None
