# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class SquaredReLUMLP(GAUBase):
    """Position-wise feed-forward network with a squared-ReLU activation (So et al., 2021,
    "Primer", arXiv 2109.08668): ``Y = fc2(relu(fc1(X))^2)``. Ungated, so the hidden width is
    larger than a gated MLP's at the same parameter count.

    Args:
        sqrelu_expansion: hidden width as a multiple of ``embed_dim``.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, sqrelu_expansion=4, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        hidden = int(sqrelu_expansion * embed_dim)
        self.fc1 = nn.Linear(embed_dim, hidden, bias=False, **self.factory_kwargs)
        self.fc2 = nn.Linear(hidden, embed_dim, bias=False, **self.factory_kwargs)

    def _forward(self, X, **Z):
        return self.fc2(torch.relu(self.fc1(X)).square()), Z


@gau_test
def test_squared_relu_mlp_pointwise(device=None, dtype=None) -> None:
    mlp = SquaredReLUMLP(embed_dim=32, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 6, 32, device=device, dtype=dtype)
    Y, _ = mlp(X)
    Y2, _ = mlp(X[:, 2:3])
    assert torch.allclose(Y[:, 2:3], Y2, atol=1e-5), "each position is transformed independently"


CHILDREN_DECLARATIONS = []
