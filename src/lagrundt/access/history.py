"""One way to show a history of changes: the audit log's entries, and any history kept in the same shape.

A change is stored as ``{key: {"old": …, "new": …}}`` with JSON-safe values (``audit.snapshot``): a
date as ISO text, a foreign key as its id, a choice as its code, a row added or removed as a small dict
(``{"relative": 413, "kind": "sibling"}``). A page shows none of that. ``HistoryFormat`` says what a
history's keys name — the fields of some models, and whole rows of others — and turns every change
into ``Change``s a person reads: the field's name as on the forms, choices by their labels, dates in
Norwegian order, a related row by its name. The rows of a page are read with one query per kind of
related row, however many entries there are.

A format names its models; this module imports none of them (``access`` sits below the apps).

The log keeps no content (``audit``): a field whose value was content is stored as
``{"changed": true}`` and reads as the field's name and "changed". ``audit_log_rows`` reads entries
for the data protection officer's pages and exports, with every model's fields to name the keys,
and with values only in sections the reader may read.
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django_countries.fields import Country, CountryField


@dataclass(frozen=True)
class Change:
    """One field of a change: its label, and the old and new values as read (None: nothing)."""

    label: str
    old: str | None
    new: str | None
    hidden: bool = False  # the values are not in the log, or not for this reader: "changed" only


@dataclass(frozen=True)
class HistoryRow:
    """An entry of a history (an ``AuditEntry``, or the app's own row) with its changes as read."""

    entry: Any
    changes: list[Change]


@dataclass(frozen=True)
class HistoryFormat:
    """How the keys of a history's changes read.

    ``models``: the models whose fields the keys are, looked up in order. ``parts``: keys that stand for
    a whole row of a model (a relation, a note), labelled with the model's name; the value is the row's
    fields as a dict, its id, or a text. ``choices``: labels for the values of a key whose field has no
    choices of its own (a JSON list of codes). ``skip``: keys that only say which row changed.
    """

    models: tuple[type[models.Model], ...]
    parts: Mapping[str, type[models.Model]] = field(default_factory=dict)
    choices: Mapping[str, Iterable[tuple[Any, Any]]] = field(default_factory=dict)
    skip: frozenset[str] = frozenset()

    def rows(self, entries: Iterable[Any], *, shows_values=None) -> list[HistoryRow]:
        """Each entry with its changes as read (``entry.changes`` is the stored dict).

        ``shows_values(entry)``, when given, says whether the reader may see the entry's values; where
        not, each change reads as its field's name and "changed".
        """
        entries = list(entries)
        shown = [shows_values is None or shows_values(entry) for entry in entries]
        formats = [self._for(entry.changes or {}) for entry in entries]
        names = _related_names([(f, e) for f, e, show in zip(formats, entries, shown, strict=True) if show])
        return [
            HistoryRow(entry, form._changes(entry.changes or {}, names, values=show))
            for form, entry, show in zip(formats, entries, shown, strict=True)
        ]

    def _for(self, changes: Mapping[str, Any]) -> "HistoryFormat":
        """The format of one entry: a change to a row of another app that points at one of the models
        (a person's health record, saved in the person's history) names that row's model first, and the
        key that only says which row it was is left out."""
        rows = {}
        for key in changes:
            model = self._part_model(key)
            # The key names the row whose fields the other keys are: a row pointing at the models, or a
            # part ("interest_mapping") given with its fields rather than whole.
            if model is not None and (
                key not in self.parts or (frozenset(changes) - {key}) & _concrete_names(model)
            ):
                rows[key] = model
        best = _best_model(self.models, frozenset(changes) - frozenset(rows) - self.skip)
        first = (*rows.values(), *([best] if best is not None else []))
        if not first:
            return self
        return replace(self, models=(*first, *self.models), skip=self.skip | frozenset(rows))

    def changes(self, changes: Mapping[str, Any]) -> list[Change]:
        """One entry's changes as read."""
        return self.rows([_Entry(changes)])[0].changes

    # ------------------------------------------------------------------------ the keys
    def _field(self, key: str) -> models.Field | None:
        name = key.rpartition(".")[2]  # "disability_grant.kind": the field of a row named in front
        for model in self.models:
            found = _model_field(model, name)
            # A row pointing here (a person's "health_record") is a part, not a field: ``_part_model``.
            if found is not None and not _points_here(found):
                return found
        return None

    def _part_model(self, key: str) -> type[models.Model] | None:
        """The model of a key that stands for a whole row: named in ``parts``, or a row of another app
        that points at one of the models (its change recorded in the person's history)."""
        if key in self.parts:
            return self.parts[key]
        return self._reverse_model(key)

    def _reverse_model(self, key: str) -> type[models.Model] | None:
        if key in self.parts or any(key in _concrete_names(m) for m in self.models):
            return None  # a field of one of the models ("interests" of an interest mapping)
        for model in self.models:
            found = _model_field(model, key)
            if found is not None and _points_here(found):
                return found.related_model
        return None

    def _label(self, key: str) -> str:
        if "." in key:
            row, _dot, name = key.rpartition(".")
            return f"{self._label(row)}: {self._label(name).lower()}"
        part = self._part_model(key)
        if part is not None:
            return capfirst(str(part._meta.verbose_name))
        found = self._field(key)
        if found is not None:
            return capfirst(str(found.verbose_name))
        return capfirst(key.replace("_", " "))  # a key no model has (any longer): readable at least

    def _changes(self, changes: Mapping[str, Any], names, *, values: bool = True) -> list[Change]:
        shown = []
        for key, change in changes.items():
            if key in self.skip or not isinstance(change, Mapping):
                continue
            if not values or change.get("changed"):
                shown.append(Change(label=self._label(key), old=None, new=_("changed"), hidden=True))
                continue
            shown.append(
                Change(
                    label=self._label(key),
                    old=self._value(key, change.get("old"), names),
                    new=self._value(key, change.get("new"), names),
                )
            )
        return shown

    # ------------------------------------------------------------------------ the values
    def _value(self, key: str, value: Any, names) -> str | None:
        if _empty(value):
            return None
        part = self._part_model(key)
        if part is not None:
            return self._part(part, value, names)
        found = self._field(key)
        if isinstance(value, str) and key not in self.choices and not (found is not None and found.choices):
            # A key some models have without choices ("role" of a contact person): where another model's
            # field of the name has the value among its choices (a membership's role), that is the one.
            found = self._field_with_choice(key, value) or found
        return _field_value(found, value, names, self.choices.get(key))

    def _field_with_choice(self, key: str, value: str) -> models.Field | None:
        name = key.rpartition(".")[2]
        for model in self.models:
            found = _model_field(model, name)
            if found is not None and found.choices and value in dict(found.flatchoices):
                return found
        return None

    def _part(self, model: type[models.Model], value: Any, names) -> str | None:
        if isinstance(value, Mapping):
            # In the model's field order: PostgreSQL's jsonb does not keep the order a dict was written in.
            order = {f.name: i for i, f in enumerate(model._meta.get_fields())}
            keys = sorted(value, key=lambda k: (order.get(k, len(order)), k))
            shown = [_field_value(_model_field(model, k), value[k], names) for k in keys]
            return ", ".join(s for s in shown if s) or None
        if isinstance(value, int) and not isinstance(value, bool):
            return names.get((model, value), _("(deleted)"))
        return _plain(value)

    def _references(self, key: str, value: Any) -> Iterable[tuple[type[models.Model], int]]:
        model = self._part_model(key)
        if model is not None:
            if isinstance(value, Mapping):
                for sub, v in value.items():
                    yield from _reference(_model_field(model, sub), v)
            elif isinstance(value, int) and not isinstance(value, bool):
                yield model, value
        else:
            yield from _reference(self._field(key), value)


@cache
def _concrete_names(model: type[models.Model]) -> frozenset[str]:
    return frozenset(f.name for f in model._meta.get_fields() if f.concrete or f.many_to_many)


def _best_model(
    candidates: tuple[type[models.Model], ...], keys: frozenset[str]
) -> type[models.Model] | None:
    """The model whose fields are most of an entry's keys: a key such as "reason" is a field of many
    models, and the entry ``{ended_on, reason, status_at_end}`` is a row of the one that has them all."""
    names = frozenset(k.rpartition(".")[2] for k in keys)
    if len(names) < 2:
        return None
    best, found = None, 1
    for model in candidates:
        covered = len(names & _concrete_names(model))
        if covered > found:
            best, found = model, covered
    return best


def _related_names(entries: list[tuple[HistoryFormat, Any]]) -> dict[tuple[type[models.Model], int], str]:
    """The names of every related row the entries name, read with one query per model."""
    wanted: dict[type[models.Model], set[int]] = defaultdict(set)
    for form, entry in entries:
        for key, change in (entry.changes or {}).items():
            if key in form.skip or not isinstance(change, Mapping) or change.get("changed"):
                continue
            for value in (change.get("old"), change.get("new")):
                for model, pk in form._references(key, value):
                    wanted[model].add(pk)
    names = {}
    for model, ids in wanted.items():
        for pk, obj in model._default_manager.in_bulk(sorted(ids)).items():
            # A row with a name reads by it ("Hemsedal", not the municipality's "3326 Hemsedal").
            names[(model, pk)] = str(getattr(obj, "name", "") or obj)
    return names


@dataclass(frozen=True)
class _Entry:
    changes: Mapping[str, Any]


def _model_field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _points_here(found) -> bool:
    """A relation another model has to this one (Django's reverse accessor), not a field of the row."""
    return found.auto_created and found.is_relation


def _is_reference(found: models.Field | None) -> bool:
    return (
        found is not None
        and found.is_relation
        and bool(found.many_to_one or found.one_to_one or found.many_to_many)
        and not found.auto_created  # a row pointing here is not a reference of this row
    )


def _reference(found: models.Field | None, value: Any) -> Iterable[tuple[type[models.Model], int]]:
    if isinstance(value, list):  # the ids of a many-to-many field
        for item in value:
            yield from _reference(found, item)
    elif _is_reference(found) and isinstance(value, int) and not isinstance(value, bool):
        yield found.related_model, value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _field_value(found: models.Field | None, value: Any, names, choices=None) -> str | None:
    """A stored value of a field as a person reads it."""
    if _empty(value):
        return None
    if isinstance(value, list):
        return ", ".join(filter(None, (_field_value(found, v, names, choices) for v in value))) or None
    if choices is not None:
        return str(dict(choices).get(value, value))
    if found is None:
        return _plain(value)
    labels = getattr(found.model, "audit_labels", None)
    if labels is not None and found.name in getattr(found.model, "audit_codes", ()):
        # Codes from a list without Django choices (a profile's checklist): the model names them.
        return str(labels(found.name).get(value, value))
    if isinstance(found, CountryField):
        return str(Country(value).name or value)
    if _is_reference(found):
        return names.get((found.related_model, value), _("(deleted)"))
    if found.choices:
        return str(dict(found.flatchoices).get(value, value))
    if isinstance(found, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(found, models.DateTimeField):
        return _when(value, "d.m.Y H:i")
    if isinstance(found, models.DateField):
        return _when(value, "d.m.Y")
    if isinstance(found, models.DecimalField | models.FloatField | models.IntegerField):
        return _number(value)
    return _plain(value)


def _when(value: Any, shape: str) -> str:
    try:
        if shape == "d.m.Y":
            return formats.date_format(dt.date.fromisoformat(str(value)[:10]), shape)
        moment = dt.datetime.fromisoformat(str(value))
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, shape)
    except ValueError:
        return str(value)


def _number(value: Any) -> str:
    try:
        return formats.number_format(Decimal(str(value)), force_grouping=True)
    except (InvalidOperation, ValueError):
        return str(value)


def _plain(value: Any) -> str | None:
    """A value no field describes: text as it is; a list or a row by its values, never as code."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Mapping):
        return ", ".join(s for s in (_plain(v) for v in value.values() if not _empty(v)) if s) or None
    if isinstance(value, list):
        return ", ".join(s for s in (_plain(v) for v in value if not _empty(v)) if s) or None
    return str(value)


# ---------------------------------------------------------------------------- the officer's view of the log
# The apps whose models name an entry's keys first, per section (a key such as "kind" or "note" is a
# field of many models); then every other app of Lagrundt's, in this order.
_APPS = ("people", "routines", "intro", "work", "finance", "privacy", "tenancy")
_SECTION_APPS = {
    "programme": ("intro",),
    "work": ("work",),
    "finances": ("finance",),
    "health": ("records",),
    "education": ("records",),
    "settlement": ("settlement", "people"),
    "housing": ("housing",),
    "community": ("community",),
    "leisure": ("leisure",),
    "leisure_support": ("leisure",),
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _app_models(label: str) -> list[type[models.Model]]:
    try:
        return list(apps.get_app_config(label).get_models())
    except LookupError:
        return []


@cache
def audit_log_format(section: str) -> HistoryFormat:
    """How an entry of ``section`` reads in the log: keys named by the models of the section's app first.

    A key that is a model's name in snake case ("relation", "follow_up_visit") stands for a row of it.
    """
    others = [c.label for c in apps.get_app_configs() if c.name.startswith("lagrundt.")]
    order = [*_SECTION_APPS.get(section, ()), *_APPS, *others]
    found: list[type[models.Model]] = []
    for label in dict.fromkeys(order):
        found.extend(_app_models(label))
    parts = {_snake(m.__name__): m for m in reversed(found)}  # the first model of a name wins
    return HistoryFormat(models=tuple(found), parts=parts)


def audit_log_rows(entries: Iterable[Any], readable: Mapping[int, frozenset[str]]) -> list[HistoryRow]:
    """The officer's rows: each entry with its changes named, and values only where she may read them
    (and in entries of no section, which hold no person's data).

    ``readable`` gives per municipality the sections the reader may read (``selectors.readable_sections``).
    """

    def shows_values(entry) -> bool:
        # An entry of no section (a retention rule, an administrator's change) names no person's data.
        return not entry.section or entry.section in readable.get(entry.municipality_id, ())

    return section_rows(entries, shows_values=shows_values)


def section_rows(entries: Iterable[Any], *, first: HistoryFormat | None = None, shows_values=None):
    """Entries of the audit log as read, each named by the models of its section's app (``first``'s
    models, parts and labels before them): a person's history holds changes that every app writes."""
    entries = list(entries)
    by_section: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        by_section[entry.section or ""].append(i)
    rows: list[HistoryRow | None] = [None] * len(entries)
    for section, indexes in by_section.items():
        form = audit_log_format(section)
        if first is not None:
            form = replace(
                form,
                models=(*first.models, *form.models),
                parts={**form.parts, **first.parts},
                choices={**form.choices, **first.choices},
                skip=form.skip | first.skip,
            )
        chunk = form.rows([entries[i] for i in indexes], shows_values=shows_values)
        for i, row in zip(indexes, chunk, strict=True):
            rows[i] = row
    return rows  # type: ignore[return-value]
