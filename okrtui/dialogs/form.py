"""The modal form every okrtui dialog is built on.

A form is a list of fields, each a widget with a parser. Values are checked as they are
typed (through `textual.validation` for inputs); a refusal is written beside the field,
and a refused save keeps everything that was typed. Escape cancels and returns `None`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static, Switch

from okrtui.store.errors import message as error_message

T = TypeVar("T")

Parser = Callable[[Any], Any]


def _clean(msg: str) -> str:
    """Pydantic prefixes a validator's own message with its kind; drop it."""
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    return msg


class ParseValidator(Validator):
    """Runs a field's parser on each keystroke and reports its refusal."""

    def __init__(self, parse: Parser) -> None:
        super().__init__()
        self._parse = parse

    def validate(self, value: str) -> ValidationResult:
        """Parse `value`; a `ValueError` becomes the failure's description."""
        try:
            self._parse(value)
        except ValueError as exc:
            return self.failure(str(exc))
        return self.success()


@dataclass
class Field:
    """One labelled field of a form.

    Attributes:
        name: The key of the parsed value, and of the model field it fills.
        label: The text shown above the widget.
        widget: An `Input`, `Select` or `Switch`.
        parse: Turns the widget's value into the typed value, or raises `ValueError`
            with a message for the user. `None` passes the value through.
        hint: A short line under the field that says what it expects.
    """

    name: str
    label: str
    widget: Widget
    parse: Parser | None = None
    hint: str = ""


def widget_value(widget: Widget) -> Any:
    """The raw value a field widget holds: text, selected option, or switch state."""
    if isinstance(widget, Input):
        return widget.value
    if isinstance(widget, Select):
        return None if widget.value is Select.NULL else widget.value
    if isinstance(widget, Switch):
        return widget.value
    raise TypeError(f"unsupported field widget {type(widget).__name__}")


class FormDialog(ModalScreen[T | None], Generic[T]):
    """A modal form that returns the saved, typed value or `None` when cancelled.

    Subclasses give the fields, build the typed value from the parsed ones, and save it.
    When building or saving is refused, the message goes beside the field it names,
    or under the form, and the dialog stays open with what was typed.
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", tooltip="Check and save the form"),
    ]

    TITLE_TEXT = "Form"
    SAVE_LABEL = "Save"

    def __init__(self) -> None:
        super().__init__()
        self._fields: list[Field] = list(self.fields())
        for field in self._fields:
            field.widget.id = f"field-{field.name}"
            if isinstance(field.widget, Input) and field.parse is not None:
                field.widget.validators = [ParseValidator(field.parse)]

    def fields(self) -> Iterable[Field]:
        """The form's fields, in the order shown."""
        raise NotImplementedError

    def build(self, values: dict[str, Any]) -> T:
        """Make the typed value from the parsed field values (may raise)."""
        raise NotImplementedError

    def commit(self, value: T) -> T:
        """Save the value and return what was saved (may raise). Default: keep it."""
        return value

    def preview(self, values: dict[str, Any]) -> str:
        """A line under the form that shows the effect of the values; empty for none."""
        return ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="form"):
            yield Label(Text(self.TITLE_TEXT), id="form-title")
            for field in self._fields:
                yield Label(field.label, classes="field-label")
                yield field.widget
                yield Static("", id=f"error-{field.name}", classes="field-error")
                if field.hint:
                    yield Static(field.hint, classes="field-hint")
            yield Static("", id="form-preview")
            yield Static("", id="form-error")
            with Horizontal(id="form-buttons"):
                yield Button(self.SAVE_LABEL, variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._show_form_error("")
        self._refresh_preview()
        if self._fields:
            self._fields[0].widget.focus()

    def field(self, name: str) -> Field:
        """The field called `name`."""
        for field in self._fields:
            if field.name == name:
                return field
        raise KeyError(name)

    def _set_error(self, name: str, text: str) -> None:
        error = self.query_one(f"#error-{name}", Static)
        # Text, not markup: a refusal may quote what was typed, brackets and all.
        error.update(Text(text))
        error.set_class(bool(text), "-shown")
        self.field(name).widget.set_class(bool(text), "-invalid")

    def _parse_one(self, field: Field) -> tuple[bool, Any]:
        raw = widget_value(field.widget)
        if field.parse is None:
            return True, raw
        try:
            return True, field.parse(raw)
        except ValueError as exc:
            return False, str(exc)

    def _parse_all(self) -> tuple[dict[str, Any], dict[str, str]]:
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for field in self._fields:
            ok, result = self._parse_one(field)
            if ok:
                values[field.name] = result
            else:
                errors[field.name] = result
        return values, errors

    def _refresh_preview(self) -> None:
        values, errors = self._parse_all()
        text = "" if errors else self.preview(values)
        preview = self.query_one("#form-preview", Static)
        preview.update(Text(text))
        preview.display = bool(text)

    def check_field(self, widget: Widget) -> None:
        """Check one field's value again, e.g. when a field it depends on changed."""
        for field in self._fields:
            if field.widget is widget:
                ok, result = self._parse_one(field)
                self._set_error(field.name, "" if ok else result)
        self._show_form_error("")
        self._refresh_preview()

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        self.check_field(event.input)

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        self.check_field(event.select)

    @on(Switch.Changed)
    def _switch_changed(self, event: Switch.Changed) -> None:
        self.check_field(event.switch)

    @on(Input.Submitted)
    def _input_submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        """Close the form without saving."""
        self.dismiss(None)

    def action_save(self) -> None:
        """Check every field, build the value, save it and close; or say why not."""
        values, errors = self._parse_all()
        for field in self._fields:
            self._set_error(field.name, errors.get(field.name, ""))
        if errors:
            self._show_form_error("Please correct the fields marked in red.")
            self._focus_field(next(iter(errors)))
            return
        try:
            result = self.commit(self.build(values))
        except ValidationError as exc:
            self._show_validation_error(exc)
            return
        except ValueError as exc:
            self._show_form_error(error_message(exc))
            return
        self.dismiss(result)

    def _show_validation_error(self, exc: ValidationError) -> None:
        names = {field.name for field in self._fields}
        placed = False
        for err in exc.errors():
            loc = err.get("loc") or ()
            name = str(loc[0]) if loc else ""
            if name in names:
                self._set_error(name, _clean(str(err.get("msg", ""))))
                if not placed:
                    self._focus_field(name)
                placed = True
        self._show_form_error(
            "Please correct the fields marked in red." if placed else error_message(exc)
        )

    def _show_form_error(self, text: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(Text(text))
        error.display = bool(text)
        if text:
            # On a long form the foot may be out of sight: bring the reason into view.
            self.call_after_refresh(error.scroll_visible)

    def _focus_field(self, name: str) -> None:
        self.field(name).widget.focus()
