# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class LayerNorm(GAUBase):
    """Layer normalisation (Ba et al., 2016): subtract the mean, divide by the standard deviation,
    then a learned gain and bias. An alternative to RMSNorm for the norm slots of a block.

    Args:
        norm_eps: added to the variance before the square root.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, norm_eps=1e-5, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.eps = norm_eps
        self.weight = nn.Parameter(torch.ones(embed_dim, **self.factory_kwargs))
        self.bias = nn.Parameter(torch.zeros(embed_dim, **self.factory_kwargs))

    def _forward(self, X, **Z):
        # float32 statistics keep the unit stable under bf16 autocast
        Y = F.layer_norm(X.float(), (self.embed_dim,), self.weight.float(), self.bias.float(), self.eps)
        return Y.to(X.dtype), Z


@gau_test
def test_layernorm_moments(device=None, dtype=None) -> None:
    norm = LayerNorm(embed_dim=32, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 7, 32, device=device, dtype=dtype) * 4 + 2
    Y, _ = norm(X)
    assert torch.allclose(Y.float().mean(-1), torch.zeros(2, 7), atol=1e-4)
    assert torch.allclose(Y.float().std(-1, unbiased=False), torch.ones(2, 7), atol=1e-2)


CHILDREN_DECLARATIONS = []
