"""Who changed a tracked model, and why: the one place services tell django-simple-history."""

#: The history tables' reason column (django-simple-history's `history_change_reason`) holds
#: this many characters; PostgreSQL refuses a longer value, SQLite would quietly keep it.
REASON_MAX_LENGTH = 100


def fit_reason(reason: str) -> str:
    """The reason as the history can hold it: cut with an ellipsis when it is too long, so a
    long note (kept in full where the service stores it) never makes the save fail."""
    reason = str(reason)
    if len(reason) <= REASON_MAX_LENGTH:
        return reason
    return reason[: REASON_MAX_LENGTH - 1].rstrip() + "…"


def record_history(instance, *, user, reason: str) -> None:
    """Tell django-simple-history who makes the next save of `instance`, and why.

    Services call this just before they save; it is the only place that sets these attributes,
    and the one place that fits the reason to the history's column.
    """
    instance._history_user = user if getattr(user, "is_authenticated", False) else None
    instance._change_reason = fit_reason(reason)


def save_with_history(
    instance,
    *,
    user,
    reason: str,
    exclude=None,
    update_fields=None,
    constraints_in_database: bool = False,
):
    """Check every invariant (`full_clean`, skipping the fields in `exclude`), note who and
    why for the history, then save (only `update_fields` when given). Returns the instance.

    Raises the model's ValidationError before anything is written. With
    `constraints_in_database` the unique and check constraints are left to the database (each
    of Django's checks is a query of its own): the caller then handles the IntegrityError.
    """
    instance.full_clean(
        exclude=exclude,
        validate_unique=not constraints_in_database,
        validate_constraints=not constraints_in_database,
    )
    record_history(instance, user=user, reason=reason)
    instance.save(update_fields=update_fields)
    return instance
