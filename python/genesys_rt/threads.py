"""How many torch threads a process uses.

The orchestrator sets ``OMP_NUM_THREADS`` for every worker: all the cores, or a share of them when
several runs share the machine (at micro sizes one thread per run is fastest: intra-op threads
cost more in synchronisation than they gain). Torch is told explicitly, because some builds
ignore the variable and start one thread (Debian's torch 1.13) or all of them.
"""
from __future__ import annotations

import os

import torch


def available_cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def use_cpus(share: int = 1) -> int:
    """Sets and returns this process's torch threads: its ``OMP_NUM_THREADS`` (else every CPU),
    divided by ``share`` (the processes training side by side on the same cores)."""
    requested = os.environ.get("OMP_NUM_THREADS", "")
    count = int(requested) if requested.isdigit() and int(requested) > 0 else available_cpus()
    threads = max(1, count // share)
    torch.set_num_threads(threads)
    return threads
