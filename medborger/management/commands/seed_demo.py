from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from consultation import demo as consultation_demo
from forum import demo as forum_demo
from medborger import demo as medborger_demo
from policy import demo as policy_demo


class Command(BaseCommand):
    help = "Create the Ishøj demo case and one log-in per role. Safe to run again."

    def handle(self, *args, **options):
        today = timezone.localdate()
        with transaction.atomic():
            users = medborger_demo.seed(today=today)
            policy_demo.seed(today=today, users=users)
            forum_demo.seed(today=today, users=users)
            consultation_demo.seed(today=today, users=users)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(
            f"Demo log-ins (password: {settings.DEMO_PASSWORD}): "
            + ", ".join(user.username for user in users.values())
        )
