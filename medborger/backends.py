from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Log-in with user name and password.

    What users may do comes from the named rules (`<app>/rules.py`); Django's per-model
    permissions only matter in the admin, for staff. Without this, every "no" from the rules
    made Django's ModelBackend load all of the user's model permissions (two queries a page).
    """

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_staff:
            return set()
        return super()._get_permissions(user_obj, obj, from_name)


def lockout_username(request, credentials):
    """The user name the lockout records, cut to fit its column (also for the admin's form)."""
    username = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(username)[:255]
