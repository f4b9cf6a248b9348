# GAU_IMPLEMENTATION_FILE
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class MHA(GAUBase):
    """Causal multi-head self-attention with rotary position embeddings.

    ``Y = W_o · softmax(mask(RoPE(Q) RoPE(K)^T / sqrt(d_head))) V`` per head, where the mask
    lets position ``t`` attend to positions ``<= t`` only. Queries and keys are rotated by
    the ``RotaryPositionalEmbeddings`` child, fed through Z (``rope_input`` → ``rope_output``).

    Uses ``F.scaled_dot_product_attention`` (fused kernels) when torch provides it
    (torch >= 2.0) and an explicit masked softmax otherwise.

    Args:
        mha_head_dim: preferred width per head (default 32). The number of heads is the largest
            ``h <= embed_dim // mha_head_dim`` (at least 1) that divides ``embed_dim`` with an even
            head width, so any ``embed_dim`` that is a multiple of 32 works.
        mha_num_heads: force a number of heads instead (must divide ``embed_dim``).
        mha_bias: whether the projections have biases.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None,
                 mha_head_dim=32, mha_num_heads=None, mha_bias=False, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        if mha_num_heads is None:
            mha_num_heads = max(1, embed_dim // mha_head_dim)
            while mha_num_heads > 1 and (embed_dim % mha_num_heads or (embed_dim // mha_num_heads) % 2):
                mha_num_heads -= 1
        assert embed_dim % mha_num_heads == 0, f"embed_dim {embed_dim} not divisible by {mha_num_heads} heads"
        self.n_heads = mha_num_heads
        self.head_dim = embed_dim // mha_num_heads
        assert self.head_dim % 2 == 0, f"head width {self.head_dim} must be even for RoPE"
        # one fused projection for q, k, v
        self.Wqkv = nn.Linear(embed_dim, 3 * embed_dim, bias=mha_bias, **self.factory_kwargs)
        self.out_proj = nn.Linear(embed_dim, embed_dim, bias=mha_bias, **self.factory_kwargs)
        self.rotary_emb = RotaryPositionalEmbeddings(embed_dim=self.embed_dim, block_loc=self.block_loc,
                                                     kwarg_all=self.kwarg_all, **self.factory_kwargs,
                                                     **self.kwarg_all)
        self._has_sdpa = hasattr(F, "scaled_dot_product_attention")

    def _attend(self, q, k, v):
        """Causal attention on (B, H, L, D) tensors."""
        if self._has_sdpa:
            return F.scaled_dot_product_attention(q, k, v, is_causal=True)
        L = q.shape[-2]
        scores = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(q.shape[-1]))  # (B, H, L, L)
        causal = torch.ones(L, L, dtype=torch.bool, device=q.device).tril()
        scores = scores.masked_fill(~causal, float("-inf"))
        return torch.softmax(scores.float(), dim=-1).to(v.dtype) @ v  # (B, H, L, D)

    def _forward(self, X, **Z):
        B, L, D = X.shape
        H, Dh = self.n_heads, self.head_dim
        q, k, v = self.Wqkv(X).view(B, L, 3, H, Dh).unbind(dim=2)  # each (B, L, H, Dh)
        # rotate q and k in one call: stack them along the head axis
        Z["rope_input"] = torch.cat((q, k), dim=2)  # (B, L, 2H, Dh)
        _, Z = self.rotary_emb(X, **Z)
        q, k = Z.pop("rope_output").split(H, dim=2)  # each (B, L, H, Dh)
        Z.pop("rope_input")
        y = self._attend(q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2))  # (B, H, L, Dh)
        y = y.transpose(1, 2).reshape(B, L, D)  # (B, L, D)
        return self.out_proj(y), Z


@gau_test
def test_mha_causal(device=None, dtype=None) -> None:
    mha = MHA(embed_dim=64, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    assert mha.n_heads == 2 and mha.head_dim == 32, (mha.n_heads, mha.head_dim)
    X = torch.randn(2, 12, 64, device=device, dtype=dtype)
    Y, Z = mha(X)
    assert Y.shape == X.shape
    assert "rope_input" not in Z and "rope_output" not in Z, "MHA must not leak its Z scratch values"
    X2 = X.clone()
    X2[:, 7:] = torch.randn_like(X2[:, 7:])
    Y2, _ = mha(X2)
    assert torch.allclose(Y[:, :7], Y2[:, :7], atol=1e-5), "output before position 7 changed"


@gau_test
def test_mha_masked_softmax_matches_sdpa(device=None, dtype=None) -> None:
    mha = MHA(embed_dim=64, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(1, 9, 64, device=device, dtype=dtype)
    Y1, _ = mha(X)
    mha._has_sdpa = False
    Y2, _ = mha(X)
    assert torch.allclose(Y1, Y2, atol=1e-5), "fallback and fused attention disagree"


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="RotaryPositionalEmbeddings",
             requirements="rotate a (B, L, H, D) tensor given in Z['rope_input'] by position; return it in Z['rope_output']",
             inputs=["X", "rope_input", "*rope_offset", "*rope_positions"], outputs=["Y", "rope_output"]),
]
