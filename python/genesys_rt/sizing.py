"""Sizing: the (d_model, n_block) that puts a design at a scale's parameter target.

Parameters of the LM (tied head, so the embedding counts once):

    total(d, n) = padded_vocab * d  +  sum over layers of block(d, layer)  +  2 * d (final LayerNorm)

block(d, layer) is counted by building one block, on the ``meta`` device (no memory, no init
cost) when the design accepts it, else on the CPU for widths up to ``CPU_FALLBACK_MAX_WIDTH``.
A design may size a block by its layer index (``block_loc``), so the first and the last layer
are both built and their mean stands for every layer; the chosen pair is then counted exactly
by building the whole LM (on ``meta``), and the reported ``params`` is that exact count.

Search: every width that is a multiple of ``width_multiple`` (until even one block overshoots
the target) times every depth 1..max_blocks. Among the pairs within ±tolerance of the target,
those whose depth/width ratio is closest (in log space) to ``depth_per_width`` are preferred,
where "closest" allows a factor ``RATIO_SLACK`` around the best ratio any pair achieves, and
among them the pair closest to the target wins. Without the slack the exact ratio would win even
at -19% of the target while a pair one block deeper sits at -4%. The original only halved d_model and added blocks, which
jumped from d768 to d384 with 31 blocks; here every width step is tried.
"""
from __future__ import annotations

import math

import torch

from .compose import compose, load
from .design import Design
from .lm import GenesysLM, LMConfig, count_parameters, padded_vocab

CPU_FALLBACK_MAX_WIDTH = 2048  # above this, a block that cannot be built on `meta` is too costly to build for real
MAX_WIDTH = 16384
RATIO_SLACK = 1.25  # depth/width ratios within this factor of the best achievable count as equally good
EXACT_CHECKS = 8  # how many of the best-ranked pairs may be counted exactly before giving up on the estimate


def load_block(design) -> tuple:
    """(block class, block args) of a design given as a ``Design`` or its dict."""
    if isinstance(design, dict):
        design = Design.from_dict(design)
    composed = compose(design)
    module = load(composed)
    return getattr(module, composed.block_class), dict(module.gab_config)


def _count_unique(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in {id(p): p for p in module.parameters()}.values())


def _build_on(device: str, build):
    with torch.random.fork_rng(devices=[]):  # building must not move the caller's RNG
        return build(torch.device(device))


def block_parameters(block_class, block_args: dict, d_model: int, layer: int, n_block: int) -> int:
    """Parameters of one block at a width and layer index (meta device first, CPU fallback)."""
    def build(device):
        return block_class(d_model, (layer, n_block), device=device, **dict(block_args))
    try:
        return _count_unique(_build_on("meta", build))
    except Exception:  # a design may use ops that meta tensors lack; counting on CPU is exact too
        if d_model > CPU_FALLBACK_MAX_WIDTH:
            raise
        return _count_unique(_build_on("cpu", build))


def model_parameters(block_class, block_args: dict, config: LMConfig) -> int:
    """Exact parameters of the whole LM (built on meta, or on CPU if the design needs it)."""
    def build(device):
        return GenesysLM(config, block_class, block_args, device=device)
    try:
        return count_parameters(_build_on("meta", build))["total"]
    except Exception:  # as in block_parameters
        return count_parameters(_build_on("cpu", build))["total"]


def _wrapper_parameters(vocab_size: int, d_model: int) -> int:
    """Embedding (= tied head) plus the final LayerNorm's weight and bias."""
    return padded_vocab(LMConfig(vocab_size=vocab_size, d_model=d_model)) * d_model + 2 * d_model


def size_design(design, target_params: int, vocab_size: int, depth_per_width: float, tolerance: float = 0.2,
                width_multiple: int = 32, max_blocks: int = 64) -> dict:
    """Finds (d_model, n_block) for a parameter target; see the module docstring for the rule.

    Returns ``{dModel, nBlock, params, withinTolerance, candidates}``; ``candidates`` lists every
    width tried with its block size (or the error that building it raised).
    """
    assert target_params > 0 and depth_per_width > 0 and width_multiple > 0, "target, ratio and multiple must be > 0"
    block_class, block_args = load_block(design)
    low, high = target_params * (1 - tolerance), target_params * (1 + tolerance)
    candidates, pairs = [], []  # pairs: (estimated total, d_model, n_block)
    reference_depth = 2  # block_loc used while estimating; first and last layer of a 2-block stack
    for d_model in range(width_multiple, MAX_WIDTH + 1, width_multiple):
        wrapper = _wrapper_parameters(vocab_size, d_model)
        if wrapper > high and pairs:  # wider only grows; the narrowest buildable width is always tried
            break
        try:
            first = block_parameters(block_class, block_args, d_model, 0, reference_depth)
            last = block_parameters(block_class, block_args, d_model, reference_depth - 1, reference_depth)
        except Exception as error:  # a width the design cannot take (heads, divisibility, ...)
            candidates.append({"dModel": d_model, "error": f"{type(error).__name__}: {error}"[:300]})
            continue
        per_block = (first + last) / 2
        candidates.append({"dModel": d_model, "blockParams": round(per_block),
                           **({"layerDependent": True} if first != last else {})})
        pairs += [(wrapper + n * per_block, d_model, n) for n in range(1, max_blocks + 1)]
        if wrapper + per_block > high:
            break

    def ratio_distance(pair):
        _, d_model, n_block = pair
        return abs(math.log(n_block / d_model / depth_per_width))

    if not pairs:
        raise ValueError(f"the design could not be built at any width up to {MAX_WIDTH}: {candidates[:3]}")
    inside = [pair for pair in pairs if low <= pair[0] <= high]
    best_ratio = min(map(ratio_distance, inside), default=0.0)
    preferred = [pair for pair in inside if ratio_distance(pair) <= best_ratio + math.log(RATIO_SLACK)]
    ranked = sorted(preferred, key=lambda pair: (abs(pair[0] - target_params), ratio_distance(pair)))
    ranked += sorted((pair for pair in inside if pair not in preferred), key=ratio_distance)
    for _, d_model, n_block in ranked[:EXACT_CHECKS]:
        exact = model_parameters(block_class, block_args, LMConfig(vocab_size, d_model, n_block))
        if low <= exact <= high:
            return {"dModel": d_model, "nBlock": n_block, "params": exact, "withinTolerance": True,
                    "candidates": candidates}
    _, d_model, n_block = min(pairs, key=lambda pair: abs(pair[0] - target_params))
    exact = model_parameters(block_class, block_args, LMConfig(vocab_size, d_model, n_block))
    return {"dModel": d_model, "nBlock": n_block, "params": exact, "withinTolerance": low <= exact <= high,
            "candidates": candidates}


def count_design_parameters(design, d_model: int, n_block: int, vocab_size: int) -> int:
    """Exact parameter count of a design's LM at a given size."""
    block_class, block_args = load_block(design)
    return model_parameters(block_class, block_args, LMConfig(vocab_size, d_model, n_block))
