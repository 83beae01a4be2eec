"""Audit the locked dependencies (constraints.txt) for known vulnerabilities with pip-audit.

Fails when a vulnerability is found. When the vulnerability service cannot be reached (pip-audit
asks PyPI's JSON API), it says so plainly and does not fail: an unaudited run is reported, never
passed off as a clean one.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "audit.json"
        run = subprocess.run(  # noqa: S603 (a fixed argument list, no shell)
            [
                str(ROOT / ".venv/bin/pip-audit"),
                "--requirement",
                str(ROOT / "constraints.txt"),
                "--no-deps",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(report),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if not report.exists():
            print("pip-audit could not run the audit (no network access to PyPI?):")
            print((run.stderr or run.stdout).strip().splitlines()[-1:] or ["no output"])
            print("NOT AUDITED: the dependencies were not checked for vulnerabilities.")
            return 0
        return summarise(json.loads(report.read_text()))


def summarise(data: dict) -> int:
    dependencies = data.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dep in vulnerable:
        for vuln in dep["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})")
    audited = len(dependencies) - len(skipped)
    print(
        f"pip-audit: {audited} of {len(dependencies)} locked packages audited, "
        f"{len(vulnerable)} with known vulnerabilities."
    )
    if skipped and not audited:
        print(
            "NOT AUDITED: PyPI's vulnerability data was not available to this machine "
            f"({skipped[0]['skip_reason']})."
        )
    elif skipped:
        print("Not audited: " + ", ".join(d["name"] for d in skipped))
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
