"""Shared by the template and documentation walk-through tests: generate a unit's project,
install it into a throwaway virtual environment, serve it.

Installing is what makes these tests slow, so every install in a session (and across sessions
on one machine) draws on one **wheelhouse**: the third-party wheels a unit needs, built once
with ``pip wheel`` and reused with ``PIP_NO_INDEX``/``PIP_FIND_LINKS``. It lives in
``$DANGWU_TEST_WHEELHOUSE`` or ``~/.cache/dangwu/test-wheelhouse`` and is rebuilt when the
template's constraints or any distribution's setup.cfg change.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]
TEMPLATE = CHECKOUT / "cookiecutter-unit"
PROJECT_TEMPLATE = TEMPLATE / "{{cookiecutter.unit_slug}}"
CONSTRAINTS = PROJECT_TEMPLATE / "constraints.txt"
#: The Python the throwaway environments are made with (the one running the tests).
PYTHON = sys.executable


def shipped_sectors() -> list[str]:
    """The sector plugins the framework ships: ``plugins/dangwu-<sector>``."""
    return sorted(
        path.parent.name.removeprefix("dangwu-")
        for path in (CHECKOUT / "plugins").glob("dangwu-*/setup.cfg")
    )


def generate(output_dir: Path, **answers: str) -> Path:
    """Run the template (cookiecutter's Python API, no input); return the project directory."""
    from cookiecutter.main import cookiecutter

    return Path(
        cookiecutter(
            str(TEMPLATE), no_input=True, extra_context=answers, output_dir=str(output_dir)
        )
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_environ(**extra: str) -> dict[str, str]:
    """The environment for a throwaway install: no DANGWU_*, no venv of ours, no user site.

    pip's own configuration (certificates, timeouts) is kept.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DANGWU_")
        and key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PIP_NO_INDEX"}
    }
    bindir = str(Path(PYTHON).parent)
    # The real interpreter's directory first: `python3` is the one running us, without our
    # venv (and without a version manager's shims, which may depend on $HOME).
    base = str(Path(sys._base_executable).resolve().parent)
    path = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != bindir]
    env["PATH"] = os.pathsep.join([base, *path])
    env["PYTHONNOUSERSITE"] = "1"
    env.update(extra)
    return env


def _fingerprint() -> str:
    digest = hashlib.sha256(CONSTRAINTS.read_bytes())
    for path in sorted(CHECKOUT.glob("setup.cfg")) + sorted(CHECKOUT.glob("*/*/setup.cfg")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_wheelhouse(directory: Path, requirements: Path) -> Path:
    """Fill ``directory`` with the wheels ``requirements`` need (once per fingerprint)."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = directory / f".built-{_fingerprint()}"
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # xdist workers and parallel sessions wait here
        if stamp.exists():
            return directory
        result = subprocess.run(
            [
                PYTHON, "-m", "pip", "wheel", "--quiet", "--wheel-dir", str(directory),
                "-r", str(requirements), "-c", str(CONSTRAINTS),
                "setuptools", "wheel", "cookiecutter",
            ],
            env=clean_environ(DANGWU_SOURCE=str(CHECKOUT)),
            capture_output=True,
            text=True,
        )  # fmt: skip
        if result.returncode != 0:
            pytest.fail(f"building the test wheelhouse failed:\n{result.stderr[-3000:]}")
        for local in directory.glob("*.whl"):  # the checkout's own: installed editable
            if local.name.startswith(("dangwu_", "unit_")) or "_dangwu-" in local.name:
                local.unlink()
        for old in directory.glob(".built-*"):
            old.unlink()
        stamp.touch()
    return directory


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory) -> Path:
    """The wheelhouse, built on first use (see the module docstring)."""
    configured = os.environ.get("DANGWU_TEST_WHEELHOUSE")
    directory = Path(configured or Path.home() / ".cache" / "dangwu" / "test-wheelhouse")
    project = generate(tmp_path_factory.mktemp("wheelhouse-project"), sector=shipped_sectors()[0])
    return build_wheelhouse(directory, project / "requirements.txt")


def offline_environ(wheelhouse: Path, **extra: str) -> dict[str, str]:
    """An environment in which pip installs only from the wheelhouse."""
    return clean_environ(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheelhouse), **extra)


def run(argv, cwd: Path, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    """Run a command; fail the test with its output when it fails."""
    result = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        pytest.fail(
            f"{' '.join(map(str, argv))} failed ({result.returncode}) in {cwd}:\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    return result


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


@contextlib.contextmanager
def serving(argv, cwd: Path, env: dict[str, str], port: int, timeout: float = 120):
    """Start a server command in its own process group; yield once ``port`` answers."""
    log = open(cwd / f"server-{port}.log", "w+")  # noqa: SIM115  (closed in finally)
    process = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                log.seek(0)
                pytest.fail(f"the server exited ({process.returncode}):\n{log.read()[-4000:]}")
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            if time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"the server did not answer on port {port}:\n{log.read()[-4000:]}")
            time.sleep(0.3)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
