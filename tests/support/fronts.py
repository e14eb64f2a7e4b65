"""The front caches the suite drives: Varnish with the shipped VCL, nginx with the shipped config.

``varnish_process(backend_port)`` and ``nginx_front_process(backend_port)`` run one in front of
a live server (``tests.support.server``) on free ports of 127.0.0.1, and stop it afterwards.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from tests.support.server import (
    EXITED,
    HOST,
    REPO_ROOT,
    START_TIMEOUT,
    STOP_TIMEOUT,
    LoggedProcess,
    ServerError,
    free_port,
)

# --- a front cache ----------------------------------------------------------------------------

SHIPPED_VCL = REPO_ROOT / "deploy" / "varnish" / "broadsheet.vcl"


def varnishd_path() -> str | None:
    """The ``varnishd`` binary (on PATH or Debian's /usr/sbin), or None when not installed."""
    found = shutil.which("varnishd")
    if found:
        return found
    return "/usr/sbin/varnishd" if os.access("/usr/sbin/varnishd", os.X_OK) else None


def vcl_for_backend(backend_port: int, vcl: Path = SHIPPED_VCL) -> str:
    """The VCL with only its backend's port changed."""
    text = vcl.read_text()
    changed, count = re.subn(r'(\.port\s*=\s*)"\d+"', rf'\g<1>"{backend_port}"', text, count=1)
    if count != 1:
        raise ServerError(f"no backend .port in {vcl}")
    return changed


class FrontCache(LoggedProcess):
    """A front cache process in front of a local server, with its own ``work_dir``.

    Subclasses give ``name``, ``stop_signal`` and ``_command()``; ``start`` waits until it
    answers, ``close`` stops it and removes ``work_dir``.
    """

    name = "front cache"
    stop_signal = signal.SIGTERM
    backend_port: int
    work_dir: Path

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.url} -> :{self.backend_port} pid={self.pid}>"

    def _command(self) -> list[str]:
        raise NotImplementedError

    def start(self, timeout: float = START_TIMEOUT):
        self._spawn(self._command())
        why = self._wait_answering(timeout)
        if why is None:
            return self
        self.stop()
        if why == EXITED:
            raise ServerError(f"{self.name} exited while starting:\n{self.log_tail()}")
        raise ServerError(f"{self.name} did not answer within {timeout}s:\n{self.log_tail()}")

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        self._stop(self.stop_signal, timeout)

    def close(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.work_dir, ignore_errors=True)


class VarnishServer(FrontCache):
    """``varnishd -F`` with a copy of a VCL whose backend port points at a local server.

    Attributes: ``url``, ``port``, ``backend_port``, ``work_dir`` (its ``-n`` directory, also
    holding the VCL copy and ``varnish.log``), ``pid``.
    """

    name = "varnishd"

    def __init__(
        self,
        backend_port: int,
        *,
        port: int | None = None,
        vcl: Path = SHIPPED_VCL,
        storage: str = "malloc,256m",
        params: Sequence[str] = ("default_ttl=120",),
    ):
        binary = varnishd_path()
        if binary is None:
            raise ServerError("varnishd is not installed")
        self.binary = binary
        self.backend_port = backend_port
        self.port = port or free_port()
        self.storage = storage
        self.params = tuple(params)
        self.work_dir = Path(tempfile.mkdtemp(prefix="broadsheet-varnish-"))
        # varnishd drops privileges when started as root: its users must read the VCL.
        self.work_dir.chmod(0o755)
        self.vcl_path = self.work_dir / "broadsheet.vcl"
        self.vcl_path.write_text(vcl_for_backend(backend_port, vcl))
        self.vcl_path.chmod(0o644)
        self.log_path = self.work_dir / "varnish.log"

    def _command(self) -> list[str]:
        command = [
            self.binary,
            "-F",
            "-a",
            f"{HOST}:{self.port}",
            "-f",
            str(self.vcl_path),
            "-n",
            str(self.work_dir / "n"),
            "-s",
            self.storage,
        ]
        for param in self.params:
            command += ["-p", param]
        return command


@contextlib.contextmanager
def varnish_process(
    backend_port: int,
    *,
    port: int | None = None,
    vcl: Path = SHIPPED_VCL,
    storage: str = "malloc,256m",
    params: Sequence[str] = ("default_ttl=120",),
) -> Iterator[VarnishServer]:
    """Varnish on ``port`` (free if None) in front of 127.0.0.1:``backend_port``.

    The VCL is ``vcl`` (the shipped one by default) with only the backend port changed; the
    storage and parameters default to ``make stack``'s. Stopped and its files removed on exit.
    """
    varnish = VarnishServer(backend_port, port=port, vcl=vcl, storage=storage, params=params)
    try:
        varnish.start()
        yield varnish
    finally:
        varnish.close()


