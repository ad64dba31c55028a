"""``submit``: a form handed to a service, and the service's refusal shown on the form."""

from django import forms
from django.core.exceptions import ValidationError

from lagrundt.core.forms import error_messages, submit


class NoteForm(forms.Form):
    title = forms.CharField(max_length=20)
    body = forms.CharField(required=False)


def test_a_valid_form_gives_the_service_its_data_and_the_answer_is_the_services():
    calls = []

    def save(data):
        calls.append(data)
        return "saved"

    assert submit(NoteForm({"title": "Møte", "body": "Tolk bestilt"}), save) == "saved"
    assert calls == [{"title": "Møte", "body": "Tolk bestilt"}]


def test_a_service_that_gives_nothing_counts_as_done():
    assert submit(NoteForm({"title": "Møte"}), lambda data: None) is True


def test_an_invalid_form_is_not_given_to_the_service():
    def save(data):
        raise AssertionError("called")

    form = NoteForm({"title": "x" * 21, "body": "kept"})
    assert submit(form, save) is None
    assert form.errors["title"] and form["body"].value() == "kept"


def test_a_refusal_goes_on_the_fields_it_names_and_the_rest_above_the_form():
    def refuse(data):
        raise ValidationError({"title": ["Taken."], "elsewhere": ["Not now."]})

    form = NoteForm({"title": "Møte", "body": "kept"})
    assert submit(form, refuse) is None
    assert form.errors["title"] == ["Taken."]
    assert form.non_field_errors() == ["Not now."]
    assert form["body"].value() == "kept"
    assert error_messages(form) == ["Taken.", "Not now."]


def test_a_refusal_without_fields_goes_above_the_form():
    def refuse(data):
        raise ValidationError("No.")

    form = NoteForm({"title": "Møte"})
    assert submit(form, refuse) is None
    assert form.non_field_errors() == ["No."]
