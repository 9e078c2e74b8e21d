"""Follow a guide's ``<!-- walk -->`` shell blocks in a fresh environment, as a reader would.

The reader's home is a temporary directory with the framework checkout at ``~/src/dangwu`` (a
symbolic link to this checkout, where the guides tell readers to put theirs); pip installs
from the test wheelhouse only. A ``make demo`` line serves in the background until the home
page answers (saved as ``$WALK_OUT/home.html``), then stops.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from unit_template.helpers import CHECKOUT, free_port, offline_environ

PRELUDE = r"""
set -euo pipefail
walk_serve() {
  setsid "$@" PORT="$WALK_PORT" > "$WALK_OUT/serve.log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do
    if python3 - "$WALK_PORT" > "$WALK_OUT/home.html" 2>/dev/null <<'PY'
import sys, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/"
sys.stdout.buffer.write(urllib.request.urlopen(url, timeout=5).read())
PY
    then
      kill -TERM -- "-$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      echo "walk: the home page answered on port $WALK_PORT"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$WALK_OUT/serve.log" >&2; return 1; fi
    sleep 0.5
  done
  kill -TERM -- "-$pid" 2>/dev/null || true
  echo "walk: nothing answered on port $WALK_PORT" >&2
  return 1
}
"""


def reader_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / "src").mkdir(parents=True)
    (home / "src" / "dangwu").symlink_to(CHECKOUT, target_is_directory=True)
    return home


def walk(script: str, home: Path, wheelhouse: Path, timeout: int = 900):
    """Run ``script`` (a guide's walk blocks) as the reader; fail with its output if it fails."""
    lines = [
        "walk_serve make demo" if line.strip() == "make demo" else line
        for line in script.splitlines()
    ]
    out = home / "walk-out"
    out.mkdir(exist_ok=True)
    env = offline_environ(wheelhouse, HOME=str(home), WALK_PORT=str(free_port()), WALK_OUT=str(out))
    result = subprocess.run(
        ["bash", "-c", PRELUDE + "\n".join(lines)],
        cwd=home,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        pytest.fail(
            f"the walk failed ({result.returncode}):\n--- script\n{chr(10).join(lines)}\n"
            f"--- stdout\n{result.stdout[-4000:]}\n--- stderr\n{result.stderr[-4000:]}"
        )
    return result, out
