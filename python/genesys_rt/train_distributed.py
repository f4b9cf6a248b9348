"""Training on several devices: the train.py loop in N processes started by torchrun, joined by DDP.

Launcher side (``launch``, called by the ``train`` op when ``resolve_processes`` says N > 1):
- writes the op's arguments to ``args.json`` in a scratch folder inside the run directory and starts
  ``python -m torch.distributed.run --standalone --nproc_per_node=N -m genesys_rt.train_distributed args.json``
  (torchrun's module form, on torch 1.13 and 2.x) in the op's own process group, so the supervisor's
  group kill and memory watchdog cover torchrun;
- progress: rank 0 appends one JSON line per progress event to ``progress.jsonl`` (flushed per line);
  the launcher polls the file every POLL_SECONDS and hands each complete new line to the op's
  callback. A file rather than a pipe: design code may print to stdout, and a slow reader never
  blocks training. If the callback raises (the op is cancelled), torchrun gets SIGTERM (it stops its
  ranks), then SIGKILL after TERMINATE_SECONDS, and the error propagates;
- when torchrun exits 0 it returns rank 0's ``result.json`` (the single-process summary, plus
  ``processes``); otherwise it raises DistributedTrainingError with the tail of torchrun's output,
  which is kept in ``run_dir/train-distributed.log``.

Rank side (``main``, run by torchrun in every rank): joins the process group (NCCL on CUDA, each
rank on GPU LOCAL_RANK; gloo on the CPU), then calls ``train.train``, which sees the initialised
group and runs as one rank of it (see train.py's docstring: the same seed and weights everywhere,
DDP, rank r trains on rows [r·B/N, (r+1)·B/N) of the global batch that every rank draws from one
sampler, the loss all-reduced before the divergence check, rank 0 alone writing the checkpoint).
A rank dies with torchrun (PR_SET_PDEATHSIG): torch 2.x starts ranks in sessions of their own,
outside the supervisor's process group.

Ranks talk over loopback TCP (torchrun's rendezvous store, gloo, NCCL's bootstrap). A network
namespace whose loopback is down (a bare ``unshare --net``) cannot host them: ``processes: 0``
(auto) then falls back to one process with a warning, and an explicit N > 1 is refused.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import asdict, replace
from pathlib import Path

import torch
import torch.distributed as dist

from .lm import LMConfig
from .train import TrainConfig, resolve_device, train

POLL_SECONDS = 0.2  # how often the launcher reads new progress lines
MONITOR_SECONDS = 0.5  # how often torchrun checks its ranks (torch 1.13's default, 5 s, delays every exit)
TERMINATE_SECONDS = 60  # torchrun's grace to stop its ranks (it waits 30 s for them itself) before SIGKILL
LOG_FILE = "train-distributed.log"  # torchrun's and the ranks' stdout and stderr, in the run directory
LOG_TAIL_CHARS = 4000
# A rank's exception line as torchrun relays its stderr: "[default1]:ValueError: the dataset's ..."
RANK_ERROR = re.compile(r"^\[default(\d+)\]:((?:[\w.]+\.)?\w*(?:Error|Exception|Interrupt)\b.*)$", re.MULTILINE)
SIOCGIFFLAGS, IFF_UP = 0x8913, 0x1  # Linux ioctl reading an interface's flags, and its "up" bit


class DistributedTrainingError(RuntimeError):
    """torchrun or one of its ranks failed; the message carries the tail of their output."""

    code = "distributed_training_failed"


def loopback_is_up() -> bool:
    """Whether the loopback interface is up; True where this cannot be told (not Linux).

    Reads the flags with an ioctl on an unconnected socket: no packet, and nothing the sandbox's
    network audit hook refuses.
    """
    try:
        import fcntl
        import socket
        import struct
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            request = struct.pack("16sH22x", b"lo", 0)  # struct ifreq: name, then a 24-byte union
            flags = struct.unpack("16sH22x", fcntl.ioctl(probe.fileno(), SIOCGIFFLAGS, request))[1]
        return bool(flags & IFF_UP)
    except (ImportError, OSError):
        return True


def resolve_processes(config: TrainConfig) -> int:
    """How many processes train a run: ``config.processes``, or for 0 (auto) every visible GPU.

    Auto uses the most GPUs that divide the batch, and one process where there is no loopback.
    """
    if config.processes < 0:
        raise ValueError(f"processes must be 0 (auto), 1 or more, not {config.processes}")
    device = resolve_device(config.device)
    if config.processes > 1:
        if config.batch_size % config.processes:
            raise ValueError(f"batch_size {config.batch_size} does not split evenly over {config.processes} processes")
        if device.type == "cuda" and device.index is not None:
            raise ValueError(f"device {config.device!r} names one GPU; use 'cuda' or 'auto' with {config.processes} processes")
        if device.type == "cuda" and torch.cuda.device_count() < config.processes:
            raise ValueError(f"{config.processes} processes need as many GPUs; {torch.cuda.device_count()} are visible")
        return config.processes
    if config.processes == 1 or device.type != "cuda" or device.index is not None:
        return 1
    gpus = torch.cuda.device_count()
    usable = max(count for count in range(1, gpus + 1) if config.batch_size % count == 0)
    if usable < gpus:
        warnings.warn(f"genesys_rt.train_distributed: batch_size {config.batch_size} does not split over {gpus} GPUs; "
                      f"using {usable}")
    if usable > 1 and not loopback_is_up():
        warnings.warn("genesys_rt.train_distributed: the loopback interface is down (network namespace?); "
                      "training on one GPU")
        return 1
    return usable


class ProgressRelay:
    """Hands the complete JSON lines appended to a file since the last ``poll`` to a callback."""

    def __init__(self, path: Path, progress):
        self.path, self.progress, self.offset = path, progress, 0

    def poll(self) -> None:
        if not self.path.exists():
            return
        with open(self.path, "rb") as file:
            file.seek(self.offset)
            chunk = file.read()
        complete = chunk[:chunk.rfind(b"\n") + 1]  # a line still being written waits for the next poll
        self.offset += len(complete)
        for line in complete.splitlines():
            if line.strip():
                self.progress(json.loads(line))


def launch(design, model_config: LMConfig, data_dir, config: TrainConfig, run_dir, processes: int,
           progress=None) -> dict:
    """Trains with ``processes`` ranks under torchrun; returns rank 0's summary plus ``processes``."""
    progress = progress or (lambda event: None)
    if processes < 2:
        raise ValueError(f"launch needs 2 or more processes, not {processes}; call train.train for one")
    if not loopback_is_up():
        raise DistributedTrainingError("the loopback interface is down (a network namespace without lo?), and the "
                                       f"{processes} training processes talk over it; bring lo up or set processes: 1")
    run_dir = Path(run_dir).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".torchrun-", dir=run_dir))
    progress_path, result_path, args_path = scratch / "progress.jsonl", scratch / "result.json", scratch / "args.json"
    args_path.write_text(json.dumps({
        "design": design.to_dict() if hasattr(design, "to_dict") else design, "model": asdict(model_config),
        "dataDir": str(Path(data_dir).resolve()), "train": asdict(replace(config, processes=processes)),
        "runDir": str(run_dir), "progressFile": str(progress_path), "resultFile": str(result_path)}))
    # Each rank's stdout (design code's prints) goes to a file under --log_dir (dropped with the scratch
    # folder); its stderr too, copied with a rank prefix to torchrun's output, so warnings and tracebacks
    # reach the log. Named explicitly because torch 1.13 on Python >= 3.11 cannot parse its defaults
    # ("0", and any value but 1 and 2: IntFlag there no longer iterates zero or combined members).
    command = [sys.executable, "-m", "torch.distributed.run", "--standalone", f"--nproc_per_node={processes}",
               "--redirects=1", "--tee=2", f"--log_dir={scratch / 'logs'}", f"--monitor_interval={MONITOR_SECONDS}",
               "-m", __name__, str(args_path)]
    environment = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[1])
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, environment.get("PYTHONPATH")]))
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    environment.setdefault("OMP_NUM_THREADS", str(max(1, cpus // processes)))  # torchrun would warn and pick 1
    log_path = run_dir / LOG_FILE
    try:
        with open(log_path, "wb") as log:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                       env=environment)
        relay = ProgressRelay(progress_path, progress)
        try:
            while process.poll() is None:
                relay.poll()
                time.sleep(POLL_SECONDS)
            relay.poll()
        except BaseException:
            _terminate(process)
            raise
        if process.returncode != 0 or not result_path.exists():
            output = _read(log_path)
            raise DistributedTrainingError(f"torchrun with {processes} processes exited with status {process.returncode}"
                                           f"{_first_error(output)}; the end of {log_path}:\n{output[-LOG_TAIL_CHARS:]}")
        result = json.loads(result_path.read_text())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result["processes"] = processes
    return result


def _terminate(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(TERMINATE_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()  # its ranks follow through PR_SET_PDEATHSIG
        process.wait()


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError as error:
        return f"(cannot read it: {error})"


def _first_error(output: str) -> str:
    """``: <the exception a rank raised>`` (the first rank's to appear, prefixed ``[defaultN]:``), or ""."""
    match = RANK_ERROR.search(output)
    return f": rank {match.group(1)} raised {match.group(2)}" if match else ""


def _die_with_parent() -> None:
    """SIGKILL this rank when torchrun dies (Linux; elsewhere a no-op)."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # torchrun was gone before the request took effect
        os._exit(1)


def _progress_writer(path: Path):
    def write(event: dict) -> None:
        with open(path, "a") as file:
            file.write(json.dumps(event) + "\n")
    return write


def main(argv: list | None = None) -> None:
    """One rank: ``python -m genesys_rt.train_distributed args.json`` under torchrun (LOCAL_RANK etc. set)."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or "LOCAL_RANK" not in os.environ:
        raise SystemExit("usage: torchrun --nproc_per_node=N -m genesys_rt.train_distributed args.json")
    _die_with_parent()
    args = json.loads(Path(argv[0]).read_text())
    config = TrainConfig.from_dict(args["train"])
    device = resolve_device(config.device, local_rank=int(os.environ["LOCAL_RANK"]))
    if device.type == "cuda":
        torch.cuda.set_device(device)
    dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
    try:
        rank = dist.get_rank()
        result = train(args["design"], LMConfig(**args["model"]), args["dataDir"], replace(config, device=str(device)),
                       args["runDir"], _progress_writer(Path(args["progressFile"])) if rank == 0 else None)
        if rank == 0:
            result_path = Path(args["resultFile"])
            temporary = result_path.with_name(result_path.name + ".tmp")
            temporary.write_text(json.dumps(result))
            os.replace(temporary, result_path)
    finally:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
