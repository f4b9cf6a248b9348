# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class RMSNorm(GAUBase):
    """Root-mean-square layer normalisation (Zhang & Sennrich, 2019).

    ``Y = X / sqrt(mean(X^2, -1) + eps) * weight``: no mean subtraction and no bias.
    The statistic is computed in float32 so the unit is stable under bf16 autocast;
    the output has the input's dtype.

    Args:
        norm_eps: added to the mean square before the square root.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, norm_eps=1e-5, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.eps = norm_eps
        self.weight = nn.Parameter(torch.ones(embed_dim, **self.factory_kwargs))

    def _forward(self, X, **Z):
        x = X.float()
        x = x * torch.rsqrt(x.pow(2).mean(dim=-1, keepdim=True) + self.eps)
        return (x * self.weight.float()).to(X.dtype), Z


@gau_test
def test_rmsnorm_unit_rms(device=None, dtype=None) -> None:
    norm = RMSNorm(embed_dim=64, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 10, 64, device=device, dtype=dtype) * 5 + 3
    Y, _ = norm(X)
    assert Y.shape == X.shape, f"shape {Y.shape} != {X.shape}"
    rms = Y.float().pow(2).mean(-1).sqrt()
    assert torch.allclose(rms, torch.ones_like(rms), atol=1e-2), "rows should have unit RMS with weight=1"


CHILDREN_DECLARATIONS = []
