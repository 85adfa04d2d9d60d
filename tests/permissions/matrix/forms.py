"""The forms a page renders, read from its HTML, and a valid body for each.

A form is what the page offers its user: its fields with the values the page put in them (hidden
inputs, checked boxes and radios, selected options, typed text). `Form.body` fills what the page left
empty the way a user would (the first option of a list or of a radio group, a short text, today's date
for a date) and takes the overrides an action needs (a file, a number the form cannot propose).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.utils import timezone

FILLER = "Nội dung thử"


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, radio, checkbox, hidden, file, date, number, submit …
    value: str = ""
    options: list[str] = field(default_factory=list)  # select and radio: every value offered
    checked: bool = False
    multiple: bool = False
    disabled: bool = False


@dataclass
class Form:
    action: str  # the path the form posts to
    method: str
    fields: list[Field] = field(default_factory=list)

    def names(self) -> list[str]:
        """The names a user can send, once each, in page order (submit buttons apart)."""
        seen: list[str] = []
        for f in self.fields:
            if f.name and f.kind != "submit" and f.name not in seen and f.name != "csrfmiddlewaretoken":
                seen.append(f.name)
        return seen

    def buttons(self) -> list[Field]:
        return [f for f in self.fields if f.kind == "submit" and f.name and not f.disabled]

    def body(self, overrides: dict[str, Any] | None = None, button: str | None = None) -> dict[str, Any]:
        """What a user submitting the form sends; `button` names the value of the submit button."""
        data: dict[str, Any] = {}
        for f in self.fields:
            if not f.name or f.disabled or f.name == "csrfmiddlewaretoken" or f.kind == "submit":
                continue
            if f.kind == "checkbox":
                if f.checked:
                    data.setdefault(f.name, []).append(f.value or "on")
            elif f.kind == "radio":
                if f.checked or f.name not in data:
                    data[f.name] = f.value
            elif f.kind == "select":
                chosen = f.value if f.value or not f.options else next((o for o in f.options if o), "")
                if f.multiple:
                    data.setdefault(f.name, []).extend([chosen] if chosen else [])
                else:
                    data[f.name] = chosen
            elif f.kind == "file":
                continue
            else:
                data[f.name] = f.value or _filled(f)
        buttons = self.buttons()
        pressed = next((b for b in buttons if b.value == button), None) if button else None
        pressed = pressed or (buttons[0] if buttons else None)
        if pressed is not None:
            data[pressed.name] = pressed.value
        for name, value in (overrides or {}).items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        return data


def _filled(f: Field) -> str:
    if f.kind == "date":
        return timezone.localdate().isoformat()
    if f.kind == "number":
        return "1"
    if f.kind == "hidden":
        return ""
    return FILLER


class _Parser(HTMLParser):
    def __init__(self, url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.option: tuple[str, bool] | None = None
        self.option_text = ""
        self.textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.form = Form(
                urlsplit(urljoin(self.url, a.get("action") or self.url)).path, a.get("method", "get").lower()
            )
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            self.form.fields.append(
                Field(
                    a.get("name", ""),
                    kind,
                    a.get("value", ""),
                    checked="checked" in a,
                    disabled="disabled" in a,
                )
            )
            if kind == "radio":
                self.form.fields[-1].options = [a.get("value", "")]
        elif tag == "button":
            kind = a.get("type", "submit").lower()
            if kind == "submit":
                self.form.fields.append(
                    Field(a.get("name", ""), "submit", a.get("value", ""), disabled="disabled" in a)
                )
        elif tag == "select":
            self.select = Field(
                a.get("name", ""), "select", multiple="multiple" in a, disabled="disabled" in a
            )
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = (a.get("value", "\x00"), "selected" in a)
            self.option_text = ""
        elif tag == "textarea":
            self.textarea = Field(a.get("name", ""), "textarea", disabled="disabled" in a)
            self.form.fields.append(self.textarea)

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value += data
        if self.option is not None:
            self.option_text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.textarea.value = self.textarea.value.strip("\n")
            self.textarea = None
        elif tag == "option" and self.select is not None and self.option is not None:
            value, selected = self.option
            value = self.option_text.strip() if value == "\x00" else value
            self.select.options.append(value)
            if selected:
                self.select.value = value
            self.option = None


def forms_of(url: str, html: str) -> list[Form]:
    parser = _Parser(url)
    parser.feed(html)
    return [f for f in parser.forms if f.action != "/dang-xuat/"]  # the sign-out button of every page


Chooser = Callable[[Form], bool]
