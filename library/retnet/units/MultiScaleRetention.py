# GAU_IMPLEMENTATION_FILE
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class MultiScaleRetention(GAUBase):
    """Multi-scale retention (RetNet, Sun et al. 2023, arXiv 2307.08621), parallel form.

    Per head ``h`` with a fixed decay ``gamma_h``:
    ``Retention(X) = (Q K^T ∘ D) V`` with ``D[n, m] = gamma_h^(n-m)`` for ``n >= m`` and 0 otherwise —
    causal attention without softmax whose weight decays exponentially with distance. Heads use
    different gammas (multi-scale: short to long memories). As in the paper, ``D`` is normalised by
    the square root of its row sums and the scores by ``max(|row sum|, 1)``; queries and keys are
    rotated (``RotaryPositionalEmbeddings`` child, through Z); head outputs pass a per-head
    GroupNorm and a swish gate: ``Y = W_o (swish(X W_g) ∘ GroupNorm(Retention(X)))``.

    The parallel form is exact and equals the recurrent form
    ``S_n = gamma S_{n-1} + k_n^T v_n, o_n = q_n S_n`` up to the normalisations above.

    Args:
        retention_head_dim: preferred query/key width per head (default 32); heads are chosen so
            that they divide ``embed_dim``.
        retention_v_expand: value width = ``retention_v_expand * embed_dim`` (2 in the paper).
        retention_gamma_exponents: decays are ``1 - 2^(-e)`` for ``e`` spread evenly over this range.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None,
                 retention_head_dim=32, retention_v_expand=2, retention_gamma_exponents=(5.0, 12.0), **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        heads = max(1, embed_dim // retention_head_dim)
        while heads > 1 and (embed_dim % heads or (embed_dim // heads) % 2):
            heads -= 1
        self.n_heads = heads
        self.head_dim = embed_dim // heads
        self.v_dim = retention_v_expand * embed_dim
        self.v_head_dim = self.v_dim // heads
        self.q_proj = nn.Linear(embed_dim, embed_dim, bias=False, **self.factory_kwargs)
        self.k_proj = nn.Linear(embed_dim, embed_dim, bias=False, **self.factory_kwargs)
        self.v_proj = nn.Linear(embed_dim, self.v_dim, bias=False, **self.factory_kwargs)
        self.g_proj = nn.Linear(embed_dim, self.v_dim, bias=False, **self.factory_kwargs)
        self.out_proj = nn.Linear(self.v_dim, embed_dim, bias=False, **self.factory_kwargs)
        # normalises each head's values at each position (no statistics across time: stays causal)
        self.group_norm = nn.GroupNorm(heads, self.v_dim, eps=1e-5, **self.factory_kwargs)
        lo, hi = retention_gamma_exponents
        exps = torch.linspace(lo, hi, heads) if heads > 1 else torch.tensor([lo])
        # log(gamma_h) per head: a fixed buffer, not a parameter
        self.register_buffer("log_gamma", torch.log1p(-(2.0 ** -exps)).to(device), persistent=False)
        self.rotary_emb = RotaryPositionalEmbeddings(embed_dim=self.embed_dim, block_loc=self.block_loc,
                                                     kwarg_all=self.kwarg_all, **self.factory_kwargs,
                                                     **self.kwarg_all)

    def _decay_matrix(self, L, device):
        """(H, L, L) decay mask D, each row divided by the square root of its sum."""
        idx = torch.arange(L, device=device)
        dist = (idx[:, None] - idx[None, :]).float()  # (L, L): n - m
        causal = dist >= 0
        logD = self.log_gamma.to(device)[:, None, None] * dist.clamp(min=0)  # (H, L, L)
        D = torch.exp(logD).masked_fill(~causal, 0.0)
        return D / D.sum(dim=-1, keepdim=True).sqrt()

    def _forward(self, X, **Z):
        B, L, _ = X.shape
        H, Dk, Dv = self.n_heads, self.head_dim, self.v_head_dim
        q = self.q_proj(X).view(B, L, H, Dk)  # (B, L, H, Dk)
        k = self.k_proj(X).view(B, L, H, Dk) * (Dk ** -0.5)
        v = self.v_proj(X).view(B, L, H, Dv).transpose(1, 2)  # (B, H, L, Dv)
        Z["rope_input"] = torch.cat((q, k), dim=2)  # (B, L, 2H, Dk): rotate q and k in one call
        _, Z = self.rotary_emb(X, **Z)
        q, k = Z.pop("rope_output").transpose(1, 2).split(H, dim=1)  # each (B, H, L, Dk)
        Z.pop("rope_input")
        scores = (q @ k.transpose(-2, -1)) * self._decay_matrix(L, X.device).to(q.dtype)  # (B, H, L, L)
        scores = scores / scores.sum(dim=-1, keepdim=True).abs().clamp(min=1.0)
        o = scores @ v  # (B, H, L, Dv)
        o = o.transpose(1, 2).reshape(B * L, self.v_dim)  # (B*L, v_dim): GroupNorm per position
        gn = self.group_norm  # in float32 whatever the autocast or parameter dtype
        o = F.group_norm(o.float(), gn.num_groups, gn.weight.float(), gn.bias.float(), gn.eps)
        o = o.view(B, L, self.v_dim).to(X.dtype)
        return self.out_proj(F.silu(self.g_proj(X)) * o), Z


@gau_test
def test_retention_matches_recurrence(device=None, dtype=None) -> None:
    msr = MultiScaleRetention(embed_dim=64, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    assert msr.n_heads == 2
    X = torch.randn(2, 20, 64, device=device, dtype=dtype)
    Y, Z = msr(X)
    assert Y.shape == X.shape and "rope_output" not in Z
    X2 = X.clone()
    X2[:, 13:] = torch.randn_like(X2[:, 13:])
    Y2, _ = msr(X2)
    assert torch.allclose(Y[:, :13], Y2[:, :13], atol=1e-5), "retention must be causal"
    # unnormalised decay: the parallel form equals the recurrence S_n = gamma S_{n-1} + k_n^T v_n
    L, g = 7, math.exp(msr.log_gamma[0].item())
    D = msr._decay_matrix(L, X.device)[0]
    D = D / D[:, :1] * (g ** torch.arange(L).float())[:, None]  # undo the row scaling: D[n, 0] = gamma^n
    q, k, v = torch.randn(L, 4), torch.randn(L, 4), torch.randn(L, 3)
    par = (q @ k.T * D) @ v
    S = torch.zeros(4, 3)
    for n in range(L):
        S = g * S + k[n][:, None] * v[n][None, :]
        assert torch.allclose(par[n], q[n] @ S, atol=1e-4), f"parallel and recurrent forms differ at {n}"


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="RotaryPositionalEmbeddings",
             requirements="rotate a (B, L, H, D) tensor given in Z['rope_input'] by position; return it in Z['rope_output']",
             inputs=["X", "rope_input", "*rope_offset", "*rope_positions"], outputs=["Y", "rope_output"]),
]
