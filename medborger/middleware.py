from django.conf import settings
from django.utils import translation

from .languages import is_public_page, staff_language_codes


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
