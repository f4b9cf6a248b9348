# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class GatedCausalConv(GAUBase):
    """Gated causal depthwise convolution: a token mixer without attention.

    ``U, G = split(X W_in)``; ``Y = W_out (CausalConv(U) * sigmoid(G))``.

    Each channel of ``U`` is filtered by its own ``gconv_kernel``-tap kernel over the current
    position and the ``gconv_kernel - 1`` positions before it (padding on the left only, so no
    position sees the future). The gate ``G`` decides per position and channel what passes.
    A block sees ``gconv_kernel - 1`` tokens back; stacking blocks widens the view.

    Args:
        gconv_kernel: taps of each channel's filter.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, gconv_kernel=8, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.kernel = gconv_kernel
        self.in_proj = nn.Linear(embed_dim, 2 * embed_dim, bias=False, **self.factory_kwargs)
        self.conv = nn.Conv1d(embed_dim, embed_dim, kernel_size=gconv_kernel, groups=embed_dim,
                              **self.factory_kwargs)
        self.out_proj = nn.Linear(embed_dim, embed_dim, bias=False, **self.factory_kwargs)

    def _forward(self, X, **Z):
        U, G = self.in_proj(X).chunk(2, dim=-1)  # each (B, L, D)
        U = F.pad(U.transpose(1, 2), (self.kernel - 1, 0))  # (B, D, kernel - 1 + L): left padding only
        U = self.conv(U).transpose(1, 2)  # (B, L, D)
        return self.out_proj(U * torch.sigmoid(G)), Z


@gau_test
def test_gated_causal_conv_is_causal(device=None, dtype=None) -> None:
    unit = GatedCausalConv(embed_dim=32, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 20, 32, device=device, dtype=dtype)
    Y, _ = unit(X)
    assert Y.shape == X.shape
    X2 = X.clone()
    X2[:, 11:] = torch.randn_like(X2[:, 11:])
    Y2, _ = unit(X2)
    assert torch.allclose(Y[:, :11], Y2[:, :11], atol=1e-5), "outputs before position 11 changed"


@gau_test
def test_gated_causal_conv_matches_a_loop(device=None, dtype=None) -> None:
    unit = GatedCausalConv(embed_dim=16, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype, gconv_kernel=3)
    X = torch.randn(1, 7, 16, device=device, dtype=dtype)
    Y, _ = unit(X)
    U, G = unit.in_proj(X).chunk(2, dim=-1)
    w, b = unit.conv.weight[:, 0, :], unit.conv.bias  # (D, kernel): tap j multiplies position t - (kernel - 1) + j
    rows = []
    for t in range(7):
        acc = b.clone()
        for j in range(3):
            source = t - 2 + j
            if source >= 0:
                acc = acc + w[:, j] * U[0, source]
        rows.append(acc)
    expected = unit.out_proj(torch.stack(rows)[None] * torch.sigmoid(G))
    assert torch.allclose(Y, expected, atol=1e-5), "the convolution is not the causal sum over the last taps"


CHILDREN_DECLARATIONS = []
