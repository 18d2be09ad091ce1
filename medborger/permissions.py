"""Enforcing named permissions (defined in each app's rules.py) in views.

Anonymous users are sent to the log-in page; logged-in users without the permission get 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin


def permission_required(perm: str, fn=None):
    """Function-view decorator. `fn(request, *args, **kwargs)` returns the object to check
    object-level rules against (it may raise Http404)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            obj = fn(request, *args, **kwargs) if fn is not None else None
            if request.user.has_perm(perm, obj):
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied

        wrapped.permission_required = perm
        return wrapped

    return decorator


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """Class-view mixin: set `permission_required`; for object rules `get_permission_object`."""
