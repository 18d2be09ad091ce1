"""Staff give a hearing's or an event's texts in the other offered languages (issue 14)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from medborger.permissions import permission_required
from medborger.texts import translation_languages

from ..forms.hearings import TranslatedTextsForm
from ..models import Event
from ..services.events import event_translation_save
from ..services.hearings import hearing_translation_save
from .hearings import hearing_for

HEARING_TEXTS = {
    "introduction": gettext_lazy("Introduction"),
    "privacy_notice": gettext_lazy("Privacy notice"),
    "plain_summary": gettext_lazy("Plain-language summary"),
}
EVENT_TEXTS = {"description": gettext_lazy("Description")}


def _texts_page(request, *, instance, fields, save, title, back_url):
    codes = [code for code, _name in translation_languages()]
    language = request.POST.get("language") or request.GET.get("language") or codes[0]
    language = language if language in codes else codes[0]
    current = (instance.translations or {}).get(language, {})
    initial = {"language": language, **{name: current.get(name, "") for name in fields}}
    form = TranslatedTextsForm(request.POST or None, initial=initial, fields=fields)
    if request.method == "POST" and form.is_valid():
        save(language=form.cleaned_data["language"], texts=form.texts())
        messages.success(request, _("The texts are saved."))
        return redirect(f"{request.path}?language={form.cleaned_data['language']}")
    offered = dict(translation_languages())
    given = [offered[code] for code in codes if (instance.translations or {}).get(code)]
    return render(
        request,
        "consultation/texts_form.html",
        {
            "form": form,
            "title": title,
            "back_url": back_url,
            "languages": translation_languages(),
            "language": language,
            "given": given,
        },
    )


def _hearing(request, slug, *args, **kwargs):
    return hearing_for(slug)


@permission_required("consultation.manage", _hearing, pass_as="hearing")
def hearing_texts(request, slug, hearing):
    return _texts_page(
        request,
        instance=hearing,
        fields=HEARING_TEXTS,
        save=lambda **kw: hearing_translation_save(hearing=hearing, user=request.user, **kw),
        title=_("Texts in other languages: %(title)s") % {"title": hearing.title},
        back_url=reverse("consultation:hearing_edit", args=[hearing.slug]),
    )


def _event(request, pk, *args, **kwargs):
    return get_object_or_404(Event, pk=pk)


@permission_required("consultation.change_event", _event, pass_as="event")
def event_texts(request, pk, event):
    return _texts_page(
        request,
        instance=event,
        fields=EVENT_TEXTS,
        save=lambda **kw: event_translation_save(event=event, user=request.user, **kw),
        title=_("Texts in other languages: %(title)s") % {"title": event.title},
        back_url=reverse("consultation:event_edit", args=[event.pk]),
    )
