"""GAU base classes: the one contract every design unit follows.

A Generalized Autoregressive Unit maps a sequence and a dict of side values to a
sequence and an updated dict: ``(X[B, L, D], **Z) -> (Y[B, L, D], Z)``.

How Z reaches ``_forward`` (our rule, documented in docs/design-format.md):
a unit receives every Z entry its ``_forward`` signature can accept. Named
parameters are filled from Z by name; a ``**Z``-style catch-all receives all the
other entries. The original filtered Z down to named parameters only, so a unit
written ``_forward(self, X, **Z)`` that read ``Z.get('k')`` (as its own prompts
told coders to do) silently received nothing.

Unit files written for the original (they import ``GAUBase`` from
``model_discovery.model.utils.modules``) get ``LegacyGAUBase``, which keeps the
original's rule, so imported designs compute exactly what they computed there
(some of them reject unexpected keywords in their catch-all).
"""
from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field

import torch
from torch import nn

# Keys that would collide with the positional sequence argument or the LM
# wrapper's own names; a unit may not write them into Z.
RESERVED_Z_KEYS = frozenset({"X", "hidden_states", "residual"})


@dataclass
class UnitDecl:
    """Declaration of a child unit: what it must do and which Z keys it reads and writes.

    In ``inputs``, ``X`` is the sequence and a leading ``*`` marks an optional input.
    """

    unitname: str
    requirements: str = ""
    inputs: list = field(default_factory=lambda: ["X"])
    outputs: list = field(default_factory=lambda: ["Y"])

    def to_dict(self) -> dict:
        return {"unitname": self.unitname, "requirements": self.requirements,
                "inputs": list(self.inputs), "outputs": list(self.outputs)}


def gau_test(func):
    """Marks a unit test: a function ``(device=None, dtype=None) -> None`` that raises on failure."""
    func._is_gau_test = True
    return func


@functools.lru_cache(maxsize=None)
def _forward_signature(cls: type) -> tuple[frozenset, bool]:
    """Named parameters of ``cls._forward`` (after X) and whether it has a ``**`` catch-all."""
    params = list(inspect.signature(cls._forward).parameters.values())[2:]  # skip self, X
    named = frozenset(p.name for p in params
                      if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY))
    return named, any(p.kind is p.VAR_KEYWORD for p in params)


def _select_z(cls: type, Z: dict) -> dict:
    named, takes_all = _forward_signature(cls)
    if takes_all and not cls.named_z_only:
        return {k: v for k, v in Z.items() if k not in RESERVED_Z_KEYS}
    return {k: v for k, v in Z.items() if k in named}


def _split_output(out, unit: str):
    if isinstance(out, tuple):
        if len(out) != 2 or not isinstance(out[1], dict):
            raise TypeError(f"{unit}._forward must return Y or (Y, Z_) with Z_ a dict, "
                            f"got a tuple of length {len(out)}")
        return out
    return out, {}


def _check_sequence(X, embed_dim: int, unit: str, what: str) -> None:
    if not torch.is_tensor(X) or X.dim() != 3 or X.shape[-1] != embed_dim:
        shape = tuple(X.shape) if torch.is_tensor(X) else type(X).__name__
        raise ValueError(f"{unit}: {what} must be a (B, L, {embed_dim}) tensor, got {shape}")


class GAUBase(nn.Module):
    """Base class of a unit. Subclasses set ``self.factory_kwargs`` before calling
    ``super().__init__(embed_dim, block_loc, kwarg_all)`` and implement ``_forward``;
    they never override ``forward``."""

    named_z_only = False  # True: _forward gets only the Z entries it names (the original's rule)

    def __init__(self, embed_dim: int, block_loc: tuple, kwarg_all: dict):
        super().__init__()
        self.embed_dim = embed_dim
        self.block_loc = block_loc
        self.kwarg_all = kwarg_all
        if not hasattr(self, "factory_kwargs"):
            self.factory_kwargs = {"device": None, "dtype": None}

    def _forward(self, X, **Z):
        raise NotImplementedError(f"{type(self).__name__} must implement _forward")

    def forward(self, X, **Z):
        unit = type(self).__name__
        _check_sequence(X, self.embed_dim, unit, "input X")
        dtype = self.factory_kwargs.get("dtype")
        if dtype is not None and X.dtype != dtype:
            X = X.to(dtype=dtype)
        Y, Z_ = _split_output(self._forward(X, **_select_z(type(self), Z)), unit)
        if not torch.is_tensor(Y) or Y.shape != X.shape:
            got = tuple(Y.shape) if torch.is_tensor(Y) else type(Y).__name__
            raise ValueError(f"{unit}: output Y must have the input's shape {tuple(X.shape)}, "
                             f"got {got}; pass other values through Z")
        clash = RESERVED_Z_KEYS.intersection(Z_)
        if clash:
            raise ValueError(f"{unit}: Z keys {sorted(clash)} are reserved")
        Z.update(Z_)
        return Y, Z


class LegacyGAUBase(GAUBase):
    """GAUBase with the original Genesys rule for Z: ``_forward`` receives only the entries it names."""

    named_z_only = True


class GABBase(nn.Module):
    """Base class of a block: the composed root unit wrapped for the LM (``block_loc = (layer, n_block)``)."""

    def __init__(self, embed_dim: int, block_loc: tuple):
        super().__init__()
        self.embed_dim = embed_dim
        self.block_loc = block_loc

    def _forward(self, X, **Z):
        raise NotImplementedError

    def forward(self, X, **Z):
        name = type(self).__name__
        _check_sequence(X, self.embed_dim, name, "input X")
        Y, Z_ = _split_output(self._forward(X, **Z), name)
        if Y.shape != X.shape:
            raise ValueError(f"{name}: block output shape {tuple(Y.shape)} != input shape {tuple(X.shape)}")
        Z.update(Z_)
        return Y, Z


def collect_gau_tests(namespace: dict) -> dict:
    """The ``@gau_test`` functions defined in a module namespace, by name, in definition order."""
    return {name: fn for name, fn in namespace.items()
            if callable(fn) and getattr(fn, "_is_gau_test", False)}
