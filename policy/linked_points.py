"""Points other apps link to sections (hearing points, through `medborger.hooks`): shown beside
each section in the editor and on the compare page, and recorded when a save answers them.

The policy app knows nothing of hearings: each app that has such points answers the hooks
`editor_section_points(document)`, `version_answers(version=, point_ids=, user=)` and
`compare_section_points(old, new)`.
"""

from medborger import hooks


def _merged(results: list[dict]) -> dict:
    merged: dict = {}
    for result in results:
        for key, items in result.items():
            merged.setdefault(key, []).extend(items)
    return merged


def editor_points(document) -> dict:
    """Open points by section key, to show beside each section in the editor."""
    return _merged(hooks.call("editor_section_points", document))


def compare_points(old, new) -> dict:
    """Points answered between two versions, by section key."""
    return _merged(hooks.call("compare_section_points", old, new))


def posted_point_ids(data) -> list[int]:
    """The points the editor's "this edit answers" boxes name (ignoring anything else)."""
    return [int(value) for value in data.getlist("answers") if str(value).isdigit()]


def record_answers(*, version, point_ids, user) -> None:
    if point_ids:
        hooks.call("version_answers", version=version, point_ids=point_ids, user=user)
