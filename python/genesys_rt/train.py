"""Training one design at one size on packed token shards, resumable, stopping on divergence.

The loop reads top to bottom like nanoGPT's train.py: build the model, the optimizer and the
sampler; resume from ``run_dir/checkpoint.pt`` if there is one; then per step: fetch a batch,
set the learning rate, forward/backward over micro batches, clip, step, log, checkpoint.

Choices (see also docs/verification.md):
- Data: random windows of seq_len + 1 tokens of the packed stream (shards.BatchSampler); no
  padding, so no loss on padding. The sampler position is in the checkpoint.
- Weight decay applies to every parameter with two or more dimensions (matmul weights, and the
  tied embedding/head, which is a matmul weight too), never to biases, norm gains or other
  vectors, whose scale decay would only pull toward zero (nanoGPT's rule).
- Precision: fp32 on CPU; on CUDA, bf16 autocast over fp32 master weights and fp32 Adam state
  (the original trained in pure bf16 and lost small updates at the low-LR tail).
- Divergence: a NaN/Inf loss or gradient norm stops at once; after warmup, a step whose loss
  exceeds the first step's by DIVERGENCE_NATS stops too. The diverged state is never saved, so
  the last checkpoint stays the last good one.
- Several devices: ``train`` is the loop of one process. When a ``torch.distributed`` process
  group is initialised (train_distributed.py starts N ranks through torchrun), the same loop
  runs on every rank with these differences: the model is wrapped in DistributedDataParallel;
  every rank draws the same global batch from one sampler seeded like a single-process run and
  trains on its own slice of ``batch_size / N`` rows (so N processes see exactly the batches
  one process would, and a checkpoint resumes under either); the loss is all-reduced before
  the divergence check so all ranks stop on the same step; rank 0 alone writes checkpoints.
  ``TrainConfig.processes`` is read by the ``train`` op (ops.py), which picks the launcher.
"""
from __future__ import annotations

import contextlib
import inspect
import math
import os
import resource
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.distributed as dist
import torch.nn.functional as F

from . import compat
from .lm import GenesysLM, LMConfig, count_parameters
from .shards import BatchSampler, open_dataset
from .sizing import load_block
from .threads import use_cpus

CHECKPOINT_FILE = "checkpoint.pt"
DIVERGENCE_NATS = 3.0  # a loss this far above the first step's, after warmup, is divergence
MAX_CURVE_POINTS = 256  # the loss curve is thinned to stay under this many points
FINAL_LOSS_STEPS = 10  # finalLoss is the mean training loss of the last this-many steps


@dataclass
class TrainConfig:
    seq_len: int = 512
    batch_size: int = 8  # sequences per optimizer step (split into micro batches if micro_batch is set)
    total_tokens: int = 1_000_000  # steps = ceil(total_tokens / (batch_size * seq_len))
    lr: float = 1e-3  # peak learning rate (the original used 1e-3 up to 70M)
    warmup_fraction: float = 0.02  # linear warmup over this share of the steps (as the original)
    min_lr_ratio: float = 0.1  # cosine decays to this share of the peak (as the original)
    weight_decay: float = 0.0  # the original used 0; applied only to >= 2-D weights when set
    betas: tuple = (0.9, 0.999)  # HF AdamW defaults, as the original
    grad_clip: float = 1.0  # max global gradient norm; 0 disables clipping
    seed: int = 42
    checkpoint_every: int = 200  # steps; the last step always checkpoints
    device: str = "auto"  # "auto": CUDA if available, else CPU
    precision: str = "auto"  # "auto" | "fp32" | "bf16" (bf16 autocast, fp32 master weights)
    compile: bool = False  # torch.compile where torch has it; ignored with a warning otherwise
    micro_batch: int = 0  # sequences per forward/backward (gradient accumulation); 0: the whole batch
    log_every: int = 10  # steps between progress events
    # Processes sharing the run through torchrun/DDP, one per GPU: 0 = auto (every visible GPU
    # when the device is CUDA, else 1), 1 = this process alone, N > 1 = N ranks (gloo on the CPU,
    # for tests). batch_size is the global batch and must divide by N; micro_batch is per process.
    processes: int = 0

    @classmethod
    def from_dict(cls, data: dict | None) -> "TrainConfig":
        data = dict(data or {})
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown train options: {', '.join(sorted(unknown))}")
        if "betas" in data:
            data["betas"] = tuple(data["betas"])
        return cls(**data)

    @property
    def total_steps(self) -> int:
        return max(1, math.ceil(self.total_tokens / (self.batch_size * self.seq_len)))

    @property
    def warmup_steps(self) -> int:
        return int(round(self.warmup_fraction * self.total_steps))


