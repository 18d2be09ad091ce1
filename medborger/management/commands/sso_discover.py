import requests
from django.core.management.base import BaseCommand, CommandError

#: The discovery document's fields and the variables medborger/settings.py reads them from.
FIELDS = {
    "issuer": "MEDBORGER_OIDC_ISSUER",
    "authorization_endpoint": "MEDBORGER_OIDC_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "MEDBORGER_OIDC_TOKEN_ENDPOINT",
    "userinfo_endpoint": "MEDBORGER_OIDC_USERINFO_ENDPOINT",
    "jwks_uri": "MEDBORGER_OIDC_JWKS_ENDPOINT",
    "end_session_endpoint": "MEDBORGER_OIDC_END_SESSION_ENDPOINT",
}


class Command(BaseCommand):
    help = (
        "Read an OpenID Connect provider's discovery document and print the environment "
        "variables for single sign-on (for the .env file or the service's environment)."
    )

    def add_arguments(self, parser):
        parser.add_argument("issuer", help="e.g. https://login.microsoftonline.com/<tenant>/v2.0")

    def handle(self, *args, issuer, **options):
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            response = requests.get(url, timeout=10)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as e:
            raise CommandError(f"Could not read {url}: {e}") from e
        if not isinstance(document, dict) or "authorization_endpoint" not in document:
            raise CommandError(f"{url} is not an OpenID Connect discovery document.")
        for field, variable in FIELDS.items():
            if document.get(field):
                self.stdout.write(f"{variable}={document[field]}")
        algorithms = document.get("id_token_signing_alg_values_supported") or []
        if algorithms and "RS256" not in algorithms:
            self.stdout.write(f"MEDBORGER_OIDC_SIGN_ALGO={algorithms[0]}")
