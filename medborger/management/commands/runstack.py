import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from medborger.demo import DEMO_USERS


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Run the web server and a Celery worker with beat until Ctrl-C, then stop them all."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))

    def handle(self, *args, host, port, **options):
        python = sys.executable
        celery = os.path.join(os.path.dirname(python), "celery")
        commands = {
            "web": [python, "manage.py", "runserver", f"{host}:{port}"],
            "worker": [
                celery,
                "-A",
                "medborger",
                "worker",
                "--beat",
                "--loglevel=INFO",
                "--concurrency=2",
                f"--schedule={settings.CELERY_BEAT_SCHEDULE_FILENAME}",
            ],
        }
        # Each child gets its own process group, so that stopping it also stops whatever it
        # started (the autoreloader's server process, Celery's pool).
        children = {
            name: subprocess.Popen(command, start_new_session=True)
            for name, command in commands.items()
        }
        self._announce(host, port)
        self._scan_reminders_now()
        # Explicitly, for SIGINT too: a parent that ignores SIGINT (a CI runner, a test worker)
        # passes that on, and Python then never raises KeyboardInterrupt on Ctrl-C.
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            while all(child.poll() is None for child in children.values()):
                time.sleep(0.5)
            stopped = [name for name, child in children.items() if child.poll() is not None]
            self.stderr.write(f"{', '.join(stopped)} stopped; stopping the rest.")
        except KeyboardInterrupt:
            self.stdout.write("\nStopping ...")
            self.stdout.flush()
        finally:
            self._stop(children.values())

    def _announce(self, host, port):
        users = ", ".join(user.username for user in DEMO_USERS)
        self.stdout.write(
            self.style.SUCCESS(f"\nMedborger runs on http://{host}:{port}/\n")
            + f"Log in at http://{host}:{port}/konto/log-ind/ as one of: {users}\n"
            + f"Password: {settings.DEMO_PASSWORD}\n"
            + (
                f"E-mail that the app sends is written to {settings.MAIL_DIR}/\n"
                if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend")
                else ""
            )
            + "Press Ctrl-C to stop the web server and the worker.\n"
        )

    def _scan_reminders_now(self):
        """Beat's first reminder scan comes only after its interval; ask for one at start."""
        from medborger.tasks import reminders_scan

        try:
            reminders_scan.apply_async(retry=False)
        except Exception as exc:  # noqa: BLE001 - beat's scan comes later anyway
            self.stderr.write(f"Could not ask for a reminder scan now: {exc}")

    @staticmethod
    def _stop(children):
        """SIGTERM each main process (Celery then shuts down warmly), then clear whatever is left
        in its process group, such as the autoreloader's server process."""
        children = list(children)
        for child in children:
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 10
        for child in children:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
        for sig in (signal.SIGTERM, signal.SIGKILL):
            for child in children:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, sig)
            time.sleep(0.5)
        for child in children:
            child.wait()