def learning_rate(step: int, config: TrainConfig) -> float:
    """Linear warmup to the peak over warmup_steps, then cosine down to min_lr_ratio * peak at the last step."""
    warmup, total = config.warmup_steps, config.total_steps
    if step < warmup:
        return config.lr * (step + 1) / warmup
    floor = config.lr * config.min_lr_ratio
    progress = (step - warmup) / max(1, total - 1 - warmup)  # 0 at the first step after warmup, 1 at the last
    return floor + 0.5 * (1 + math.cos(math.pi * min(1.0, progress))) * (config.lr - floor)


def resolve_device(name: str, local_rank: int | None = None) -> torch.device:
    """``auto``: CUDA if available, else CPU. A rank (``local_rank`` set) gets GPU ``local_rank``."""
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device(name)
    if local_rank is not None and device.type == "cuda":
        return torch.device("cuda", local_rank)
    return device


def resolve_precision(name: str, device: torch.device) -> str:
    if name == "auto":
        return "bf16" if device.type == "cuda" and torch.cuda.is_bf16_supported() else "fp32"
    if name not in ("fp32", "bf16"):
        raise ValueError(f"precision must be auto, fp32 or bf16, not {name!r}")
    return name


def autocast(device: torch.device, precision: str):
    if precision == "bf16":
        return torch.autocast(device_type=device.type, dtype=torch.bfloat16)
    return contextlib.nullcontext()


def build_model(design, config: LMConfig, seed: int, device: torch.device) -> GenesysLM:
    """The design's LM, initialised from ``seed`` (same seed, same weights)."""
    compat.install()
    block_class, block_args = load_block(design)
    torch.manual_seed(seed)
    return GenesysLM(config, block_class, block_args).to(device)


def make_optimizer(model: torch.nn.Module, config: TrainConfig, device: torch.device) -> torch.optim.AdamW:
    decay = [p for p in model.parameters() if p.requires_grad and p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.requires_grad and p.dim() < 2]
    groups = [{"params": decay, "weight_decay": config.weight_decay},
              {"params": no_decay, "weight_decay": 0.0}]
    extra = {}
    if device.type == "cuda" and "fused" in inspect.signature(torch.optim.AdamW).parameters:
        extra["fused"] = True
    return torch.optim.AdamW(groups, lr=config.lr, betas=config.betas, **extra)


