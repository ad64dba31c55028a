"""The follow-up talk's form: one answer per theme, so that the talks can be counted."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lagrundt.core.forms import validate_day

from ..models import FOLLOW_UP_THEMES, FollowUpTalk, StayIntention, ThemeAnswer

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FollowUpTalkForm(forms.Form):
    years_after = forms.TypedChoiceField(
        label=_("Years after settlement"), choices=[(3, _("3 years")), (5, _("5 years"))], coerce=int
    )
    held_on = forms.DateField(label=_("Held on"), widget=DATE, validators=[validate_day])
    stay = forms.ChoiceField(label=_("Staying in the municipality"), choices=StayIntention.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for theme in FOLLOW_UP_THEMES:
            label = FollowUpTalk._meta.get_field(theme).verbose_name
            self.fields[theme] = forms.ChoiceField(
                label=str(label).capitalize(),
                choices=ThemeAnswer.choices,
                widget=forms.RadioSelect,
                initial=ThemeAnswer.NOT_DISCUSSED,
            )
        self.order_fields(["years_after", "held_on", *FOLLOW_UP_THEMES, "stay"])
