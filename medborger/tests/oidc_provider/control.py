"""Changes the test provider's database from the test, in a process of its own:

python -m medborger.tests.oidc_provider.control setup <client id> <secret> <redirect> <logout>
python -m medborger.tests.oidc_provider.control user <name> <password> [<group> ...]
python -m medborger.tests.oidc_provider.control groups <name> [<group> ...]
python -m medborger.tests.oidc_provider.control expire-codes
"""

import datetime
import os
import sys

import django


def main(command: str, *args: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "medborger.tests.oidc_provider.settings"
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.utils import timezone
    from oauth2_provider.models import Application, Grant

    if command == "setup":
        client_id, secret, redirect_uri, logout_uri = args
        call_command("migrate", verbosity=0)
        Application.objects.create(
            name="Medborger",
            client_id=client_id,
            client_secret=secret,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=redirect_uri,
            post_logout_redirect_uris=logout_uri,
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )
    elif command in ("user", "groups"):
        name, *rest = args
        if command == "user":
            password, *groups = rest
            first, _, last = name.partition("-")
            user = User.objects.create_user(
                name,
                email=f"{name}@kommune.example",
                password=password,
                first_name=first.title(),
                last_name=last.title(),
            )
        else:
            user, groups = User.objects.get(username=name), rest
        user.groups.set([Group.objects.get_or_create(name=group)[0] for group in groups])
    elif command == "expire-codes":
        Grant.objects.update(expires=timezone.now() - datetime.timedelta(minutes=5))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(*sys.argv[1:])
