"""Write operations of the policy app, one module per area:

- `documents`: versions, restore, freeze, workflow transitions, comments;
- `process`: the revision's milestones, groups, tasks and stakeholders.
"""

from .documents import SectionInput, StaleVersionError, version_freeze, version_save

__all__ = ["SectionInput", "StaleVersionError", "version_freeze", "version_save"]
