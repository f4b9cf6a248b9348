"""Confinement a worker applies to itself before it runs any op.

The orchestrator starts a fresh worker per untrusted op and passes ``--sandbox JSON`` (keys in camelCase,
the TS ``SandboxSpecSchema``). Everything here is irreversible from inside the process: hard rlimits can
only be lowered, and an audit hook cannot be removed once added. C code (ctypes, a spawned ``curl``) can
still reach sockets through the kernel; the TS side closes that gap with a network namespace when the host
allows one (``unshare --net``).
"""
from __future__ import annotations

import atexit
import fcntl
import os
import resource
import shutil
import socket
import struct
import sys
import tempfile
from dataclasses import dataclass
from typing import Optional

MB = 1024 * 1024
# Virtual address space is always larger than resident memory: torch 1.13 maps ~0.8 GB just by being
# imported, and every thread reserves stack and malloc arenas. The RSS watchdog in TS enforces memoryMb
# exactly; RLIMIT_AS is a backstop that turns a runaway allocation into MemoryError between its polls.
MIN_ADDRESS_HEADROOM_MB = 1024
# Enough for torch DataLoader workers sharing tensors by fd; small enough to stop an fd-leak loop.
OPEN_FILES = 4096
# Seconds between the RLIMIT_CPU soft limit (SIGXCPU, catchable) and the hard one (SIGKILL).
CPU_GRACE_SECONDS = 2

# Socket audit events that reach the network. Local IPC (AF_UNIX) stays allowed: multiprocessing and
# torch share tensors through unix sockets.
ADDRESS_EVENTS = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"})
NAME_LOOKUP_EVENTS = frozenset({"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                                "socket.getnameinfo"})
# ioctl requests of <linux/sockios.h> to read and set an interface's flags.
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1


@dataclass
class SandboxSpec:
    memory_mb: Optional[int] = None     # resident memory budget of the whole op (MB); None = unlimited
    cpu_seconds: Optional[int] = None   # CPU time of this process, all threads summed (s); None = unlimited
    allow_network: bool = False
    workdir: Optional[str] = None       # scratch directory; a fresh temp dir when None
    gpu: bool = False                   # CUDA reserves tens of GB of virtual space, so no RLIMIT_AS then

    @classmethod
    def from_json(cls, data: dict) -> "SandboxSpec":
        return cls(memory_mb=data.get("memoryMb"), cpu_seconds=data.get("cpuSeconds"),
                   allow_network=bool(data.get("allowNetwork", False)), workdir=data.get("workdir"),
                   gpu=bool(data.get("gpu", False)))


def apply_sandbox(spec: SandboxSpec) -> dict:
    """Confine this process; returns what was applied, for the worker's ready line."""
    limits = {"core": _set_limit(resource.RLIMIT_CORE, 0),
              "nofile": _set_limit(resource.RLIMIT_NOFILE, OPEN_FILES)}
    if spec.memory_mb is not None and not spec.gpu:
        address_mb = max(spec.memory_mb + MIN_ADDRESS_HEADROOM_MB, 2 * spec.memory_mb)
        limits["as"] = _set_limit(resource.RLIMIT_AS, address_mb * MB)
    if spec.cpu_seconds is not None:
        limits["cpu"] = _set_limit(resource.RLIMIT_CPU, spec.cpu_seconds, spec.cpu_seconds + CPU_GRACE_SECONDS)
    workdir = spec.workdir
    if workdir is None:   # run by hand; the TS supervisor always passes (and later removes) its own
        workdir = tempfile.mkdtemp(prefix="genesys-sandbox-")
        atexit.register(shutil.rmtree, workdir, ignore_errors=True)
    os.makedirs(workdir, exist_ok=True)
    os.chdir(workdir)
    loopback = None
    if not spec.allow_network:
        loopback = _bring_loopback_up()
        sys.addaudithook(_deny_network)
    return {"rlimits": limits, "network": "allowed" if spec.allow_network else "audit-hook",
            "loopback": loopback, "workdir": workdir}


def _bring_loopback_up() -> bool:
    """A fresh network namespace starts with loopback down; multi-process training (torchrun's
    rendezvous, gloo) needs it. Best effort: outside a namespace it is already up."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            request = struct.pack("16sh", b"lo", 0)
            flags = struct.unpack("16sh", fcntl.ioctl(probe, SIOCGIFFLAGS, request))[1]
            if not flags & IFF_UP:
                fcntl.ioctl(probe, SIOCSIFFLAGS, struct.pack("16sh", b"lo", flags | IFF_UP))
            return True
    except OSError:
        return False


def _set_limit(kind: int, soft: int, hard: Optional[int] = None) -> int:
    """Set soft and hard limit (never above the current hard limit, which an unprivileged process cannot raise)."""
    hard = soft if hard is None else hard
    _, current_hard = resource.getrlimit(kind)
    if current_hard != resource.RLIM_INFINITY:
        soft, hard = min(soft, current_hard), min(hard, current_hard)
    resource.setrlimit(kind, (soft, hard))
    return soft


def _deny_network(event: str, args: tuple) -> None:
    # Called for every audited event in the process: keep the common path to one set lookup.
    if event in NAME_LOOKUP_EVENTS:
        raise PermissionError(f"network access is disabled in the sandbox ({event})")
    if event in ADDRESS_EVENTS and getattr(args[0], "family", None) != socket.AF_UNIX:
        raise PermissionError(f"network access is disabled in the sandbox ({event} {args[1]!r})")
