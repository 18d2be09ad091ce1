from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, default: str) -> str:
    """Where to go after a form: the `next` field if it is a path on this site, else `default`.

    Only absolute paths are taken ("/politik/..."): a bare word would be read by `redirect` as
    a URL name, and anything with a host or scheme could send the visitor elsewhere.
    """
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if (
        candidate.startswith("/")
        and not candidate.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return default
