from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0014_simband_value_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="hearingresponse",
            index=models.Index(
                fields=["copy_of", "status"], include=("id",), name="consult_resp_copy_count"
            ),
        ),
        migrations.AddIndex(
            model_name="hearingresponse",
            index=models.Index(
                condition=models.Q(copy_of__isnull=True),
                fields=["hearing", "submitted_at", "id"],
                name="consult_resp_originals_time",
            ),
        ),
    ]
