# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class RetNetMLP(GAUBase):
    """RetNet's feed-forward network: a gated linear unit with swish, applied per position.

    ``Y = fc2(swish(X W_gate) ∘ (X W_up))`` with hidden width ``retnet_mlp_expansion * embed_dim``
    (2 here, so a block's parameters stay close to a Transformer block's: retention uses a
    value width of 2 x embed_dim).

    Args:
        retnet_mlp_expansion: hidden width as a multiple of ``embed_dim``.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, retnet_mlp_expansion=2, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        hidden = int(retnet_mlp_expansion * embed_dim)
        self.fc1 = nn.Linear(embed_dim, 2 * hidden, bias=False, **self.factory_kwargs)  # [gate | up]
        self.fc2 = nn.Linear(hidden, embed_dim, bias=False, **self.factory_kwargs)

    def _forward(self, X, **Z):
        gate, up = self.fc1(X).chunk(2, dim=-1)  # each (B, L, hidden)
        return self.fc2(F.silu(gate) * up), Z


@gau_test
def test_retnet_mlp_shape(device=None, dtype=None) -> None:
    mlp = RetNetMLP(embed_dim=32, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(3, 4, 32, device=device, dtype=dtype)
    Y, _ = mlp(X)
    assert Y.shape == X.shape
    assert torch.allclose(Y[:, 1:2], mlp(X[:, 1:2])[0], atol=1e-5), "must act per position"


CHILDREN_DECLARATIONS = []
