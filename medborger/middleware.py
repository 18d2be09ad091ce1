import time

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.utils import translation

from . import logs, metrics
from .languages import is_public_page, staff_language_codes
from .uploads import body_limit_for


class DanishFirstLocaleMiddleware:
    """The visitor's language: their choice on the site, then the browser's, then Danish.

    The choice is the language switch's cookie (kept for the visit); a logged-in user's own
    setting comes next, then the first language of the browser's Accept-Language that the site
    offers, then Danish. Public pages (medborger.languages.PUBLIC_PAGES) speak every language of
    settings.LANGUAGES; staff pages only settings.STAFF_LANGUAGES, and fall back to the user's
    own setting or Danish when the visitor reads another language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}
        self.staff_languages = staff_language_codes()

    def _own_language(self, request) -> str | None:
        user = getattr(request, "user", None)
        return getattr(user, "language", None) if user and user.is_authenticated else None

    def _language(self, request) -> str:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = self._own_language(request)
        if language not in self.languages:
            # Django's parser of Accept-Language: the offered languages only, by quality.
            language = translation.get_language_from_request(request)
        return language if language in self.languages else settings.LANGUAGE_CODE

    def _activate(self, request, language: str) -> None:
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def __call__(self, request):
        language = self._language(request)
        request.page_languages = settings.LANGUAGES
        self._activate(request, language)
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if is_public_page(match.view_name if match else None):
            return None
        request.page_languages = settings.STAFF_LANGUAGES
        if request.LANGUAGE_CODE not in self.staff_languages:
            own = self._own_language(request)
            self._activate(request, own if own in self.staff_languages else settings.LANGUAGE_CODE)
        return None


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is over the view's limit before reading any of it.

    Runs before the CSRF middleware (the first to read the body). A body larger than declared
    is cut off by `medborger.uploads.BodyLimitUploadHandler` while it arrives; the view's
    RequestDataTooBig then becomes the same 413 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = body_limit_for(request)
        if declared > limit:
            return request_too_big(request, limit)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            return request_too_big(request, body_limit_for(request))
        return None


def request_too_big(request, limit: int):
    """413 with a page that says what happened; the body is left unread."""
    return render(request, "413.html", {"max_mb": max(1, limit // 1_048_576)}, status=413)


class PrivacyHeadersMiddleware:
    """`Cache-Control: private, no-store` on every response to a logged-in user and on every
    download (staff use shared machines; nothing with personal data stays in a cache), and
    the `Permissions-Policy` on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        download = "attachment" in response.get("Content-Disposition", "")
        if download or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RequestObservationMiddleware:
    """First of all: the request's id, its access log line and its metrics.

    The id comes from a sane incoming `X-Request-ID` or is new; it goes back in the response's
    `X-Request-ID` and onto every log line and every task queued on the way
    (`medborger.logs`). The response's time and status are counted by route
    (`medborger.metrics`) and logged in one line. Being first, it also sees the responses the
    other middleware give (a redirect to HTTPS, a 413), and a view's exception as the 500 page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = logs.sane_request_id(request.headers.get(logs.REQUEST_ID_HEADER))
        request.request_id = request_id
        token = logs.request_id_var.set(request_id)
        try:
            started = time.perf_counter()
            response = self.get_response(request)
            seconds = time.perf_counter() - started
            response[logs.REQUEST_ID_HEADER] = request_id
            route = logs.route_name(request)
            metrics.request_observe(
                method=logs.method_name(request),
                route=route,
                status=response.status_code,
                seconds=seconds,
            )
            logs.access_log_line(request, status=response.status_code, route=route, seconds=seconds)
            return response
        finally:
            logs.request_id_var.reset(token)
