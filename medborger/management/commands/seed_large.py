import time

from django.core.management.base import BaseCommand

from medborger.hooks import app_modules


class Command(BaseCommand):
    help = (
        "Fill the database with benchmark data at a size: 'small' (about ten of everything) "
        "or 'large' (the sizes the issues name). Run seed_demo first. Adds to what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small", "large"], default="large")

    def handle(self, *args, size, **options):
        # Each installed app's `large.seed`, in the order their data builds on each other.
        for large in app_modules("large", data_order=True):
            started = time.monotonic()
            summary = large.seed(size=size)
            name = large.__name__.rpartition(".")[0]
            self.stdout.write(f"{name}: {summary} ({time.monotonic() - started:.1f} s)")
