"""A throwaway PostgreSQL cluster in a temporary folder, for tests and benchmarks.

``initdb`` and ``pg_ctl`` from Debian's ``postgresql`` package run as a non-root user
(PostgreSQL refuses root; CI runs as root, so the ``postgres`` user the package creates is
used through ``runuser``), on a free loopback port with trust authentication, its socket in
the folder; ``stop`` removes the folder. Nothing depends on a server running before.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

# Fast and safe enough for tests: the cluster is thrown away, and no test crashes the server
# (stopping it is a clean shutdown). Benchmarks ask for durable commits.
FAST = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off")


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL server's bin folder, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name))
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    """A TCP port nobody listens on at this moment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """One initdb'd data folder and its server on 127.0.0.1:port."""

    def __init__(self, *, durable: bool = False, max_connections: int = 300) -> None:
        self.bin = postgres_bin()
        if self.bin is None:
            raise FileNotFoundError("PostgreSQL is not installed (apt-get install postgresql)")
        self.root = Path(tempfile.mkdtemp(prefix="workbench-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.user = _server_user()
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-locale", "--no-sync")
        self.options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                        f"-c unix_socket_directories={self.root} "
                        f"-c max_connections={max_connections}"
                        + ("" if durable else " " + FAST))
        self.start()

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bin / tool), *args]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        """Start (or restart) the server and wait until it accepts connections."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w",
                  "-o", self.options, "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast``: disconnect everyone, clean shutdown)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, dbname: str = "postgres") -> str:
        """The connection URL of a database in this cluster."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def sql(self, statement: str) -> None:
        """Run one statement (CREATE DATABASE …) in the maintenance database."""
        import psycopg
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(statement)

    def remove(self) -> None:
        """Stop the server if it runs and delete the folder."""
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def _server_user() -> str | None:
    """Who runs the server: ourselves, unless we are root (then Debian's ``postgres``)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError as exc:
        raise FileNotFoundError("running as root needs the 'postgres' user, which Debian's "
                                "postgresql package creates") from exc
    return "postgres"
