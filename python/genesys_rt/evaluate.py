"""Evaluating TRAINED weights: held-out loss and bits per byte, and tokenized benchmark tasks.

The original built a fresh model for evaluation and never loaded the checkpoint, so every
score it stored was of an untrained model. Here the checkpoint is loaded strictly (a missing
or unexpected weight is an error); only an explicit random baseline (``checkpoint_path=None``)
scores freshly initialised weights, from a fixed seed.

Scoring follows lm-eval's log-likelihood tasks (docs/verification.md has the item format):
- ``choice``: acc = argmax_i Σ log p(continuation_i | context_i); acc_norm divides each sum by
  the continuation's UTF-8 bytes.
- ``pair``: acc = the good sentence (option 0) has the higher log-likelihood.
- ``cloze``: acc = greedy decoding reproduces every continuation token; perplexity =
  exp(-mean over items of the continuation's summed log-likelihood), as lm-eval's lambada.
Requests are sorted by length and batched, padded on the right (a causal model's earlier
positions never see the padding), and contexts longer than the model's window are cut from the left.
"""
from __future__ import annotations

import json
import math
import time
from pathlib import Path

import torch

from .lm import LMConfig, count_parameters
from .shards import held_out_batches, open_dataset
from .threads import use_cpus
from .train import build_model, load_checkpoint, resolve_device

RANDOM_SEED = 1234  # the random baseline's init seed (lm-eval's default seed)
DEFAULT_MAX_LENGTH = 1024  # window for a random baseline; a checkpoint brings its training seq_len
LOGIT_BUDGET = 1 << 26  # logits (floats) per forward batch, ~256 MiB in fp32
MAX_BATCH_SEQUENCES = 64


def load_trained_model(design, model_config: LMConfig, checkpoint_path, device) -> tuple:
    """(model, training seq_len) with the checkpoint's weights loaded strictly."""
    path = Path(checkpoint_path)
    if not path.is_file():
        raise FileNotFoundError(f"checkpoint {path} does not exist; evaluate a trained run or pass random=True")
    checkpoint = load_checkpoint(path)
    saved = checkpoint.get("model_config", {})
    if saved and (saved.get("d_model"), saved.get("n_block"), saved.get("vocab_size")) != \
            (model_config.d_model, model_config.n_block, model_config.vocab_size):
        raise ValueError(f"checkpoint {path} is for d_model={saved.get('d_model')}, n_block={saved.get('n_block')}, "
                         f"vocab={saved.get('vocab_size')}; asked for {model_config}")
    model = build_model(design, model_config, RANDOM_SEED, device)
    model.load_state_dict(checkpoint["model"], strict=True)
    return model, checkpoint.get("train_config", {}).get("seq_len")


def _batch_size(length: int, vocab_size: int) -> int:
    return max(1, min(MAX_BATCH_SEQUENCES, LOGIT_BUDGET // max(1, length * vocab_size)))


@torch.no_grad()
def held_out_loss(model, split, max_length: int, max_tokens: int | None, device) -> dict:
    """Summed next-token loss over sequential windows of a held-out split."""
    nats, tokens = 0.0, 0
    batch_size = _batch_size(max_length, model.config.vocab_size)
    for batch in held_out_batches(split, max_length, batch_size, max_tokens):
        batch = batch.to(device)  # (B, T + 1)
        logits = model(batch[:, :-1]).float()  # (B, T, V)
        nats += torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1),
                                                  reduction="sum").item()
        tokens += batch[:, 1:].numel()
    assert tokens > 0, f"the {split.name} split has no tokens to evaluate"
    # Bytes of the evaluated share of the split: meta counts the split's bytes, not per window.
    evaluated_bytes = split.bytes * tokens / max(1, split.tokens - 1)
    return {"loss": nats / tokens, "bitsPerByte": nats / math.log(2) / evaluated_bytes if evaluated_bytes else None,
            "tokens": tokens}


@torch.no_grad()
def score_requests(model, requests: list, max_length: int, vocab_size: int, device) -> list:
    """(Σ log p(continuation | context), greedy-matches-all) for each (context, continuation) pair."""
    prepared = []
    for index, (context, continuation) in enumerate(requests):
        assert continuation, f"request {index} has an empty continuation"
        tokens = (list(context) + list(continuation))[-(max_length + 1):]  # cut the context from the left
        scored = min(len(continuation), len(tokens) - 1)
        prepared.append((index, tokens, scored))
    prepared.sort(key=lambda entry: -len(entry[1]))  # longest first: equal lengths share batches
    results = [None] * len(requests)
    position = 0
    while position < len(prepared):
        longest = len(prepared[position][1]) - 1
        chunk = prepared[position: position + _batch_size(longest, vocab_size)]
        position += len(chunk)
        inputs = torch.zeros(len(chunk), longest, dtype=torch.long)  # right-padded with token 0
        for row, (_, tokens, _) in enumerate(chunk):
            inputs[row, : len(tokens) - 1] = torch.tensor(tokens[:-1])
        log_probs_all = model(inputs.to(device)).float().log_softmax(-1).cpu()  # (B, T, V)
        for row, (index, tokens, scored) in enumerate(chunk):
            end = len(tokens) - 1
            log_probs = log_probs_all[row, end - scored: end]  # (scored, V): positions predicting the continuation
            targets = torch.tensor(tokens[-scored:])
            total = log_probs.gather(-1, targets[:, None]).sum().item()
            results[index] = (total, bool((log_probs.argmax(-1) == targets).all()))
    return results


