# Fixtures of the revision process' tests (the factories live next to them).
from .process_factories import project_group, revision, steering_group  # noqa: F401
