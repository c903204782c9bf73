"""The system fonts kiemchung draws with, and the Debian package each comes from.

Every font path the code uses is named here, once, with its package: `scripts/bootstrap.sh`
installs those packages and `tests/test_system_paths.py` checks, with `dpkg -S`, that every system
path in the code belongs to a package the setup installs. A missing font is a missing install
step, so it is reported as one line naming the package, never as a reportlab/PIL traceback.
"""

from __future__ import annotations

from pathlib import Path

DEJAVU = "/usr/share/fonts/truetype/dejavu"
LIBERATION = "/usr/share/fonts/truetype/liberation2"

# key -> (path, Debian package). Keys name the face, not the use, so one face is listed once.
FONTS: dict[str, tuple[str, str]] = {
    "dejavu-sans": (f"{DEJAVU}/DejaVuSans.ttf", "fonts-dejavu-core"),
    "dejavu-sans-bold": (f"{DEJAVU}/DejaVuSans-Bold.ttf", "fonts-dejavu-core"),
    "dejavu-sans-oblique": (f"{DEJAVU}/DejaVuSans-Oblique.ttf", "fonts-dejavu-extra"),
    "dejavu-serif": (f"{DEJAVU}/DejaVuSerif.ttf", "fonts-dejavu-core"),
    "dejavu-serif-bold": (f"{DEJAVU}/DejaVuSerif-Bold.ttf", "fonts-dejavu-core"),
    "dejavu-serif-italic": (f"{DEJAVU}/DejaVuSerif-Italic.ttf", "fonts-dejavu-extra"),
    "dejavu-serif-condensed": (f"{DEJAVU}/DejaVuSerifCondensed.ttf", "fonts-dejavu-extra"),
    "dejavu-serif-condensed-bold": (f"{DEJAVU}/DejaVuSerifCondensed-Bold.ttf", "fonts-dejavu-extra"),
    "dejavu-serif-condensed-italic": (f"{DEJAVU}/DejaVuSerifCondensed-Italic.ttf", "fonts-dejavu-extra"),
    "liberation-serif": (f"{LIBERATION}/LiberationSerif-Regular.ttf", "fonts-liberation2"),
    "liberation-serif-bold": (f"{LIBERATION}/LiberationSerif-Bold.ttf", "fonts-liberation2"),
    "liberation-serif-italic": (f"{LIBERATION}/LiberationSerif-Italic.ttf", "fonts-liberation2"),
    "liberation-serif-bolditalic": (f"{LIBERATION}/LiberationSerif-BoldItalic.ttf", "fonts-liberation2"),
    "liberation-sans": (f"{LIBERATION}/LiberationSans-Regular.ttf", "fonts-liberation2"),
    "liberation-sans-bold": (f"{LIBERATION}/LiberationSans-Bold.ttf", "fonts-liberation2"),
    "liberation-sans-italic": (f"{LIBERATION}/LiberationSans-Italic.ttf", "fonts-liberation2"),
    # Handwriting fonts: digits drawn from them (slanted, thickened, turned) teach the reader of
    # handwritten numbers and days (pipeline.blanks) the shapes pens make, beside optdigits.
    "hand-breip": ("/usr/share/fonts/truetype/breip/Breip.ttf", "fonts-breip"),
    "hand-breip-alt": ("/usr/share/fonts/truetype/breip/breipfont.ttf", "fonts-breip"),
    "hand-bw-build": ("/usr/share/fonts/opentype/bwht/BecauseWeBuild-Regular.otf", "fonts-bwht"),
    "hand-bw-connect": ("/usr/share/fonts/opentype/bwht/BecauseWeConnect-Regular.otf", "fonts-bwht"),
    "hand-bw-create": ("/usr/share/fonts/opentype/bwht/BecauseWeCreate-Regular.otf", "fonts-bwht"),
    "hand-bw-learn": ("/usr/share/fonts/opentype/bwht/BecauseWeLearn-Regular.otf", "fonts-bwht"),
    "hand-bw-mentor": ("/usr/share/fonts/opentype/bwht/BecauseWeMentor-Regular.otf", "fonts-bwht"),
    "hand-bw-organize": ("/usr/share/fonts/opentype/bwht/BecauseWeOrganize-Regular.otf", "fonts-bwht"),
    "hand-humor-sans": ("/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf", "fonts-humor-sans"),
    "hand-comic-neue": ("/usr/share/fonts/opentype/comic-neue/ComicNeue-Regular.otf", "fonts-comic-neue"),
    "hand-comic-neue-bold": ("/usr/share/fonts/opentype/comic-neue/ComicNeue-Bold.otf", "fonts-comic-neue"),
    "hand-dancing-script": ("/usr/share/fonts/opentype/dancingscript/DancingScript-Regular.otf", "fonts-dancingscript"),
}
HANDWRITING = tuple(key for key in FONTS if key.startswith("hand-"))


class MissingFont(RuntimeError):
    """A font the code needs is not installed; str() is the one line to show (package to install)."""

    def __init__(self, key: str, path: str, package: str) -> None:
        self.key, self.path, self.package = key, path, package
        super().__init__(f"font {Path(path).name} is missing ({path}): install the Debian package "
                         f"{package} (`apt-get install {package}`, or run `bash scripts/bootstrap.sh` as root)")

    def __reduce__(self):  # crosses process pools intact (render workers)
        return (MissingFont, (self.key, self.path, self.package))


def font_path(key: str) -> str:
    """The file of font `key`; raises `MissingFont` naming the package when it is not installed."""
    path, package = FONTS[key]
    if not Path(path).is_file():
        raise MissingFont(key, path, package)
    return path


def packages() -> set[str]:
    """The Debian packages the fonts come from (the setup must install each)."""
    return {pkg for _, pkg in FONTS.values()}
