"""Forms for points: the disposition, splitting a response, merging, consulted parties."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from consultation.models import HearingResponse, Point, Theme

#: How many passages the split form offers (without JavaScript there is no "add another").
SPLIT_ROWS = 6


class PointForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One or two sentences in the report: what is asked for."),
        error_messages={"required": _("Write a short summary of the point.")},
    )
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none(), required=False)
    assessment = forms.CharField(
        label=_("Assessment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    disposition = forms.ChoiceField(
        label=_("Disposition"),
        choices=[("", _("Not decided yet"))] + list(Point.Disposition.choices),
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required with a disposition: why it was decided so."),
    )
    change_elsewhere = forms.CharField(
        label=_("Where the change is made instead (if not in this text)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    proposed_wording = forms.CharField(
        label=_("Proposed wording for the section (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("HTML. The coordinator can accept it into the draft as the section's text."),
    )

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.filter(hearing=hearing)


class SplitForm(forms.Form):
    """Passages copied from the response's text, each with the section it is about."""

    def __init__(self, *args, response: HearingResponse, sections, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("The document as a whole"))] + [
            (str(section.key), section.heading) for section in sections
        ]
        for index in range(1, SPLIT_ROWS + 1):
            self.fields[f"passage_{index}"] = forms.CharField(
                label=_("Passage %(number)s") % {"number": index},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.fields[f"section_{index}"] = forms.ChoiceField(
                label=_("Section of passage %(number)s") % {"number": index},
                choices=choices,
                required=False,
            )

    def excerpts(self) -> list[tuple[str, uuid.UUID | None]]:
        rows = []
        for index in range(1, SPLIT_ROWS + 1):
            text = self.cleaned_data.get(f"passage_{index}", "").strip()
            key = self.cleaned_data.get(f"section_{index}") or None
            if text:
                rows.append((text, uuid.UUID(key) if key else None))
        return rows


class MergeForm(forms.Form):
    points = forms.ModelMultipleChoiceField(
        label=_("Merge these points into this one"),
        queryset=Point.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one point to merge.")},
    )

    def __init__(self, *args, point: Point, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["points"].queryset = (
            Point.objects.active()
            .filter(hearing_id=point.hearing_id, section_key=point.section_key)
            .exclude(pk=point.pk)
            .select_related("response")
        )
        self.fields["points"].label_from_instance = lambda p: (
            f"{p.response.reference if p.response_id else p.get_source_display()}: "
            f"{(p.summary or p.text)[:120]}"
        )


class PartyForm(forms.Form):
    response = forms.ModelChoiceField(
        label=_("Their response"),
        queryset=HearingResponse.objects.none(),
        required=False,
        empty_label=_("Did not answer"),
    )

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].queryset = (
            HearingResponse.objects.filter(hearing=hearing).visible().exclude(organisation_name="")
        )
        self.fields["response"].label_from_instance = lambda r: (
            f"{r.reference}: {r.organisation_name}"
        )
