"""`manage.py import_terms FILE [--dry-run] [--user NAME]`: the browser's import without it."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from policy.importer import read_terms
from policy.services.imports import default_options, describe, import_terms


class Command(BaseCommand):
    help = "Import terms of reference from a .docx, .odt, .md or .txt file."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be created; create nothing."
        )
        parser.add_argument("--user", help="Username recorded as author (default: none).")

    def handle(self, *args, file: Path, dry_run: bool, user: str | None, **options):
        translation.activate("da")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        author = None
        if user:
            author = get_user_model().objects.filter(username=user).first()
            if author is None:
                raise CommandError(f"Unknown user: {user}")
        try:
            terms = read_terms(name=file.name, data=data, today=timezone.localdate())
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        choices = default_options(terms)
        for warning in terms.warnings:
            self.stderr.write(f"! {warning}")
        if dry_run:
            self.stdout.write("Would create (dry run, nothing saved):")
            for line in describe(terms, choices):
                self.stdout.write(line)
            return
        try:
            outcome = import_terms(terms=terms, options=choices, user=author)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for line in describe(terms, choices):
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"Created document {outcome.document.pk} ({outcome.document.slug})")
        )
