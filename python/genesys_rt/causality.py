"""Causality: the output at position t must not depend on inputs after t.

Checked in fp32 with random inputs at several perturbation positions and a tolerance, on the
whole LM (token perturbations, logits compared) and on the block stack with unit-scale inputs:
with std-0.02 embeddings a real leak can shrink below 1e-4 at the logits, so the hidden-state
test is the sharper one. When a leak is found, every unit call is traced in both runs and the
first unit whose output leaks while its inputs do not is blamed.
"""
from __future__ import annotations

import contextlib

import torch

from .gau import GAUBase

RELATIVE_TOLERANCE = 1e-5


def perturbation_positions(seq_len: int, count: int) -> list:
    """Evenly spread positions t in [0, seq_len - 2]: inputs after t are perturbed."""
    count = max(1, min(count, seq_len - 1))
    return sorted({round(i * (seq_len - 2) / max(1, count - 1)) for i in range(count)})


def leak(reference: torch.Tensor, other: torch.Tensor, t: int) -> float:
    """Largest change at positions <= t, relative to the reference's scale (0 when exact)."""
    before = reference[:, : t + 1].float()
    scale = max(1.0, before.abs().max().item()) if before.numel() else 1.0
    return ((before - other[:, : t + 1].float()).abs().max().item()) / scale


@contextlib.contextmanager
def trace_unit_calls(records: list):
    """Records (unit, module, X, Y, Z tensors in, Z tensors out) of every GAU call, in completion order."""
    original = GAUBase.forward

    def traced(self, X, **Z):
        z_in = {k: v.detach().clone() for k, v in Z.items() if torch.is_tensor(v)}
        x_in = X.detach().clone()
        Y, Z_out = original(self, X, **Z)
        z_out = {k: v.detach().clone() for k, v in Z_out.items() if torch.is_tensor(v) and k not in z_in}
        records.append({"module": self, "X": x_in, "Zin": z_in, "Y": Y.detach().clone(), "Zout": z_out})
        return Y, Z_out

    GAUBase.forward = traced
    try:
        yield records
    finally:
        GAUBase.forward = original


def _sequence_leak(a: torch.Tensor, b: torch.Tensor, t: int, seq_len: int) -> float:
    if a.dim() < 2 or a.shape != b.shape or a.shape[1] != seq_len:
        return 0.0
    return leak(a, b, t)


def blame(run, inputs_a, inputs_b, t: int, seq_len: int):
    """The first unit call whose outputs leak at positions <= t while its inputs do not."""
    calls_a, calls_b = [], []
    with torch.no_grad(), trace_unit_calls(calls_a):
        run(inputs_a)
    with torch.no_grad(), trace_unit_calls(calls_b):
        run(inputs_b)
    if len(calls_a) != len(calls_b):
        return None, None
    for a, b in zip(calls_a, calls_b):
        leak_in = max([_sequence_leak(a["X"], b["X"], t, seq_len)] +
                      [_sequence_leak(v, b["Zin"].get(k, v), t, seq_len) for k, v in a["Zin"].items()])
        leak_out = max([_sequence_leak(a["Y"], b["Y"], t, seq_len)] +
                       [_sequence_leak(v, b["Zout"].get(k, v), t, seq_len) for k, v in a["Zout"].items()])
        if leak_out > RELATIVE_TOLERANCE and leak_in <= RELATIVE_TOLERANCE:
            return a["module"], leak_out
    return None, None


def check_causality(run, make_input, perturb, positions: list, seq_len: int) -> list:
    """Leaks found: [{t, leak, module}] for ``run(input)`` under perturbations after each t."""
    found = []
    base_input = make_input()
    with torch.no_grad():
        reference = run(base_input)
    for t in positions:
        changed = perturb(base_input, t)
        with torch.no_grad():
            value = leak(reference, run(changed), t)
        if value > RELATIVE_TOLERANCE:
            module, _ = blame(run, base_input, changed, t, seq_len)
            found.append({"t": t, "leak": value, "module": module})
    return found