# --- the nginx front cache ----------------------------------------------------------------------

NGINX_DIR = REPO_ROOT / "deploy" / "nginx"
NGINX_FILES = ("nginx.conf", "broadsheet-cache.conf", "broadsheet-locations.conf")


def nginx_path() -> str | None:
    """The ``nginx`` binary (on PATH or Debian's /usr/sbin), or None when not installed."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


def nginx_for_backend(
    backend_port: int, port: int, *, tls_port: int | None = None, conf: Path | None = None
) -> str:
    """deploy/nginx/nginx.conf with only its addresses changed (and a TLS listener added).

    The TLS listener uses ``tls.crt`` / ``tls.key`` beside the configuration.
    """
    text = (conf or NGINX_DIR / "nginx.conf").read_text()
    changes = (
        (r"server 127\.0\.0\.1:\d+;", f"server {HOST}:{backend_port};"),
        (r"listen 127\.0\.0\.1:\d+;", f"listen {HOST}:{port};"),
    )
    for pattern, replacement in changes:
        text, count = re.subn(pattern, replacement, text, count=1)
        if count != 1:
            raise ServerError(f"no {pattern!r} in the nginx configuration")
    if tls_port is not None:
        text = text.replace(
            f"listen {HOST}:{port};",
            f"listen {HOST}:{port};\n        listen {HOST}:{tls_port} ssl;\n"
            "        ssl_certificate tls.crt;\n        ssl_certificate_key tls.key;",
        )
    return text


def _self_signed_certificate(directory: Path) -> None:
    """A throwaway certificate for 127.0.0.1 (Debian's openssl)."""
    done = subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            f"/CN={HOST}",
            "-keyout",
            str(directory / "tls.key"),
            "-out",
            str(directory / "tls.crt"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        raise ServerError(f"openssl could not make a certificate:\n{done.stderr}")


class NginxServer(FrontCache):
    """nginx as the front cache (deploy/nginx/, addresses changed) in front of a local server.

    Attributes: ``url``, ``port``, ``tls_url`` (None without TLS), ``backend_port``,
    ``work_dir`` (its prefix: configuration copies, cache, ``nginx.log``), ``pid``.
    """

    name = "nginx"
    stop_signal = signal.SIGQUIT  # nginx's graceful stop

    def __init__(self, backend_port: int, *, port: int | None = None, tls: bool = False):
        binary = nginx_path()
        if binary is None:
            raise ServerError("nginx is not installed")
        self.binary = binary
        self.backend_port = backend_port
        self.port = port or free_port()
        self.tls_port = free_port() if tls else None
        self.work_dir = Path(tempfile.mkdtemp(prefix="broadsheet-nginx-"))
        self.work_dir.chmod(0o755)  # workers run as another user when started as root
        (self.work_dir / "temp").mkdir()
        for name in NGINX_FILES[1:]:
            shutil.copyfile(NGINX_DIR / name, self.work_dir / name)
        if tls:
            _self_signed_certificate(self.work_dir)
        self.conf_path = self.work_dir / "nginx.conf"
        self.conf_path.write_text(
            nginx_for_backend(backend_port, self.port, tls_port=self.tls_port)
        )
        self.log_path = self.work_dir / "nginx.log"

    @property
    def tls_url(self) -> str | None:
        return f"https://{HOST}:{self.tls_port}" if self.tls_port else None

    def _command(self) -> list[str]:
        command = [self.binary, "-p", f"{self.work_dir}/", "-c", str(self.conf_path)]
        return [*command, "-e", str(self.log_path)]


@contextlib.contextmanager
def nginx_front_process(
    backend_port: int, *, port: int | None = None, tls: bool = False
) -> Iterator[NginxServer]:
    """The shipped nginx front cache on ``port`` (free if None) before ``backend_port``.

    ``tls=True`` adds an HTTPS listener (``tls_url``) with a throwaway certificate, in the same
    server block as the plain one, as deploy/nginx/broadsheet.conf has it in production.
    """
    nginx = NginxServer(backend_port, port=port, tls=tls)
    try:
        nginx.start()
        yield nginx
    finally:
        nginx.close()
