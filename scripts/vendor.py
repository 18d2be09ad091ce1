"""Copy front-end files from node_modules/ into static/vendor/ (run by `make vendor`).

The copies are committed: the app serves them itself and running it needs no Node. To add a
package, add it to package.json and list the files it needs here.
"""

import json
import shutil
import subprocess
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
        "dist/css/bootstrap.rtl.min.css",
        "dist/css/bootstrap.rtl.min.css.map",
        "dist/js/bootstrap.bundle.min.js",
        "dist/js/bootstrap.bundle.min.js.map",
    ],
}

#: Bundles built with esbuild (a devDependency): output file -> (entry point, packages whose
#: licences go next to it). Their entry points live in frontend/.
BUNDLES = {
    "tiptap/tiptap.min.js": (
        "frontend/tiptap.js",
        ["@tiptap/core", "@tiptap/starter-kit", "@tiptap/extension-table", "@tiptap/pm"],
    ),
    # The public forms' proof of work (medborger/public_forms.py); its worker and stylesheet
    # are copied beside it (EXTRA_FILES).
    "altcha/altcha.min.js": ("frontend/altcha.js", ["altcha"]),
}

#: Files copied next to a bundle: package -> (file in the package, target below static/vendor/).
EXTRA_FILES = {
    "altcha": [
        ("dist/workers/pbkdf2.js", "altcha/altcha-pbkdf2-worker.js"),
        ("dist/external/altcha.css", "altcha/altcha.css"),
    ],
}


def build_bundles(manifest: dict) -> None:
    """Bundle each entry point and write the licences of every package that went into it."""
    esbuild = NODE_MODULES / ".bin" / "esbuild"
    for output, (entry, packages) in BUNDLES.items():
        target = VENDOR / output
        target.parent.mkdir(parents=True, exist_ok=True)
        metafile = target.parent / "metafile.json"
        subprocess.run(
            [str(esbuild), entry, "--bundle", "--minify", "--format=iife", "--target=es2020",
             "--legal-comments=none", f"--metafile={metafile}", f"--outfile={target}"],
            cwd=ROOT,
            check=True,
        )  # fmt: skip
        inputs = json.loads(metafile.read_text())["inputs"]
        metafile.unlink()
        bundled = sorted({_package_of(path) for path in inputs if "node_modules/" in path})
        notices = []
        for package in bundled:
            source = NODE_MODULES / package
            meta = json.loads((source / "package.json").read_text())
            notices.append(f"{package} {meta['version']} ({meta.get('license', 'see below')})")
            for licence in ("LICENSE", "LICENSE.md", "LICENSE.txt", "license.md", "license"):
                if (source / licence).is_file():
                    notices.append((source / licence).read_text().strip())
                    break
            notices.append("-" * 72)
        (target.parent / "LICENSES.txt").write_text("\n\n".join(notices) + "\n")
        for package in packages:
            manifest[package] = json.loads((NODE_MODULES / package / "package.json").read_text())[
                "version"
            ]


def _package_of(path: str) -> str:
    parts = path.split("node_modules/")[-1].split("/")
    return "/".join(parts[:2]) if parts[0].startswith("@") else parts[0]


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
    build_bundles(manifest)
    for package, pairs in EXTRA_FILES.items():
        for name, target in pairs:
            (VENDOR / target).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(NODE_MODULES / package / name, VENDOR / target)
    (VENDOR / "versions.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    print(f"Copied {len(manifest)} packages into {VENDOR.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
