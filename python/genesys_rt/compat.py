"""Compatibility layer: original Genesys unit files run unmodified on torch 1.13 and 2.x.

Over 400 lines because every stand-in lives here, so ``install()`` is the one switch.
``install()`` is idempotent and does:

Module aliases and stand-ins (served by a finder placed *last* on ``sys.meta_path``, so a
real installed package always wins and the stand-in is built only when an import reaches it):

- ``model_discovery.model.utils.modules``: the original's fixed import line; exposes
  ``GABBase, gau_test, UnitDecl`` from ``genesys_rt.gau`` and, as ``GAUBase``,
  ``LegacyGAUBase`` (the original's rule for passing Z).
- ``einops``: ``rearrange``, ``repeat``, ``reduce``, ``einsum`` over a small pattern parser
  (named axes, ``...``, parenthesised groups, ``1``/``()`` singletons, new axes for repeat).
- ``transformers`` with ``utils.logging.get_logger`` (stdlib logging) and
  ``activations.ACT2FN`` (a mapping that builds a fresh ``nn.Module`` per lookup).
- ``torchtune.modules``: ``RMSNorm(dim, eps)`` and ``RotaryPositionalEmbeddings(dim,
  max_seq_len=4096, base=10000)`` with torchtune's call convention ``x: [b, s, n_h, h_d]``.

Blocked: ``causal_conv1d`` and ``flash_attn`` always raise ImportError (a finder placed
*first*), even where installed. Designs guard them with try/except and then take their
pure-torch path, which runs on CPU and GPU alike, so checker verdicts do not depend on the
machine. No warning: the fallback is the design's own code.

torch shims (feature-detected, never by version string):

- ``F.scaled_dot_product_attention``: added when missing (torch < 2.0), or wrapped when it
  rejects the ``scale`` keyword (torch 2.0). Warns once when installed.
- ``nn.LayerNorm(..., bias=False)``: on torch < 2.1 ``nn.LayerNorm`` is replaced by a subclass
  that accepts ``bias``. Warns once when installed.
- ``torch.utils.checkpoint``: imported, so designs that use it after a bare ``import torch``
  find the attribute. Silent (an import, no behaviour change).
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import logging
import math
import sys
import types
import warnings
from collections.abc import Mapping

import torch
import torch.nn.functional as F
from torch import nn

_INSTALLED = False
BLOCKED_MODULES = frozenset({"causal_conv1d", "flash_attn"})


# ---------------------------------------------------------------- einops stand-in

class EinopsError(RuntimeError):
    """Raised for a malformed pattern or shapes that do not fit it (einops raises the same name)."""


def _parse_side(side: str) -> list[list[str]]:
    """'b (h d) ... 1' -> [['b'], ['h', 'd'], ['...'], []]: one list of axis names per tensor dim."""
    groups: list[list[str]] = []
    current: list[str] | None = None
    for token in side.replace("(", " ( ").replace(")", " ) ").split():
        if token == "(":
            if current is not None:
                raise EinopsError(f"nested parentheses in {side!r}")
            current = []
        elif token == ")":
            if current is None:
                raise EinopsError(f"unbalanced parentheses in {side!r}")
            groups.append(current)
            current = None
        else:
            if not (token == "..." or token.isidentifier() or token.isdigit()):
                raise EinopsError(f"bad axis {token!r} in {side!r}")
            axes = [] if token == "1" else [token]  # '1' is a singleton dim with no axis
            if current is None:
                groups.append(axes)
            else:
                current.extend(axes)
    if current is not None:
        raise EinopsError(f"unbalanced parentheses in {side!r}")
    return groups


def _expand_ellipsis(groups: list[list[str]], n_ellipsis: int) -> list[list[str]]:
    """Replaces '...' by n_ellipsis named axes: its own dims on the left, flattened or kept on the right."""
    names = [f"_ellipsis{i}" for i in range(n_ellipsis)]
    expanded = []
    for group in groups:
        if group == ["..."]:
            expanded.extend([name] for name in names)
        elif "..." in group:
            index = group.index("...")
            expanded.append(group[:index] + names + group[index + 1:])
        else:
            expanded.append(group)
    return expanded


def _transform(tensor, pattern: str, kind: str, reduction: str = "mean", **sizes):
    if isinstance(tensor, (list, tuple)):
        tensor = torch.stack(list(tensor))
    if "->" not in pattern:
        raise EinopsError(f"pattern {pattern!r} has no '->'")
    left_text, right_text = pattern.split("->")
    left, right = _parse_side(left_text), _parse_side(right_text)
    left_ellipses = sum(group.count("...") for group in left)
    if left_ellipses > 1 or any("..." in g and len(g) > 1 for g in left):
        raise EinopsError(f"'...' may appear once, outside parentheses, on the left of {pattern!r}")
    n_ellipsis = tensor.dim() - (len(left) - left_ellipses)
    if n_ellipsis < 0 or (left_ellipses == 0 and n_ellipsis != 0):
        raise EinopsError(f"pattern {pattern!r} expects {len(left)} dims, tensor has {tensor.dim()}")
    left, right = _expand_ellipsis(left, n_ellipsis), _expand_ellipsis(right, n_ellipsis)

    known = {name: int(value) for name, value in sizes.items()}
    for group, dim in zip(left, tensor.shape):
        unknown = [axis for axis in group if axis not in known and not axis.isdigit()]
        product = math.prod(known.get(axis, int(axis) if axis.isdigit() else 1) for axis in group
                            if axis not in unknown)
        if len(unknown) > 1:
            raise EinopsError(f"cannot infer sizes of {unknown} in {pattern!r}")
        if unknown:
            if product == 0 or dim % product:
                raise EinopsError(f"dim {dim} is not divisible into {group} in {pattern!r}")
            known[unknown[0]] = dim // product
        elif product != dim:
            raise EinopsError(f"shape mismatch: {group} = {product} but dim is {dim} in {pattern!r}")

    left_axes = [axis for group in left for axis in group]
    right_axes = [axis for group in right for axis in group]
    reduced = [axis for axis in left_axes if axis not in right_axes]
    added = [axis for axis in right_axes if axis not in left_axes]
    if (reduced and kind != "reduce") or (added and kind != "repeat"):
        raise EinopsError(f"{kind}: axes {reduced or added} appear on one side only of {pattern!r}")
    for axis in added:
        if axis.isdigit():
            known[axis] = int(axis)
        elif axis not in known:
            raise EinopsError(f"repeat: size of new axis {axis!r} not given")

    x = tensor.reshape([known[axis] for axis in left_axes])  # one dim per elementary axis
    if reduced:
        dims = [left_axes.index(axis) for axis in reduced]
        x = _reduce(x, reduction, dims)
        left_axes = [axis for axis in left_axes if axis not in reduced]
    kept = [axis for axis in right_axes if axis in left_axes]
    x = x.permute([left_axes.index(axis) for axis in kept])
    if added:
        view = [known[axis] if axis in left_axes else 1 for axis in right_axes]
        x = x.reshape(view).expand([known[axis] for axis in right_axes])
    return x.reshape([math.prod(known[axis] for axis in group) for group in right])


def _reduce(x, reduction: str, dims: list[int]):
    if reduction in ("mean", "sum", "prod", "max", "min"):
        for dim in sorted(dims, reverse=True):  # from the last so earlier indices stay valid
            x = getattr(x, reduction)(dim=dim)
            x = x.values if reduction in ("max", "min") else x
        return x
    raise EinopsError(f"unknown reduction {reduction!r}")


def rearrange(tensor, pattern: str, **sizes):
    """einops.rearrange: reorder, split and merge axes; no axis may appear on one side only."""
    return _transform(tensor, pattern, "rearrange", **sizes)


def repeat(tensor, pattern: str, **sizes):
    """einops.repeat: like rearrange, plus new axes on the right whose sizes are given."""
    return _transform(tensor, pattern, "repeat", **sizes)


def reduce(tensor, pattern: str, reduction: str, **sizes):
    """einops.reduce: axes missing on the right are reduced with mean/sum/max/min/prod."""
    return _transform(tensor, pattern, "reduce", reduction=reduction, **sizes)


def einsum(*tensors_and_pattern):
    """einops.einsum(t1, t2, ..., 'a b, b c -> a c'): multi-letter axis names mapped onto torch.einsum."""
    *tensors, pattern = tensors_and_pattern
    letters = iter("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    mapping: dict[str, str] = {}

    def convert(side: str) -> str:
        return "".join("..." if name == "..." else mapping.setdefault(name, next(letters))
                       for name in side.split())

    inputs, output = pattern.split("->")
    equation = ",".join(convert(side) for side in inputs.split(",")) + "->" + convert(output)
    return torch.einsum(equation, *tensors)


# ---------------------------------------------------------------- transformers stand-in

def get_logger(name: str | None = None) -> logging.Logger:
    """transformers.utils.logging.get_logger: a stdlib logger."""
    return logging.getLogger(name)


class _QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class _ReLUSquared(nn.Module):
    def forward(self, x):
        return torch.square(F.relu(x))


class _Linear(nn.Module):
    def forward(self, x):
        return x


_ACTIVATIONS = {
    "gelu": nn.GELU,
    "gelu_python": nn.GELU,
    "gelu_new": lambda: nn.GELU(approximate="tanh"),
    "gelu_fast": lambda: nn.GELU(approximate="tanh"),
    "gelu_pytorch_tanh": lambda: nn.GELU(approximate="tanh"),
    "gelu_accurate": lambda: nn.GELU(approximate="tanh"),
    "quick_gelu": _QuickGELU,
    "relu": nn.ReLU,
    "relu2": _ReLUSquared,
    "relu6": nn.ReLU6,
    "leaky_relu": nn.LeakyReLU,
    "silu": nn.SiLU,
    "swish": nn.SiLU,
    "mish": nn.Mish,
    "tanh": nn.Tanh,
    "sigmoid": nn.Sigmoid,
    "linear": _Linear,
}


class _ActivationTable(Mapping):
    """ACT2FN: every lookup builds a new module, as transformers' ClassInstantier does."""

    def __getitem__(self, key):
        if key not in _ACTIVATIONS:
            raise KeyError(f"function {key} not found in ACT2FN mapping {sorted(_ACTIVATIONS)}")
        return _ACTIVATIONS[key]()

    def __iter__(self):
        return iter(_ACTIVATIONS)

    def __len__(self):
        return len(_ACTIVATIONS)


