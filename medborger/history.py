def record_history(instance, *, user, reason: str) -> None:
    """Tell django-simple-history who makes the next save of `instance`, and why.

    Services call this just before they save; it is the only place that sets these attributes.
    """
    instance._history_user = user if getattr(user, "is_authenticated", False) else None
    instance._change_reason = reason
