"""The upload form: which kind of spreadsheet, into which municipality, and the file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lagrundt.tenancy.models import Municipality

from .services import MAX_BYTES

EXTENSIONS = (".xlsx", ".csv", ".txt")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"))
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "An Excel workbook (XLSX) or a CSV file, at most 20 MB. The first row names the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, allowed: dict, **kwargs):
        """``allowed``: {kind key: (kind, [municipalities])}, from ``services.kinds_for``."""
        super().__init__(*args, **kwargs)
        self.allowed = allowed
        self.fields["kind"].choices = [(key, kind.label) for key, (kind, _m) in allowed.items()]
        ids = {m.pk for _kind, places in allowed.values() for m in places}
        self.fields["municipality"].queryset = Municipality.objects.filter(pk__in=ids).order_by("name")
        if len(ids) == 1:
            self.fields["municipality"].initial = next(iter(ids))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s MB.") % {"max": MAX_BYTES // 1_000_000}
            )
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Choose an Excel workbook (.xlsx) or a CSV file (.csv)."))
        return upload

    def clean(self):
        data = super().clean()
        key, municipality = data.get("kind"), data.get("municipality")
        if key and municipality and municipality not in self.allowed[key][1]:
            self.add_error("municipality", _("You may not import this kind of file into this municipality."))
        return data
