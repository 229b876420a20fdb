"""Screenshots of gate's review as GitHub shows it: the Markdown rendered by cmark-gfm (GitHub's
renderer), styled by github-markdown-css, Mermaid charts drawn by mermaid, photographed by
headless Chromium at desktop (1200 px) and phone (370 px) width. Not part of the test suite.

    apt-get install chromium fonts-noto-color-emoji   # Debian's Chromium, and emoji
    npm ci --prefix scripts                            # mermaid, github-markdown-css
    .venv/bin/python scripts/screenshots.py            # → scripts/out/*.png

GitHub's comment column is about 730 px wide at desktop size (a job summary about 1000 px);
the page narrows the Markdown to that, so a table that does not fit shows as it would.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import cmarkgfm
from cmarkgfm.cmark import Options

ROOT = Path(__file__).resolve().parent.parent
EX = Path("examples")  # relative to ROOT, where gate runs: the footer shows short paths
NODE = ROOT / "scripts" / "node_modules"
REVIEW = [
    str(EX / "review/candidate.yaml"),
    *("--config", str(EX / "review/policy.yml"), "--baseline", str(EX / "review/base.yaml")),
]
CASES: dict[str, list[str]] = {
    "seed": [str(EX / "seed/metrics.json")],
    "full": [str(EX / "full/metrics.yaml"), "--config", str(EX / "policy/gate.yml")],
    "slices": [str(EX / "slices/metrics.yaml"), "--config", str(EX / "policy/fairness.yml")],
    "review": REVIEW,
    "review-chart": [*REVIEW, "--chart"],
    "failing": [str(EX / "seed/metrics.json"), "--min-accuracy", "0.95"],
    "input-error": [str(EX / "invalid/metrics.yaml")],
    "300-models": ["{many}", "--min-accuracy", "0.795"],
    # 38 of 300 fell past a 0.01 limit, 40 within it: what got worse, first
    "300-regressed": ["{head}", "--baseline", "{base}", "--max-regression", "accuracy=0.01"],
}
# window, Markdown column; "comment" is the column alone (docs/images/review-comment.png)
WIDTHS = {"desktop": (1200, 730), "phone": (370, 338), "comment": (764, 730)}


def markdown_of(args: list[str], work: Path, out: Path) -> str:
    many = out / "300-models.json"
    models = [
        {"name": f"model_{i:03d}", "metrics": {"accuracy": round(0.5 + i / 1000, 3)}}
        for i in range(300)
    ]
    many.write_text(json.dumps({"version": 1, "models": models}))
    sides: dict[str, list[dict[str, object]]] = {"base": [], "head": []}
    for i in range(300):
        before = 0.85 + (i % 10) / 100
        after = before - 0.05 if i < 38 else (before - 0.005 if i < 78 else before + 0.002)
        for side, value in (("base", before), ("head", after)):
            sides[side].append({"name": f"m{i:03d}", "metrics": {"accuracy": round(value, 4)}})
    files = {"many": many}
    for side, listed in sides.items():
        files[side] = out / f"300-regressed-{side}.json"
        files[side].write_text(json.dumps({"version": 1, "models": listed}))
    summary = work / "summary.md"
    named = {"{" + key + "}": os.path.relpath(path, ROOT) for key, path in files.items()}
    argv = [named.get(arg, arg) for arg in args]
    subprocess.run(
        [sys.executable, "-m", "gate", *argv, "--summary", str(summary), "--no-github"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    return summary.read_text(encoding="utf-8")


def page(markdown: str, column: int) -> str:
    body = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    body = re.sub(
        r'<pre lang="mermaid"><code>(.*?)</code></pre>',
        lambda m: f'<pre class="mermaid">{m.group(1)}</pre>',
        body,
        flags=re.S,
    )
    css = (NODE / "github-markdown-css" / "github-markdown-light.css").as_uri()
    mermaid = (NODE / "mermaid" / "dist" / "mermaid.min.js").as_uri()
    return f"""<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{html.escape(css)}">
<style>body {{ margin: 0; background: #fff; }}
.markdown-body {{ box-sizing: border-box; width: {column}px; margin: 16px; padding: 16px;
  border: 1px solid #d0d7de; border-radius: 6px; }}</style>
<script src="{html.escape(mermaid)}"></script></head>
<body><article class="markdown-body">{body}</article>
<script>
mermaid.initialize({{ startOnLoad: false }});
mermaid.run().finally(() => {{
  document.title = String(document.documentElement.scrollHeight);
}});
</script></body></html>"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("screenshots: no Chromium; apt-get install chromium")


def shoot(browser: str, html_file: Path, png: Path, width: int) -> None:
    base = [browser, "--headless", "--no-sandbox", "--hide-scrollbars", "--disable-gpu"]
    base += ["--virtual-time-budget=10000", "--allow-file-access-from-files"]
    dom = subprocess.run(
        [*base, f"--window-size={width},800", "--dump-dom", html_file.as_uri()],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"<title>(\d+)</title>", dom)
    height = int(found.group(1)) + 16 if found else 3000
    subprocess.run(
        [*base, f"--window-size={width},{height}", f"--screenshot={png}", html_file.as_uri()],
        capture_output=True,
        check=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "scripts" / "out")
    parser.add_argument("cases", nargs="*", default=list(CASES), help="default: all")
    args = parser.parse_args()
    if not (NODE / "mermaid").is_dir():
        sys.exit("screenshots: run `npm ci --prefix scripts` first")
    browser = chromium()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        for case in args.cases:
            markdown = markdown_of(CASES[case], work, args.out)
            for label, (width, column) in WIDTHS.items():
                html_file = work / f"{case}-{label}.html"
                html_file.write_text(page(markdown, column), encoding="utf-8")
                png = args.out / f"{case}-{label}.png"
                shoot(browser, html_file, png, width)
                print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)


if __name__ == "__main__":
    main()
