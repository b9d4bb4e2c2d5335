"""A throw-away PostgreSQL server for the ledger tests: initdb into a temporary folder, start it
on a Unix socket there, hand out a fresh database per test, stop and delete it at the end.

Run as root, the server runs as the `postgres` user (created if missing), since initdb refuses
root. Without server binaries, `apt-get install -y postgresql` is tried once; if the server still
cannot start, the tests that need it are skipped with the reason.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

SERVER_USER = "postgres"


class Unavailable(Exception):
    """No PostgreSQL server can be started here; the message says why."""


def _bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: pg_config's, Debian's newest, or on PATH."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, check=True)
            candidates.append(Path(out.stdout.decode().strip()))
    debian = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates.extend(debian)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).resolve().parent)
    return next(
        (c for c in candidates if (c / "initdb").is_file() and (c / "pg_ctl").is_file()), None
    )


def _install() -> str:
    """Try `apt-get install -y postgresql` once (as root); what happened, for a skip reason."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "not root or no apt-get, so `apt-get install -y postgresql` was not tried"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, timeout=300)
    try:
        done = subprocess.run(
            ["apt-get", "install", "-y", "-qq", "postgresql"],
            env=env,
            capture_output=True,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as error:
        return f"`apt-get install -y postgresql` failed: {error}"
    if done.returncode != 0:
        return f"`apt-get install -y postgresql` failed: {done.stderr.decode()[-300:].strip()}"
    return "`apt-get install -y postgresql` ran"


def _as_server_user() -> list[str]:
    """The command prefix that runs a program as the server's user (none unless root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/bin/sh", SERVER_USER],
            check=True,
            capture_output=True,
        )
    if shutil.which("runuser"):
        return ["runuser", "-u", SERVER_USER, "--"]
    return ["su", "-s", "/bin/sh", SERVER_USER, "-c", '"$0" "$@"']


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    """A running server: its folder, socket directory and port."""

    bindir: Path
    folder: Path
    port: int
    prefix: list[str]
    counter: itertools.count[int]

    @property
    def data(self) -> Path:
        """The cluster's data directory."""
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL of one database over the Unix socket."""
        return f"postgresql+psycopg://{SERVER_USER}@/{database}?host={self.folder}&port={self.port}"

    def fresh_database(self) -> str:
        """Create an empty database; its URL."""
        name = f"ledger_{next(self.counter)}"
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(sa.text(f"CREATE DATABASE {name}"))
        finally:
            engine.dispose()
        return self.url(name)

    def stop(self) -> None:
        """Stop the server at once and delete its folder."""
        subprocess.run(
            [
                *self.prefix,
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def _run(command: list[str], what: str, log: Path | None = None) -> None:
    done = subprocess.run(command, capture_output=True, timeout=120)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).decode()[-400:].strip()
        if log is not None and log.is_file():
            detail += "\n" + log.read_text(errors="replace")[-400:]
        raise Unavailable(f"{what} failed: {detail}")


def start_server() -> Server:
    """initdb and start a server in a new temporary folder; raise Unavailable with the reason."""
    bindir = _bindir()
    tried = ""
    if bindir is None:
        tried = _install()
        bindir = _bindir()
    if bindir is None:
        raise Unavailable(f"no PostgreSQL server binaries (initdb, pg_ctl) found; {tried}")
    prefix = _as_server_user()
    folder = Path(tempfile.mkdtemp(prefix="verify-pg-"))
    if prefix:
        shutil.chown(folder, SERVER_USER)
    server = Server(bindir, folder, _free_port(), prefix, itertools.count(1))
    try:
        _run(
            [
                *prefix,
                str(bindir / "initdb"),
                "-D",
                str(server.data),
                "-U",
                SERVER_USER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            "initdb",
        )
        with (server.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(
                f"\nlisten_addresses = ''\nunix_socket_directories = '{folder}'\n"
                f"port = {server.port}\nfsync = off\n"
            )
        log = folder / "server.log"
        _run(
            [
                *prefix,
                str(bindir / "pg_ctl"),
                "-D",
                str(server.data),
                "-l",
                str(log),
                "-w",
                "-t",
                "60",
                "start",
            ],
            "pg_ctl start",
            log,
        )
    except (Unavailable, OSError, subprocess.SubprocessError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        raise Unavailable(str(error)) from error
    return server


@contextlib.contextmanager
def running_server() -> Iterator[Server]:
    """A server for the duration of the block."""
    server = start_server()
    try:
        yield server
    finally:
        server.stop()
