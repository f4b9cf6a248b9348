# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class GatedMLP(GAUBase):
    """Gated feed-forward network (SwiGLU, Shazeer 2020, arXiv 2002.05202).

    ``Y = fc2(silu(X W_gate) * (X W_up))``, applied to each position independently.
    ``fc1`` computes the gate and the up projection in one matmul.

    Args:
        mlp_expansion: hidden width as a multiple of ``embed_dim`` before rounding (8/3 keeps the
            parameter count of a 4x ungated MLP).
        mlp_multiple_of: the hidden width is rounded up to a multiple of this (hardware friendly).
        mlp_bias: whether the linear layers have biases.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None,
                 mlp_expansion=8 / 3, mlp_multiple_of=64, mlp_bias=False, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        hidden = int(mlp_expansion * embed_dim)
        hidden = (hidden + mlp_multiple_of - 1) // mlp_multiple_of * mlp_multiple_of
        self.hidden_features = hidden
        self.fc1 = nn.Linear(embed_dim, 2 * hidden, bias=mlp_bias, **self.factory_kwargs)
        self.fc2 = nn.Linear(hidden, embed_dim, bias=mlp_bias, **self.factory_kwargs)

    def _forward(self, X, **Z):
        gate, up = self.fc1(X).chunk(2, dim=-1)  # each (B, L, hidden)
        return self.fc2(F.silu(gate) * up), Z


@gau_test
def test_gated_mlp_pointwise(device=None, dtype=None) -> None:
    mlp = GatedMLP(embed_dim=64, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    assert mlp.hidden_features % 64 == 0 and mlp.hidden_features >= 64 * 8 // 3
    X = torch.randn(2, 5, 64, device=device, dtype=dtype)
    Y, _ = mlp(X)
    assert Y.shape == X.shape
    Y1, _ = mlp(X[:, 2:3])
    assert torch.allclose(Y[:, 2:3], Y1, atol=1e-5), "the MLP must act on each position independently"


CHILDREN_DECLARATIONS = []