ACT2FN = _ActivationTable()


# ---------------------------------------------------------------- torchtune stand-in

class RMSNorm(nn.Module):
    """torchtune.modules.RMSNorm: normalise in fp32 over the last dim, learnable ``scale``."""

    def __init__(self, dim: int, eps: float = 1e-6):
        super().__init__()
        self.eps = eps
        self.scale = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        x_fp32 = x.float()
        normed = x_fp32 * torch.rsqrt(x_fp32.pow(2).mean(-1, keepdim=True) + self.eps)
        return (normed * self.scale).type_as(x)


class RotaryPositionalEmbeddings(nn.Module):
    """torchtune.modules.RotaryPositionalEmbeddings: rotates adjacent channel pairs of
    ``x: [b, s, n_h, h_d]`` by position; ``input_pos: [b, s]`` or ``[s]`` picks positions."""

    def __init__(self, dim: int, max_seq_len: int = 4096, base: int = 10_000):
        super().__init__()
        self.dim, self.max_seq_len, self.base = dim, max_seq_len, base
        theta = 1.0 / (base ** (torch.arange(0, dim, 2)[: dim // 2].float() / dim))
        self.register_buffer("theta", theta, persistent=False)
        self._build_cache(max_seq_len)

    def _build_cache(self, max_seq_len: int) -> None:
        positions = torch.arange(max_seq_len, dtype=self.theta.dtype, device=self.theta.device)
        angles = torch.outer(positions, self.theta)  # (S, h_d/2)
        cache = torch.stack([torch.cos(angles), torch.sin(angles)], dim=-1)  # (S, h_d/2, 2)
        self.register_buffer("cache", cache, persistent=False)

    def forward(self, x, *, input_pos=None):
        seq_len = x.size(1)
        cache = self.cache[:seq_len] if input_pos is None else self.cache[input_pos]
        pairs = x.float().reshape(*x.shape[:-1], -1, 2)  # (b, s, n_h, h_d/2, 2)
        cache = cache.view(-1, seq_len, 1, pairs.size(3), 2)  # broadcast over batch and heads
        rotated = torch.stack([
            pairs[..., 0] * cache[..., 0] - pairs[..., 1] * cache[..., 1],
            pairs[..., 1] * cache[..., 0] + pairs[..., 0] * cache[..., 1],
        ], dim=-1)
        return rotated.flatten(3).type_as(x)


# ---------------------------------------------------------------- torch shims

def _sdpa_fallback(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
    """Reference attention with torch's semantics: bool masks keep True, float masks are added."""
    scale = 1.0 / math.sqrt(query.size(-1)) if scale is None else scale
    scores = torch.matmul(query, key.transpose(-2, -1)) * scale  # (..., L, S)
    if is_causal:
        length, source = scores.shape[-2:]
        keep = torch.ones(length, source, dtype=torch.bool, device=scores.device).tril()
        scores = scores.masked_fill(~keep, float("-inf"))
    if attn_mask is not None:
        if attn_mask.dtype == torch.bool:
            scores = scores.masked_fill(~attn_mask, float("-inf"))
        else:
            scores = scores + attn_mask
    weights = torch.softmax(scores, dim=-1)
    if dropout_p > 0.0:
        weights = F.dropout(weights, p=dropout_p)
    return torch.matmul(weights, value)


def _sdpa_accepts_scale(sdpa) -> bool:
    probe = torch.zeros(1, 1, 1, 1)
    try:
        sdpa(probe, probe, probe, scale=1.0)
    except TypeError:
        return False
    return True


def _install_sdpa() -> None:
    native = getattr(F, "scaled_dot_product_attention", None)
    if native is not None and _sdpa_accepts_scale(native):
        return
    if native is None:
        replacement = _sdpa_fallback
    else:
        def replacement(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
            if scale is None:
                return native(query, key, value, attn_mask=attn_mask, dropout_p=dropout_p, is_causal=is_causal)
            return _sdpa_fallback(query, key, value, attn_mask, dropout_p, is_causal, scale)
    F.scaled_dot_product_attention = replacement
    warnings.warn("genesys_rt.compat: using a pure-torch F.scaled_dot_product_attention "
                  "(this torch lacks it or its scale= argument)", stacklevel=3)


def _install_layer_norm_bias() -> None:
    native = nn.LayerNorm
    if "bias" in inspect.signature(native.__init__).parameters:
        return

    class LayerNorm(native):
        """nn.LayerNorm accepting torch >= 2.1's ``bias`` argument."""

        def __init__(self, normalized_shape, eps=1e-5, elementwise_affine=True, bias=True,
                     device=None, dtype=None):
            super().__init__(normalized_shape, eps, elementwise_affine, device=device, dtype=dtype)
            if elementwise_affine and not bias:
                self.register_parameter("bias", None)  # F.layer_norm accepts bias=None

    nn.LayerNorm = LayerNorm
    warnings.warn("genesys_rt.compat: nn.LayerNorm patched to accept bias= (torch < 2.1)", stacklevel=3)


# ---------------------------------------------------------------- module finders

def _alias_modules(module: types.ModuleType) -> None:
    from genesys_rt import gau
    for name in ("GABBase", "gau_test", "UnitDecl"):
        setattr(module, name, getattr(gau, name))
    # Original unit files keep the original's Z rule (see genesys_rt.gau).
    module.GAUBase = gau.LegacyGAUBase


def _fill(**attributes):
    return lambda module: module.__dict__.update(attributes)


def _fill_activations(module: types.ModuleType) -> None:
    module.ACT2FN = ACT2FN
    module.ACT2CLS = dict(_ACTIVATIONS)


# name -> (is a package, function filling the module)
_STAND_INS = {
    "model_discovery": (True, _fill()),
    "model_discovery.model": (True, _fill()),
    "model_discovery.model.utils": (True, _fill()),
    "model_discovery.model.utils.modules": (False, _alias_modules),
    "einops": (False, _fill(rearrange=rearrange, repeat=repeat, reduce=reduce, einsum=einsum,
                            EinopsError=EinopsError)),
    "transformers": (True, _fill()),
    "transformers.utils": (True, _fill()),
    "transformers.utils.logging": (False, _fill(get_logger=get_logger)),
    "transformers.activations": (False, _fill_activations),
    "torchtune": (True, _fill()),
    "torchtune.modules": (False, _fill(RMSNorm=RMSNorm, RotaryPositionalEmbeddings=RotaryPositionalEmbeddings)),
}


class _StandInLoader(importlib.abc.Loader):
    def create_module(self, spec):
        return None  # default module creation

    def exec_module(self, module):
        module.__genesys_stand_in__ = True
        _STAND_INS[module.__name__][1](module)


class _StandInFinder(importlib.abc.MetaPathFinder):
    """Last on sys.meta_path: reached only when no real package answered the import."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in _STAND_INS:
            return None
        parent = fullname.rpartition(".")[0]
        if parent and not getattr(sys.modules.get(parent), "__genesys_stand_in__", False):
            return None  # a real parent package lacks this submodule: not ours to invent
        is_package = _STAND_INS[fullname][0]
        return importlib.machinery.ModuleSpec(fullname, _StandInLoader(), is_package=is_package)


class _BlockingFinder(importlib.abc.MetaPathFinder):
    """First on sys.meta_path: CUDA-kernel packages are never imported (see module docstring)."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname.partition(".")[0] in BLOCKED_MODULES:
            raise ImportError(f"{fullname} is disabled by genesys_rt.compat", name=fullname)
        return None


def install() -> None:
    """Installs the aliases, stand-ins and torch shims described in the module docstring; idempotent."""
    global _INSTALLED
    if _INSTALLED:
        return
    _INSTALLED = True
    import torch.utils.checkpoint  # noqa: F401 - makes torch.utils.checkpoint an attribute
    for name in list(sys.modules):
        if name.partition(".")[0] in BLOCKED_MODULES:
            del sys.modules[name]
    sys.meta_path.insert(0, _BlockingFinder())
    sys.meta_path.append(_StandInFinder())
    _install_sdpa()
    _install_layer_norm_bias()
