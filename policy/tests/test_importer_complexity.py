"""The importer's interpretation stays readable: no function in it grows past a cyclomatic
complexity of 10, as radon counts it (every branch, loop, boolean operator and comprehension).
Before it was split into a line classifier and small readers, `_groups` alone counted 42."""

from pathlib import Path

from radon.complexity import cc_visit

import policy.importer

LIMIT = 10
INTERPRETATION = ["interpret", "classify", "sections", "letterhead", "timeline", "groups", "render"]


def complexities() -> dict[str, int]:
    folder = Path(policy.importer.__file__).parent
    found = {}
    for module in INTERPRETATION:
        for block in cc_visit((folder / f"{module}.py").read_text()):
            # A class counts by its methods.
            for function in getattr(block, "methods", [block]):
                found[f"{module}.{function.fullname}"] = function.complexity
    return found


def test_every_function_of_the_interpretation_is_small():
    found = complexities()
    assert "groups._GroupReader.feed" in found and "interpret.interpret" in found
    assert {name: value for name, value in found.items() if value > LIMIT} == {}
