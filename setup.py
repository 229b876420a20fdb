"""The PyPI long description, and nothing else (the rest is in pyproject.toml).

PyPI shows README.md without the repository around it, so its relative links and the
screenshot would lead nowhere. At build time each relative target becomes an absolute URL on
GitHub at the release's tag (images from raw.githubusercontent.com): the page of a release
shows the docs of that release. The repository is the `Homepage` of pyproject.toml, the tag
`v` + gate.__version__. An absolute target is left alone, so the sdist's README, built again
into the wheel, comes out the same.
"""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
IMAGES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
# An inline link or image `](target`, a reference definition `[name]: target`, an HTML
# `src="target"`/`href="target"`: group 1 is what stays, group 2 the target.
TARGETS = re.compile(
    r"""(\]\(\s*<?|^ {0,3}\[[^\]]+\]:[ \t]*<?|\b(?:src|href)=["'])([^\s)"'>]+)""", re.M
)


def absolute_target(target: str, repository: str, ref: str) -> str:
    """`docs/cli.md#flags` -> `{repository}/blob/{ref}/docs/cli.md#flags`; a URL stays."""
    if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//", target):
        return target
    path, _, anchor = target.partition("#")
    path = path.removeprefix("./") or "README.md"
    if path.lower().endswith(IMAGES):
        raw = repository.replace("https://github.com/", "https://raw.githubusercontent.com/")
        url = f"{raw}/{ref}/{path}"
    else:
        url = f"{repository}/blob/{ref}/{path}"
    return f"{url}#{anchor}" if anchor else url


def absolute_links(markdown: str, repository: str, ref: str) -> str:
    """The Markdown with every relative link and image made absolute; code blocks untouched."""
    parts = re.split(
        r"(^ {0,3}(?:```|~~~).*?^ {0,3}(?:```|~~~)[^\n]*$)", markdown, flags=re.M | re.S
    )
    for i in range(0, len(parts), 2):  # the odd parts are fenced code blocks
        parts[i] = TARGETS.sub(
            lambda m: m.group(1) + absolute_target(m.group(2), repository, ref), parts[i]
        )
    return "".join(parts)


def _found(pattern: str, path: Path) -> str:
    match = re.search(pattern, path.read_text(encoding="utf-8"), re.M)
    if not match:
        raise SystemExit(f"setup.py: {path.name} has no line matching {pattern!r}")
    return match.group(1)


def long_description(root: Path = HERE) -> str:
    repository = _found(
        r'^Homepage = "(https://github\.com/[^"/]+/[^"/]+)"', root / "pyproject.toml"
    )
    version = _found(r'^__version__ = "([^"]+)"', root / "src" / "gate" / "__init__.py")
    readme = (root / "README.md").read_text(encoding="utf-8")
    return absolute_links(readme, repository, f"v{version}")


if __name__ == "__main__":  # setuptools' build backend runs this file as __main__
    from setuptools import setup

    setup(long_description=long_description(), long_description_content_type="text/markdown")