def _mean_and_stderr(values: list) -> tuple:
    n = len(values)
    mean = sum(values) / n
    variance = sum((v - mean) ** 2 for v in values) / (n - 1) if n > 1 else 0.0
    return mean, math.sqrt(variance / n)


def score_task(model, items: list, max_length: int, vocab_size: int, device) -> dict:
    """lm-eval style metrics ("acc,none", ...) for the items of one task (all of one kind)."""
    kinds = {item["kind"] for item in items}
    if len(kinds) != 1 or not kinds <= {"choice", "pair", "cloze"}:
        raise ValueError(f"a task's items must all be of one kind among choice/pair/cloze, got {sorted(kinds)}")
    kind = kinds.pop()
    requests = [(option["context"], option["continuation"]) for item in items for option in item["options"]]
    scores = iter(score_requests(model, requests, max_length, vocab_size, device))
    per_item = [[next(scores) for _ in item["options"]] for item in items]
    metrics = {}
    if kind == "choice":
        acc, acc_norm = [], []
        for item, options in zip(items, per_item):
            sums = [total for total, _ in options]
            normed = [total / max(1, option["bytes"]) for (total, _), option in zip(options, item["options"])]
            acc.append(float(max(range(len(sums)), key=sums.__getitem__) == item["gold"]))
            acc_norm.append(float(max(range(len(normed)), key=normed.__getitem__) == item["gold"]))
        metrics["acc,none"], metrics["acc_stderr,none"] = _mean_and_stderr(acc)
        metrics["acc_norm,none"], metrics["acc_norm_stderr,none"] = _mean_and_stderr(acc_norm)
    elif kind == "pair":
        acc = [float(options[0][0] > options[1][0]) for options in per_item]
        metrics["acc,none"], metrics["acc_stderr,none"] = _mean_and_stderr(acc)
    else:
        acc = [float(options[0][1]) for options in per_item]
        metrics["acc,none"], metrics["acc_stderr,none"] = _mean_and_stderr(acc)
        mean_log_likelihood = sum(options[0][0] for options in per_item) / len(per_item)
        metrics["perplexity,none"] = math.exp(-mean_log_likelihood) if -mean_log_likelihood < 700 else None
    return metrics


def read_task(data_dir: Path, task: str, max_items: int | None) -> list:
    path = data_dir / "eval" / f"{task}.jsonl"
    if not path.is_file():
        raise FileNotFoundError(f"evaluation task file {path} does not exist")
    items = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return items[:max_items] if max_items else items


def evaluate(design, model_config: LMConfig, data_dir, checkpoint_path=None, tasks=None, max_held_out_tokens=None,
             max_items_per_task=None, device="auto", max_length: int | None = None, progress=None) -> dict:
    """Scores a trained checkpoint (or, with ``checkpoint_path=None``, a seeded random init)."""
    started = time.perf_counter()
    progress = progress or (lambda event: None)
    use_cpus()
    device = resolve_device(device)
    data_dir = Path(data_dir)
    if checkpoint_path is None:
        model, trained_length = build_model(design, model_config, RANDOM_SEED, device), None
    else:
        model, trained_length = load_trained_model(design, model_config, checkpoint_path, device)
    max_length = max_length or trained_length or DEFAULT_MAX_LENGTH
    model.eval()
    dataset = open_dataset(data_dir, splits=("val",))
    progress({"stage": "held-out"})
    held_out = held_out_loss(model, dataset.splits["val"], max_length, max_held_out_tokens, device)
    if tasks is None:
        tasks = sorted(path.stem for path in (data_dir / "eval").glob("*.jsonl"))
    results, counts = {}, {}
    for task in tasks:
        progress({"stage": "task", "task": task})
        items = read_task(data_dir, task, max_items_per_task)
        counts[task] = len(items)
        if items:
            results[task] = score_task(model, items, max_length, model_config.vocab_size, device)
    return {"results": results, "heldOut": held_out, "itemsPerTask": counts,
            "wallSeconds": time.perf_counter() - started, "maxLength": max_length,
            "params": count_parameters(model)["total"], "checkpoint": str(checkpoint_path) if checkpoint_path else None,
            "device": str(device)}
