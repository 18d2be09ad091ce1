"""Enforcing named permissions (defined in each app's rules.py) in views.

Anonymous users are sent to the log-in page; logged-in users without the permission get 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from rules.contrib.views import PermissionRequiredMixin as RulesPermissionRequiredMixin


def permission_required(perm: str, fn=None, *, pass_as: str | None = None):
    """Function-view decorator.

    Without `fn` the rule is checked without an object. With `fn` it is a scoped getter:
    `fn(request, *args, **kwargs)` fetches the object the URL names (it may raise Http404), the
    rule is checked against that object, and the view receives the same object as the keyword
    argument `pass_as` (`view(request, *args, **kwargs, <pass_as>=obj)`): fetched once, checked
    once, never fetched again by the view.
    """
    if (fn is None) != (pass_as is None):
        raise TypeError("permission_required: give both `fn` and `pass_as`, or neither.")

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            obj = fn(request, *args, **kwargs) if fn is not None else None
            if request.user.has_perm(perm, obj):
                if pass_as is not None:
                    kwargs[pass_as] = obj
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied

        wrapped.permission_required = perm
        return wrapped

    return decorator


class PermissionRequiredMixin(RulesPermissionRequiredMixin):
    """Class-view mixin: set `permission_required`; for object rules `get_permission_object`."""
