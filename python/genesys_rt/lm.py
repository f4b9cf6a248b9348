"""The causal LM around a design's block: embedding -> blocks (Z threaded) -> final norm -> tied head.

The block does its own residuals and norms; the wrapper adds none between blocks, as in the
original Genesys. Z starts empty for each forward pass and flows through every block, so a
unit in block i may read what block i-1 wrote.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import nn

from .gau import GAUBase

# Residual-branch output projections, by the attribute names designs use for them; scaled
# down with depth so the residual stream's variance does not grow with n_block (GPT-2 rule).
RESIDUAL_PROJECTIONS = ("out_proj", "fc2")


@dataclass
class LMConfig:
    vocab_size: int = 256  # byte-level tokenizer at micro scales
    d_model: int = 128
    n_block: int = 2
    pad_vocab_multiple: int = 8  # a multiple of 64 is faster on GPUs; 8 matches the original
    norm_eps: float = 1e-5
    init_std: float = 0.02  # embedding (and so the tied head) init


def padded_vocab(config: LMConfig) -> int:
    multiple = config.pad_vocab_multiple
    return (config.vocab_size + multiple - 1) // multiple * multiple


class GenesysLM(nn.Module):
    def __init__(self, config: LMConfig, block_class, block_args: dict | None = None,
                 device=None, dtype=None):
        super().__init__()
        self.config = config
        factory = {"device": device, "dtype": dtype}
        self.embedding = nn.Embedding(padded_vocab(config), config.d_model, **factory)
        # Each block gets its own copy: units may mutate kwarg_all while building children.
        self.blocks = nn.ModuleList(
            block_class(config.d_model, (i, config.n_block), **factory, **dict(block_args or {}))
            for i in range(config.n_block))
        self.norm_f = nn.LayerNorm(config.d_model, eps=config.norm_eps, **factory)
        self.lm_head = nn.Linear(config.d_model, padded_vocab(config), bias=False, **factory)
        self.lm_head.weight = self.embedding.weight
        self._init_weights()

    def _init_weights(self) -> None:
        """Embedding ~ N(0, init_std); residual output projections scaled by 1/sqrt(n_block).

        Everything else keeps the init its unit chose (a zero-initialised gate stays zero).
        """
        nn.init.normal_(self.embedding.weight, std=self.config.init_std)
        scale = 1.0 / math.sqrt(self.config.n_block)
        with torch.no_grad():
            for name, param in self.blocks.named_parameters():
                parts = name.split(".")
                if len(parts) >= 2 and parts[-1] == "weight" and parts[-2] in RESIDUAL_PROJECTIONS:
                    param.mul_(scale)

    def hidden_states(self, X: torch.Tensor) -> torch.Tensor:
        """Runs the block stack on embeddings X (B, L, D), threading Z through the blocks."""
        Z: dict = {}
        for block in self.blocks:
            X, Z = block(X, **Z)
        return X

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        """Logits (B, L, vocab_size) for token ids (B, L); padded vocabulary entries are cut off."""
        X = self.embedding(input_ids)  # (B, L, D)
        X = self.norm_f(self.hidden_states(X))
        return self.lm_head(X)[..., : self.config.vocab_size]

    def loss(self, input_ids: torch.Tensor) -> torch.Tensor:
        """Next-token cross-entropy over a batch of token ids (B, L)."""
        logits = self(input_ids[:, :-1])
        return F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(),
                               input_ids[:, 1:].reshape(-1))


def unit_owner_of_parameters(model: nn.Module) -> dict:
    """Parameter name -> class name of the nearest GAU that owns it (or 'LM' for the wrapper's own)."""
    owners = {}
    for module_name, module in model.named_modules():
        if isinstance(module, GAUBase):
            prefix = f"{module_name}." if module_name else ""
            for param_name, _ in module.named_parameters(recurse=True):
                # Deeper GAUs come later in named_modules, so they overwrite their ancestors.
                owners[prefix + param_name] = type(module).__name__
    return {name: owners.get(name, "LM") for name, _ in model.named_parameters()}


def count_parameters(model: nn.Module) -> dict:
    """Exact counts of unique parameters (tied weights once), split by embedding and by unit."""
    seen, total = set(), 0
    for param in model.parameters():
        if id(param) not in seen:
            seen.add(id(param))
            total += param.numel()
    embedding = model.embedding.weight.numel() if hasattr(model, "embedding") else 0
    per_unit: dict = {}
    params = dict(model.named_parameters())
    for name, owner in unit_owner_of_parameters(model).items():
        per_unit[owner] = per_unit.get(owner, 0) + params[name].numel()
    per_unit.pop("LM", None)
    return {"total": total, "embedding": embedding, "nonEmbedding": total - embedding,
            "perUnit": dict(sorted(per_unit.items()))}
