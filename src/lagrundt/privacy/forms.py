from django import forms
from django.utils.translation import gettext_lazy as _

from . import subject_access

LANGUAGE_CHOICES = [("nb", _("Bokmål")), ("nn", _("Nynorsk"))]
FORMAT_CHOICES = [
    (subject_access.PDF, _("PDF, to read and print")),
    (subject_access.JSON, _("JSON, machine-readable")),
]


class SubjectAccessForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=LANGUAGE_CHOICES, initial="nb", widget=forms.RadioSelect
    )
    kind = forms.ChoiceField(
        label=_("Format"), choices=FORMAT_CHOICES, initial=subject_access.PDF, widget=forms.RadioSelect
    )


class ApproveForm(forms.Form):
    """The dry run's fingerprint: the run is approved only if what is due is still what was shown."""

    municipality = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**53)
    shown = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
