"""The database cache's table (settings.CACHES without CACHE_REDIS_URL) comes with `migrate`:
pages read cached values (medborger.stamps), so a set-up that runs only `migrate` must not
answer 500 for want of `createcachetable`. With the cache in Redis this creates nothing."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("medborger", "0007_user_sso_subject")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
