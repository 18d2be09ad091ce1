"""Copy front-end files from node_modules/ into static/vendor/ (run by `make vendor`).

The copies are committed: the app serves them itself and running it needs no Node. To add a
package, add it to package.json and list the files it needs here.
"""

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

#: package -> files to copy, relative to the package folder (a licence file is always copied).
FILES = {
    "bootstrap": [
        "dist/css/bootstrap.min.css",
        "dist/css/bootstrap.min.css.map",
        "dist/js/bootstrap.bundle.min.js",
        "dist/js/bootstrap.bundle.min.js.map",
    ],
}


def main() -> int:
    if not NODE_MODULES.is_dir():
        print("node_modules/ is missing: run `npm ci --ignore-scripts` first.", file=sys.stderr)
        return 1
    shutil.rmtree(VENDOR, ignore_errors=True)
    manifest = {}
    for package, files in FILES.items():
        source = NODE_MODULES / package
        version = json.loads((source / "package.json").read_text())["version"]
        target = VENDOR / package
        for name in files:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / name, target / name)
        for licence in ("LICENSE", "LICENSE.md", "LICENSE.txt", "license.md"):
            if (source / licence).is_file():
                shutil.copy2(source / licence, target / licence)
                break
        manifest[package] = version
    (VENDOR / "versions.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    print(f"Copied {len(manifest)} packages into {VENDOR.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
