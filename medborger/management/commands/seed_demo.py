from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from medborger.hooks import app_modules


class Command(BaseCommand):
    help = "Create the Ishøj demo case and one log-in per role. Safe to run again."

    def handle(self, *args, **options):
        today = timezone.localdate()
        users = {}
        with transaction.atomic():
            # Each installed app's `demo.seed`, in the order their data builds on each other;
            # the core's adds the log-ins to `users`, which the apps' demo data refers to.
            for demo in app_modules("demo", data_order=True):
                demo.seed(today=today, users=users)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(
            f"Demo log-ins (password: {settings.DEMO_PASSWORD}): "
            + ", ".join(user.username for user in users.values())
        )
