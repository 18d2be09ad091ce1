import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        parent = queue.pop()
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(parent)], capture_output=True)
        children = [int(child) for child in out.stdout.split()]
        found += children
        queue += children
    return found


def is_running(pid: int) -> bool:
    """Alive and not a zombie (an exited process that nobody has reaped yet)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_runstack_serves_the_app_and_ctrl_c_stops_everything_it_started(tmp_path):
    port = free_port()
    env = {**os.environ, "DEBUG": "true", "MEDBORGER_VAR_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=settings.BASE_DIR, env=env, check=True)
    # As under a runner that ignores SIGINT, which children inherit: Ctrl-C must still work.
    process = subprocess.Popen(
        [*manage, "runstack", "--port", str(port)],
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    children = []
    try:
        body = ""
        for _attempt in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert 'lang="da"' in body
        children = descendants(process.pid)
        commands = " ".join(Path(f"/proc/{pid}/cmdline").read_text() for pid in children)
        assert "runserver" in commands and "worker" in commands
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            # Runstack's children have sessions of their own: a failed run must not leave them.
            for pid in [*descendants(process.pid), *children]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            os.killpg(process.pid, signal.SIGKILL)
    assert "http://127.0.0.1:" in output and "koordinator" in output
    time.sleep(0.5)
    still_running = [pid for pid in children if is_running(pid)]
    assert still_running == []
