"""What PyPI receives: a description whose links and screenshot work away from the repository
(setup.py makes them absolute at build time), and an sdist that builds the wheel and ships no
tests (MANIFEST.in). The rewrite is checked here on the README; the built files, marked
`package`, after .ci/package has built dist/."""

from __future__ import annotations

import importlib.util
import tarfile
import zipfile
from email.parser import Parser
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import cmarkgfm
import pytest

from gate import __version__
from tests.conftest import ROOT

DIST = ROOT / "dist"
REF = f"v{__version__}"


def _setup_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("setup_script", ROOT / "setup.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # setup() runs only as __main__
    return module


SETUP = _setup_script()
REPOSITORY = SETUP._found(
    r'^Homepage = "(https://github\.com/[^"/]+/[^"/]+)"', ROOT / "pyproject.toml"
)
RAW = REPOSITORY.replace("https://github.com/", "https://raw.githubusercontent.com/")


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, v) for k, v in attrs if k in ("href", "src") and v is not None]


def targets(markdown: str) -> list[tuple[str, str]]:
    """(tag, URL) of every link and image in the Markdown as GitHub-flavoured HTML."""
    parser = _Targets()
    parser.feed(cmarkgfm.github_flavored_markdown_to_html(markdown))
    return parser.found


def assert_all_absolute(markdown: str) -> None:
    found = targets(markdown)
    assert ("img", f"{RAW}/{REF}/docs/images/review-comment.png") in found
    assert len(found) >= 15
    for _, url in found:
        assert url.startswith("https://"), url
        if url.startswith((f"{REPOSITORY}/blob/{REF}/", f"{RAW}/{REF}/")):  # exists at the tag
            assert (ROOT / url.split(f"/{REF}/", 1)[1].partition("#")[0]).exists(), url


def test_the_description_has_no_relative_link_or_image() -> None:
    assert any(
        not url.startswith("https://")
        for _, url in targets(ROOT.joinpath("README.md").read_text(encoding="utf-8"))
    )
    assert_all_absolute(SETUP.long_description(ROOT))


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("[cli](docs/cli.md#flags)", "[cli](R/blob/v1.2.0/docs/cli.md#flags)"),
        (
            "![shot](./docs/images/a.png)",
            "![shot](https://raw.githubusercontent.com/o/gate/v1.2.0/docs/images/a.png)",
        ),
        (
            '<img src="docs/a.svg" alt="x">',
            '<img src="https://raw.githubusercontent.com/o/gate/v1.2.0/docs/a.svg" alt="x">',
        ),
        ("[up](#install)", "[up](R/blob/v1.2.0/README.md#install)"),
        ("[ref]: examples/seed/", "[ref]: R/blob/v1.2.0/examples/seed/"),
        ("[k](https://keepachangelog.com/)", "[k](https://keepachangelog.com/)"),
        ("[m](mailto:a@b.c)", "[m](mailto:a@b.c)"),
        (
            "```md\n[code](stays.md)\n```\n[x](y.md)",
            "```md\n[code](stays.md)\n```\n[x](R/blob/v1.2.0/y.md)",
        ),
    ],
)
def test_each_relative_target_becomes_absolute(markdown: str, expected: str) -> None:
    repository = "https://github.com/o/gate"
    rewritten = SETUP.absolute_links(markdown, repository, "v1.2.0")
    assert rewritten == expected.replace("R/", f"{repository}/")
    assert SETUP.absolute_links(rewritten, repository, "v1.2.0") == rewritten  # sdist -> wheel


@pytest.fixture(scope="module")
def built() -> tuple[Path, Path]:
    wheels, sdists = sorted(DIST.glob("model_gate-*.whl")), sorted(DIST.glob("model_gate-*.tar.gz"))
    assert wheels and sdists, "run .ci/package: it builds dist/"
    return wheels[-1], sdists[-1]


@pytest.mark.package
def test_the_built_descriptions_link_only_absolute_urls(built: tuple[Path, Path]) -> None:
    wheel, sdist = built
    metadata = zipfile.ZipFile(wheel).read(f"model_gate-{__version__}.dist-info/METADATA").decode()
    with tarfile.open(sdist) as tar:
        member = tar.extractfile(f"model_gate-{__version__}/PKG-INFO")
        assert member
        pkg_info = member.read().decode()
    for text in (metadata, pkg_info):
        meta = Parser().parsestr(text)
        assert meta["Description-Content-Type"] == "text/markdown"
        assert_all_absolute(meta.get_payload())


@pytest.mark.package
def test_the_sdist_builds_the_wheel_and_ships_no_tests(built: tuple[Path, Path]) -> None:
    _, sdist = built
    with tarfile.open(sdist) as tar:
        names = [n.split("/", 1)[1] for n in tar.getnames() if "/" in n]
    top = {n.split("/")[0] for n in names}
    assert top == {
        *("CHANGELOG.md", "LICENSE", "MANIFEST.in", "PKG-INFO", "README.md"),
        *("pyproject.toml", "requirements.txt", "setup.cfg", "setup.py", "src"),
    }
    assert {n.split("/")[1] for n in names if n.startswith("src/") and n.count("/") > 1} == {
        "gate",
        "model_gate.egg-info",
    }
    assert {"src/gate/schema/metrics.schema.json", "src/gate/py.typed"} <= set(names)
