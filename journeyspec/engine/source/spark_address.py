"""Where a Spark session lives: a master URL or a Spark Connect address, read, shown safely and probed.

One home for three decisions the Spark route makes before any JVM or gRPC
channel starts:

- what an address prints as: a Spark Connect URL may carry a secret
  (``sc://host:443/;token=dapi...``, Databricks' personal access token), and
  every message, error and log line journeyspec writes shows :func:`shown`
  instead, with the secret's value replaced by ``***``;
- whether the executors share this machine's disk (``local[*]``, or a cluster
  on ``127.0.0.1`` / this host): only then is a relative path resolvable;
- whether the address answers at all, within a bounded time, so an unreachable
  master or Connect server is one JS350 diagnostic in seconds instead of
  Spark's minutes of retries.
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass

#: How long the master or Connect server has to accept a connection before JS350.
PROBE_SECONDS = 10.0
#: Spark Connect's port when an ``sc://`` URL names none (Spark's own default).
CONNECT_PORT = 15002
#: A standalone master's port when a ``spark://`` URL names none (Spark's own default).
MASTER_PORT = 7077

#: URI schemes Spark's own file systems read (on the executors): handed to Spark as written.
SPARK_SCHEMES = ("s3a://", "s3://", "s3n://", "hdfs://", "abfss://", "abfs://", "wasbs://", "gs://", "dbfs:/",
                 "viewfs://", "oss://")

# Parameters of an sc:// URL whose values are secrets (Spark Connect's `token`; the
# header-style parameters managed services use are shown, they hold no secret).
_SECRET = re.compile(r"(;\s*(?:token|password|secret)[^=;]*=)[^;]*", re.IGNORECASE)


@dataclass(frozen=True)
class SparkAddress:
    """A Spark session's address, as the configuration gives it.

    Attributes:
        kind: ``local`` (``local[*]`` and the like: Spark in this process's JVM), ``master``
            (a cluster manager: ``spark://``, ``yarn``, ``k8s://``...) or ``connect`` (``sc://``).
        text: The address as configured (may hold a secret: never print it; print :attr:`shown`).
        hosts: ``(host, port)`` pairs to probe; empty when there is nothing to probe (``local``, ``yarn``).
    """

    kind: str
    text: str
    hosts: tuple[tuple[str, int], ...]

    @property
    def shown(self) -> str:
        """The address with any secret's value replaced by ``***``: safe to print."""
        return shown(self.text)

    @property
    def on_this_machine(self) -> bool:
        """Whether executors read this machine's disk: local mode, or every host is this machine."""
        if self.kind == "local":
            return True
        return bool(self.hosts) and all(_is_this_machine(host) for host, _ in self.hosts)


def shown(address: str) -> str:
    """``address`` with the value of every secret parameter (``;token=...``) replaced by ``***``."""
    return _SECRET.sub(r"\1***", address)


def parse(master: str | None, remote: str | None) -> SparkAddress:
    """The address of the session for ``master`` (default ``local[*]``) or, when given, Connect's ``remote``."""
    if remote:
        return SparkAddress("connect", remote, _connect_hosts(remote))
    master = master or "local[*]"
    if master == "local" or master.startswith("local["):
        return SparkAddress("local", master, ())
    if master.startswith("spark://"):
        hosts = tuple(_host_port(part, MASTER_PORT) for part in master[len("spark://"):].split(","))
        return SparkAddress("master", master, hosts)
    return SparkAddress("master", master, ())  # yarn, k8s://, mesos://: the cluster manager finds itself


def unreachable(address: SparkAddress, seconds: float = PROBE_SECONDS) -> str | None:
    """Why no host of ``address`` accepts a TCP connection within ``seconds``, or None when one does."""
    reasons = []
    for host, port in address.hosts:
        try:
            with socket.create_connection((host, port), timeout=seconds):
                return None
        except TimeoutError:
            reasons.append(f"{host}:{port} did not answer within {seconds:g} s")
        except OSError as error:
            reasons.append(f"{host}:{port}: {error.strerror or error}")
    return "; ".join(reasons) if reasons else None


def _connect_hosts(remote: str) -> tuple[tuple[str, int], ...]:
    if not remote.startswith("sc://"):
        return ()
    authority = remote[len("sc://"):].split("/", 1)[0].split(";", 1)[0]
    return (_host_port(authority, CONNECT_PORT),) if authority else ()


def _host_port(authority: str, default: int) -> tuple[str, int]:
    authority = authority.strip()
    if authority.startswith("["):  # [::1]:15002
        host, _, rest = authority[1:].partition("]")
        port = rest.lstrip(":")
    else:
        host, _, port = authority.rpartition(":") if authority.count(":") == 1 else (authority, "", "")
    return host, int(port) if port.isdigit() else default


def _is_this_machine(host: str) -> bool:
    if host in ("localhost", "127.0.0.1", "::1") or host.startswith("127."):
        return True
    names = {socket.gethostname(), socket.getfqdn()}
    return host in names


__all__ = ["CONNECT_PORT", "MASTER_PORT", "PROBE_SECONDS", "SPARK_SCHEMES", "SparkAddress", "parse", "shown",
           "unreachable"]