def next_token_loss(model, batch: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy of predicting batch[:, 1:] from batch[:, :-1]; batch is (B, T + 1)."""
    logits = model(batch[:, :-1])  # (B, T, V)
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), batch[:, 1:].reshape(-1))


def _is_out_of_memory(error: Exception) -> bool:
    oom_type = getattr(torch.cuda, "OutOfMemoryError", None)
    return (oom_type is not None and isinstance(error, oom_type)) or "out of memory" in str(error)


def _rng_state(device: torch.device) -> dict:
    state = {"cpu": torch.get_rng_state()}
    if device.type == "cuda":
        state["cuda"] = torch.cuda.get_rng_state(device)
    return state


def _set_rng_state(state: dict, device: torch.device) -> None:
    torch.set_rng_state(state["cpu"])
    if device.type == "cuda" and "cuda" in state:
        torch.cuda.set_rng_state(state["cuda"], device)


def _peak_memory_bytes(device: torch.device) -> int:
    if device.type == "cuda":
        return int(torch.cuda.max_memory_allocated(device))
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


class LossCurve:
    """(step, mean loss since the previous point), thinned by doubling the stride when full."""

    def __init__(self, stride: int):
        self.points, self.stride, self.pending = [], max(1, stride), []

    def add(self, step: int, loss: float, last: bool) -> None:
        self.pending.append(loss)
        if step % self.stride == 0 or last:
            self.points.append([step, sum(self.pending) / len(self.pending)])
            self.pending = []
        if len(self.points) > MAX_CURVE_POINTS:
            self.stride *= 2
            self.points = [p for p in self.points[:-1] if p[0] % self.stride == 0] + self.points[-1:]

    def state(self) -> dict:
        return {"points": self.points, "stride": self.stride, "pending": self.pending}

    def load_state(self, state: dict) -> None:
        self.points, self.stride, self.pending = state["points"], state["stride"], state["pending"]


def save_checkpoint(path: Path, state: dict) -> None:
    """Writes to ``<path>.tmp`` and renames, so a crash mid-write never leaves a broken checkpoint."""
    temporary = path.with_name(path.name + ".tmp")
    torch.save(state, temporary)
    os.replace(temporary, path)


def load_checkpoint(path) -> dict:
    """A checkpoint's state, on the CPU.

    Full unpickling (``weights_only=False`` where torch has the switch, since torch >= 2.6 defaults to
    True and torch 1.13's safe unpickler rejects plain floats): checkpoints are written and read by
    the same sandboxed op processes, never taken from elsewhere.
    """
    full = {"weights_only": False} if "weights_only" in inspect.signature(torch.load).parameters else {}
    return torch.load(path, map_location="cpu", **full)


def process_rank() -> tuple:
    """(rank, world size) of this process: (0, 1) unless a torch.distributed process group is up."""
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def _parameters_without_gradient(model, seq_len: int, device: torch.device, precision: str) -> list:
    """Names of parameters one forward/backward leaves without a gradient (DDP must be told of them)."""
    tokens = torch.zeros(1, seq_len + 1, dtype=torch.long, device=device)  # (1, T + 1)
    with autocast(device, precision):
        next_token_loss(model, tokens).backward()
    names = [name for name, parameter in model.named_parameters() if parameter.requires_grad and parameter.grad is None]
    model.zero_grad(set_to_none=True)
    return names


def _data_parallel(model, seq_len: int, device: torch.device, precision: str):
    """``model`` in DistributedDataParallel; the probe pass keeps this process's RNG stream untouched."""
    rng = _rng_state(device)
    unused = _parameters_without_gradient(model, seq_len, device, precision)
    _set_rng_state(rng, device)
    if unused:  # designs may carry parameters their forward never uses; DDP would wait for their gradients
        warnings.warn(f"genesys_rt.train: {len(unused)} parameters get no gradient ({', '.join(unused[:3])}"
                      f"{', ...' if len(unused) > 3 else ''}); DDP searches for unused parameters every step")
    # broadcast_buffers=False: buffers (rotary tables, masks) are built identically on every rank.
    return torch.nn.parallel.DistributedDataParallel(
        model, device_ids=[device.index] if device.type == "cuda" else None, broadcast_buffers=False,
        find_unused_parameters=bool(unused))


def train(design, model_config: LMConfig, data_dir, train_config: TrainConfig, run_dir, progress=None) -> dict:
    """Trains a design (``Design`` or dict) and returns the summary documented in docs/verification.md.

    Alone, or as one rank of an initialised process group (train_distributed.py starts those; each
    rank calls this with its device in ``train_config.device``, and only rank 0 passes ``progress``).
    """
    started = time.perf_counter()
    progress = progress or (lambda event: None)
    config = train_config
    rank, world = process_rank()
    use_cpus(share=world)
    device = resolve_device(config.device)
    precision = resolve_precision(config.precision, device)
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    checkpoint_path = run_dir / CHECKPOINT_FILE
    total_steps = config.total_steps
    tokens_per_step = config.batch_size * config.seq_len
    if config.batch_size % world:
        raise ValueError(f"batch_size {config.batch_size} does not split evenly over {world} processes")
    rows = slice(rank * config.batch_size // world, (rank + 1) * config.batch_size // world)  # this rank's share

    # ---- model, optimizer, data
    dataset = open_dataset(data_dir, splits=("train",))
    if dataset.vocab_size != model_config.vocab_size:
        raise ValueError(f"the dataset's vocabulary has {dataset.vocab_size} tokens, the model {model_config.vocab_size}")
    model = build_model(design, model_config, config.seed, device)  # the same weights on every rank
    params = count_parameters(model)["total"]
    if world > 1:
        torch.manual_seed(config.seed + rank)  # ranks draw different dropout masks
    optimizer = make_optimizer(model, config, device)
    # The global batch: every rank draws all of it from the same stream and keeps its rows.
    sampler = BatchSampler(dataset.splits["train"], config.seq_len, config.batch_size, config.seed)
    step, first_loss, recent = 0, None, []
    curve = LossCurve(max(1, total_steps // MAX_CURVE_POINTS))
    micro_batch = config.micro_batch or (rows.stop - rows.start)
    oom_retries = []

    # ---- resume (every rank reads the same checkpoint)
    if checkpoint_path.exists():
        checkpoint = load_checkpoint(checkpoint_path)
        if checkpoint["model_config"] != asdict(model_config) or checkpoint["total_steps"] != total_steps:
            raise ValueError(f"{checkpoint_path} is from another run (model {checkpoint['model_config']}, "
                             f"{checkpoint['total_steps']} steps); use a fresh run directory")
        model.load_state_dict(checkpoint["model"])
        optimizer.load_state_dict(checkpoint["optimizer"])
        sampler.load_state(checkpoint["sampler"])
        curve.load_state(checkpoint["curve"])
        rank_rng = checkpoint.get("rank_rng")  # per-rank RNG states of a distributed run
        _set_rng_state(rank_rng[rank] if rank_rng and len(rank_rng) == world else checkpoint["rng"], device)
        step, first_loss, recent = checkpoint["step"], checkpoint["first_loss"], checkpoint["recent_losses"]
        micro_batch = min(micro_batch, checkpoint["micro_batch"])

    def checkpoint_state(rank_rng: list | None) -> dict:
        state = {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "step": step,
                 "total_steps": total_steps, "model_config": asdict(model_config), "train_config": asdict(config),
                 "sampler": sampler.state(), "curve": curve.state(), "rng": _rng_state(device),
                 "first_loss": first_loss, "recent_losses": recent, "micro_batch": micro_batch}
        if rank_rng is not None:
            state["rank_rng"] = rank_rng
        return state

    replica = _data_parallel(model, config.seq_len, device, precision) if world > 1 else model
    forward_model = replica
    if config.compile:
        if hasattr(torch, "compile"):
            forward_model = torch.compile(replica)
        else:
            warnings.warn("genesys_rt.train: this torch has no torch.compile; training uncompiled")

    # ---- the loop
    status, reason = "completed", None
    resumed_at = step
    steady_start, steady_tokens = None, 0  # throughput excludes the first step (allocator warm-up, compile)
    model.train()
    while step < total_steps:
        batch = sampler.next_batch()[rows].to(device, non_blocking=True)  # (B / world, T + 1)
        lr = learning_rate(step, config)
        for group in optimizer.param_groups:
            group["lr"] = lr
        while True:
            try:
                optimizer.zero_grad(set_to_none=True)
                loss_sum = 0.0
                micros = batch.split(micro_batch)
                for index, micro in enumerate(micros):
                    # DDP all-reduces gradients in the last micro batch's backward only.
                    last = index == len(micros) - 1
                    with contextlib.nullcontext() if world == 1 or last else replica.no_sync():
                        with autocast(device, precision):
                            loss = next_token_loss(forward_model, micro)
                        (loss * (micro.shape[0] / batch.shape[0])).backward()
                    loss_sum += loss.item() * micro.shape[0]
                break
            except RuntimeError as error:
                if device.type != "cuda" or not _is_out_of_memory(error) or micro_batch == 1:
                    raise
                if world > 1:  # a rank cannot shrink its micro batch alone: the ranks' all-reduces would part
                    raise RuntimeError(f"out of memory at {micro_batch} sequences per forward on rank {rank}; "
                                       f"set train.microBatch lower") from error
            # Out of memory: retried here, outside the except block, so the failed step's
            # traceback (which holds its activations) is already released.
            loss = None
            optimizer.zero_grad(set_to_none=True)
            torch.cuda.empty_cache()
            micro_batch //= 2
            oom_retries.append({"step": step, "microBatch": micro_batch})
        loss_value = loss_sum / batch.shape[0]
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip or float("inf"))
        grad_finite = math.isfinite(grad_norm.item())
        if world > 1:
            # The global mean loss, and any rank's non-finite gradient: every rank decides on the
            # same numbers, so all stop (or go on) at the same step.
            totals = torch.tensor([loss_sum, float(batch.shape[0]), float(not grad_finite)],
                                  dtype=torch.float64, device=device)
            dist.all_reduce(totals)
            loss_value, grad_finite = (totals[0] / totals[1]).item(), totals[2].item() == 0

        if first_loss is None:
            first_loss = loss_value
        if not math.isfinite(loss_value):
            status, reason = "diverged", f"loss is {loss_value} at step {step + 1}"
            break
        if not grad_finite:
            status, reason = "diverged", f"gradient norm is {grad_norm.item()} at step {step + 1} (loss {loss_value:.3f})"
            break
        if step >= config.warmup_steps and loss_value > first_loss + DIVERGENCE_NATS:
            status, reason = "diverged", (f"loss {loss_value:.3f} at step {step + 1} is more than {DIVERGENCE_NATS} "
                                          f"nats above the first step's {first_loss:.3f}")
            break
        optimizer.step()
        step += 1
        recent = (recent + [loss_value])[-FINAL_LOSS_STEPS:]
        curve.add(step, loss_value, last=step == total_steps)

        if device.type == "cuda":
            torch.cuda.synchronize()
        if steady_start is None:
            steady_start = time.perf_counter()
        else:
            steady_tokens += tokens_per_step
        if step % config.checkpoint_every == 0 or step == total_steps:
            rank_rng = None
            if world > 1:  # a collective: every rank takes part, rank 0 writes
                rank_rng = [None] * world
                dist.all_gather_object(rank_rng, _rng_state(device))
            if rank == 0:
                save_checkpoint(checkpoint_path, checkpoint_state(rank_rng))
        if step % config.log_every == 0 or step == total_steps:
            elapsed = time.perf_counter() - steady_start
            rate = steady_tokens / elapsed if steady_tokens else None
            progress({"step": step, "totalSteps": total_steps, "loss": loss_value, "lr": lr,
                      "tokensPerSecond": rate,
                      "etaSeconds": (total_steps - step) * tokens_per_step / rate if rate else None})

    elapsed = time.perf_counter() - steady_start if steady_start is not None else 0.0
    peak_memory = _peak_memory_bytes(device)
    if world > 1:  # the largest process's peak
        peaks = torch.tensor([peak_memory], dtype=torch.float64, device=device)
        dist.all_reduce(peaks, op=dist.ReduceOp.MAX)
        peak_memory = int(peaks.item())
    result = {
        "status": status, "reason": reason, "steps": step, "tokens": step * tokens_per_step,
        "finalLoss": sum(recent) / len(recent) if recent else None, "curve": curve.points,
        "tokensPerSecond": steady_tokens / elapsed if steady_tokens else None,
        "wallSeconds": time.perf_counter() - started, "peakMemoryBytes": peak_memory,
        "device": str(device), "precision": precision, "dModel": model_config.d_model,
        "nBlock": model_config.n_block, "params": params, "microBatch": micro_batch, "oomRetries": oom_retries,
        "resumedFromStep": resumed_at, "processes": world,
    }
    if checkpoint_path.exists():
        result["checkpoint"] = str(checkpoint_path)
    return result
