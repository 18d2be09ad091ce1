from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.utils import translation

from .uploads import body_limit_for


class DanishFirstLocaleMiddleware:
    """Danish unless the visitor chose another language on the site.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English
    to every Dane whose computer is set up in English. Here the language is what the visitor
    picked with the language switch (its cookie), else a logged-in user's own setting, else
    Danish.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            user = getattr(request, "user", None)
            language = getattr(user, "language", None) if user and user.is_authenticated else None
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


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
