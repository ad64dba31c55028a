"""Copy the front-end packages installed by npm into the project's static files.

Run by `make assets`. The copies are build output (not committed): pages never load from a CDN.
"""

import shutil
import sys
from pathlib import Path

from fontTools.ttLib import woff2

ROOT = Path(__file__).resolve().parent.parent
NODE = ROOT / "node_modules"
VENDOR = ROOT / "src" / "lagrundt" / "web" / "static" / "vendor"

FILES = {
    "@digdir/designsystemet-css/dist/src/index.css": "designsystemet/designsystemet.css",
    "@digdir/designsystemet-theme/brand/digdir.css": "designsystemet/theme-digdir.css",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "@fontsource-variable/inter/index.css": "inter/inter.css",
}
FOLDERS = {"@fontsource-variable/inter/files": "inter/files"}
# PDFs: WeasyPrint does not read variable fonts, so documents use Inter's static cuts, unpacked here
# from WOFF2 to TrueType once (WeasyPrint would otherwise decompress every cut for every document).
STATIC_FONTS = {
    "@fontsource/inter/files": [
        f"inter-{subset}-{weight}-{style}.woff2"
        for subset in ("latin", "latin-ext")
        for weight in (400, 600, 700)
        for style in ("normal", "italic")
    ]
}
# Letters in a person's own language (the welcome letter) in Ge'ez script (Tigrinya, Amharic): static
# Noto cuts, unpacked once like Inter's. Arabic script is set in the system's DejaVu Sans, whose
# letters each have a glyph of their own (the letter's text reads back from the PDF letter for letter).
SCRIPT_FONTS = {
    "@fontsource/noto-sans-ethiopic/files": [
        f"noto-sans-ethiopic-ethiopic-{w}-normal.woff2" for w in (400, 700)
    ],
}


def main() -> int:
    missing = [src for src in [*FILES, *FOLDERS, *STATIC_FONTS, *SCRIPT_FONTS] if not (NODE / src).exists()]
    if missing:
        print("Missing npm packages (run `npm ci`):", ", ".join(missing), file=sys.stderr)
        return 1
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    for src, dst in FILES.items():
        target = VENDOR / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE / src, target)
    for src, dst in FOLDERS.items():
        # Every subset the stylesheet names: Latin for Norwegian, Cyrillic and Greek for names as their
        # owners write them (Ukrainian refugees), and collectstatic's hashed names need each file it names.
        target = VENDOR / dst
        target.mkdir(parents=True, exist_ok=True)
        for font in (NODE / src).glob("inter-*-wght-normal.woff2"):
            shutil.copyfile(font, target / font.name)
    for src, names in STATIC_FONTS.items():
        target = VENDOR / "inter-static"
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            woff2.decompress(str(NODE / src / name), str(target / name.replace(".woff2", ".ttf")))
    for src, names in SCRIPT_FONTS.items():
        target = VENDOR / "noto-static"
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            woff2.decompress(str(NODE / src / name), str(target / name.replace(".woff2", ".ttf")))
    print(f"Vendored front-end assets into {VENDOR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
