import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

#: The apps' generators, in the order their data depends on each other.
ORDER = ["policy", "forum", "consultation"]


class Command(BaseCommand):
    help = (
        "Fill the database with benchmark data at a size: 'small' (about ten of everything) "
        "or 'large' (the sizes the issues name). Run seed_demo first. Adds to what is there."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small", "large"], default="large")

    def handle(self, *args, size, **options):
        names = [config.name for config in apps.get_app_configs()]
        for name in sorted(names, key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER)):
            if find_spec(f"{name}.large") is None:
                continue
            started = time.monotonic()
            summary = import_module(f"{name}.large").seed(size=size)
            self.stdout.write(f"{name}: {summary} ({time.monotonic() - started:.1f} s)")
