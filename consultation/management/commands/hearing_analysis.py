"""Print what the analysis suggests about every response of a hearing, one JSON object a line.

    python manage.py hearing_analysis <hearing slug> --format jsonl [--run]

Each object has `id` (the response's reference), `sections` (the identity keys of the suggested
sections: the `key` a section keeps across versions), `campaign` (a group number or null),
`campaign_kind`, `off_topic`, `evidence_rich`, `language` and `themes` (suggested theme
numbers). `--run` analyses first, in this process, if new or changed responses wait.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from consultation.models import Hearing, HearingAnalysis, HearingResponse
from consultation.services.analysis import hearing_analysis_request, hearing_analysis_run


class Command(BaseCommand):
    help = "Print the analysis of a hearing's responses as JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", choices=["jsonl"], default="jsonl")
        parser.add_argument(
            "--run", action="store_true", help="analyse first, in this process, if needed"
        )

    def handle(self, *args, slug, run, **options):
        hearing = Hearing.objects.filter(slug=slug).first()
        if hearing is None:
            raise CommandError(f"No hearing with the address {slug!r}.")
        if run:
            analysis = hearing_analysis_request(hearing=hearing)
            hearing_analysis_run(analysis_id=analysis.pk)
        if not HearingAnalysis.objects.filter(hearing=hearing).exists():
            raise CommandError("The hearing has not been analysed; add --run to analyse it now.")
        rows = (
            HearingResponse.objects.visible()
            .filter(hearing=hearing)
            .order_by("submitted_at", "pk")
            .values_list(
                "reference", "analysis__sections", "analysis__campaign", "analysis__campaign_kind",
                "analysis__off_topic", "analysis__evidence_rich", "analysis__language",
                "analysis__theme",
            )
        )  # fmt: skip
        for (
            reference,
            sections,
            campaign,
            kind,
            off_topic,
            evidence,
            language,
            theme,
        ) in rows.iterator(chunk_size=2000):
            self.stdout.write(
                json.dumps(
                    {
                        "id": reference,
                        "sections": [s["key"] for s in sections or []],
                        "campaign": campaign,
                        "campaign_kind": kind or None,
                        "off_topic": bool(off_topic),
                        "evidence_rich": bool(evidence),
                        "language": language or None,
                        "themes": [theme] if theme is not None else [],
                    },
                    ensure_ascii=False,
                )
            )
