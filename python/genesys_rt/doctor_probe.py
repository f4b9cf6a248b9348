"""What `genesys doctor` needs to know about this interpreter's torch, as one JSON line on stdout.

Run as a script (``python doctor_probe.py``), not through the package, so it reports a missing or
broken torch instead of failing to import. Reports the torch version, its BLAS, the threads a
training run gets (``genesys_rt.threads.use_cpus``), the GPUs, and
matmul throughput: fp32 on the CPU, and bf16 on the first GPU when there is one.
"""
from __future__ import annotations

import json
import re
import sys
import time


def throughput(matmul, flops: float, seconds: float = 0.3) -> float:
    """Operations per second of ``matmul`` (warmed up once), timed over at least ``seconds``."""
    matmul()
    runs, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        matmul()
        runs += 1
    return flops * runs / (time.perf_counter() - started)


def cpu_matmul(torch, size: int = 1024) -> float:
    a, b = torch.randn(size, size), torch.randn(size, size)
    return throughput(lambda: a @ b, 2 * size**3) / 1e9


def gpu_matmul(torch, size: int = 4096) -> float:
    a = torch.randn(size, size, device="cuda", dtype=torch.bfloat16)
    b = torch.randn(size, size, device="cuda", dtype=torch.bfloat16)

    def run():
        a @ b
        torch.cuda.synchronize()

    return throughput(run, 2 * size**3) / 1e12


def blas_name(torch) -> str:
    """The BLAS torch was built against ("generic" on Debian: the system libblas, e.g. OpenBLAS)."""
    found = re.search(r"BLAS_INFO=([^,\s]+)", torch.__config__.show())
    return found.group(1) if found else "unknown"


def main() -> dict:
    info = {"python": sys.executable, "pythonVersion": "%d.%d.%d" % sys.version_info[:3]}
    try:
        import torch
    except Exception as error:  # a broken install raises more than ImportError
        info["torchError"] = "%s: %s" % (type(error).__name__, error)
        return info
    # torch imports, so the package does too (the orchestrator puts it on PYTHONPATH).
    from genesys_rt.threads import available_cpus, use_cpus

    info.update(torch=torch.__version__, blas=blas_name(torch), threads=use_cpus(), cpus=available_cpus())
    info["cudaAvailable"] = torch.cuda.is_available()
    info["cudaVersion"] = torch.version.cuda
    info["gpus"] = [
        {"name": torch.cuda.get_device_name(index), "memoryGiB": round(torch.cuda.get_device_properties(index).total_memory / 2**30, 1)}
        for index in range(torch.cuda.device_count())
    ] if info["cudaAvailable"] else []
    if "--no-bench" not in sys.argv:
        info["cpuGflops"] = round(cpu_matmul(torch), 1)
        if info["cudaAvailable"]:
            info["gpuBf16Tflops"] = round(gpu_matmul(torch), 1)
    return info


if __name__ == "__main__":
    print(json.dumps(main()))
