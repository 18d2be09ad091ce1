"""Repair rows that break "a document is in hearing if and only if it has a hearing on its
hearing version", and record on each approved document the version its approval belongs to."""

from django.db import migrations

APPROVED_OR_LATER = ["approved_for_hearing", "in_hearing", "processed_after_hearing", "adopted"]
REPAIR_NOTE = (
    "Rettet: dokumentet stod som i høring, men havde ingen høring. Det er tilbage som godkendt "
    "til høring; opret høringen for at sende det i høring."
)


def repair(apps, schema_editor):
    Document = apps.get_model("policy", "Document")
    DocumentTransition = apps.get_model("policy", "DocumentTransition")
    Hearing = apps.get_model("consultation", "Hearing")
    Milestone = apps.get_model("policy", "Milestone")

    for document in Document.objects.filter(
        status__in=APPROVED_OR_LATER, approved_version__isnull=True
    ):
        approval = (
            DocumentTransition.objects.filter(
                document=document, to_status="approved_for_hearing", version__isnull=False
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        if approval is not None:
            document.approved_version_id = approval.version_id
            document.approved_at = approval.created_at
        else:
            document.approved_version_id = (
                document.hearing_version_id or document.current_version_id
            )
            document.approved_at = document.updated_at
        document.save(update_fields=["approved_version", "approved_at"])

    for document in Document.objects.filter(status="in_hearing"):
        if Hearing.objects.filter(version_id=document.hearing_version_id).exists():
            continue
        DocumentTransition.objects.create(
            document=document,
            from_status="in_hearing",
            to_status="approved_for_hearing",
            version_id=document.hearing_version_id,
            note=REPAIR_NOTE,
        )
        document.status = "approved_for_hearing"
        document.approved_version_id = document.hearing_version_id or document.approved_version_id
        document.hearing_version_id = None
        document.save(update_fields=["status", "approved_version", "hearing_version"])

    for hearing in Hearing.objects.filter(milestone__isnull=True).select_related("version"):
        milestone = (
            Milestone.objects.filter(
                kind="public_hearing",
                revision__policy_document_id=hearing.version.document_id,
                hearings__isnull=True,
            )
            .exclude(status="cancelled")
            .order_by("position", "pk")
            .first()
        )
        if milestone is not None:
            hearing.milestone = milestone
            hearing.save(update_fields=["milestone"])


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0007_hearing_states_and_milestone"),
        ("policy", "0005_approval_per_version"),
    ]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop)]
