from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import reminders
from .forms import ReminderSettingsForm
from .models import ReminderOptOut


@login_required
def reminder_settings(request):
    """Each reminder at once or a daily digest, and which kinds of reminders to receive."""
    rules = reminders.registry()
    opted_out = set(ReminderOptOut.objects.filter(user=request.user).values_list("rule", flat=True))
    initial = {
        "delivery": request.user.reminder_delivery,
        "receive": [key for key in rules if key not in opted_out],
    }
    form = ReminderSettingsForm(request.POST or None, initial=initial, rules=rules)
    if request.method == "POST" and form.is_valid():
        reminders.reminder_settings_update(
            user=request.user,
            delivery=form.cleaned_data["delivery"],
            opted_out_rules=set(rules) - set(form.cleaned_data["receive"]),
        )
        messages.success(request, _("Your reminder settings are saved."))
        return redirect("reminder_settings")
    return render(request, "medborger/reminder_settings.html", {"form": form})
