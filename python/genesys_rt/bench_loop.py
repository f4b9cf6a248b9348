"""Overhead of our training loop: ``train()`` tokens/s against a minimal hand-written loop.

Both train the same design at the same size on the same synthetic shards, with the same batch
shape, AdamW and gradient clipping; the plain loop has no sampler state, checkpoints, divergence
checks or progress events. Throughput is tokens per step over the MEDIAN step time (ours: the
time between progress events at ``log_every=1``, so everything the loop does counts), because
other processes on a shared machine add bursts that a whole-run average would absorb. The
first step (allocator warm-up) is excluded, and runs are interleaved. Goal: ours >= 0.95 x plain.
"""
from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

import torch

from .lm import LMConfig
from .shards import BatchSampler, open_dataset, write_dataset
from .threads import use_cpus
from .train import TrainConfig, build_model, next_token_loss, resolve_device, train

DEFAULT_DESIGN = Path(__file__).resolve().parents[2] / "library" / "gpt"


def _synthetic_dataset(directory: Path, tokens: int, seed: int) -> Path:
    """Byte-level shards of random printable text (vocab 257, EOS 256)."""
    rng = random.Random(seed)
    documents = [[rng.randrange(32, 127) for _ in range(rng.randrange(50, 500))] for _ in range(tokens // 250 + 1)]
    return write_dataset(directory, {"train": documents, "val": documents[:2], "test": documents[:2]}, 257, 256)


def _median(values: list) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def plain_loop(design, model_config: LMConfig, data_dir, config: TrainConfig) -> list:
    """Step end times of the simplest loop that trains the same thing (no checkpoints, no checks)."""
    device = resolve_device(config.device)
    model = build_model(design, model_config, config.seed, device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr, betas=config.betas)
    sampler = BatchSampler(open_dataset(data_dir, splits=("train",)).splits["train"], config.seq_len,
                           config.batch_size, config.seed)
    model.train()
    ends = []
    for _ in range(config.total_steps):
        batch = sampler.next_batch().to(device)  # (B, T + 1)
        optimizer.zero_grad(set_to_none=True)
        next_token_loss(model, batch).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), config.grad_clip)
        optimizer.step()
        if device.type == "cuda":
            torch.cuda.synchronize()
        ends.append(time.perf_counter())
    return ends


def bench_train(design=None, d_model: int = 128, n_block: int = 2, seq_len: int = 128, batch_size: int = 8,
                steps: int = 30, repeats: int = 3, device: str = "cpu", seed: int = 0) -> dict:
    """``{ours, plain, ratio}`` in tokens/s (best of ``repeats`` interleaved runs each)."""
    use_cpus()
    design = design or str(DEFAULT_DESIGN)
    if isinstance(design, str):
        from .design import load_design
        design = load_design(design)
    model_config = LMConfig(vocab_size=257, d_model=d_model, n_block=n_block)
    ours, plain = [], []
    with tempfile.TemporaryDirectory() as scratch:
        data_dir = _synthetic_dataset(Path(scratch) / "data", steps * batch_size * (seq_len + 1), seed)
        config = TrainConfig(seq_len=seq_len, batch_size=batch_size, total_tokens=steps * batch_size * seq_len,
                             lr=1e-3, seed=seed, checkpoint_every=10 * steps, log_every=1, device=device)
        tokens_per_step = batch_size * seq_len

        def rate(ends: list) -> float:
            return tokens_per_step / _median([b - a for a, b in zip(ends, ends[1:])])

        for repeat in range(repeats):
            plain.append(rate(plain_loop(design, model_config, data_dir, config)))
            ends = []
            run_dir = Path(scratch) / f"run-{repeat}"  # a fresh directory: no resume
            train(design, model_config, data_dir, config, run_dir, lambda event: ends.append(time.perf_counter()))
            ours.append(rate(ends))
    best_ours, best_plain = max(ours), max(plain)
    return {"ours": best_ours, "plain": best_plain, "ratio": best_ours / best_plain, "oursRuns": ours,
            "plainRuns": plain, "threads": torch.get_num_threads(), "device": str(resolve_device(device)),
            "config": {"dModel": d_model, "nBlock": n_block, "seqLen": seq_len, "batchSize": batch_size, "steps": steps}}
