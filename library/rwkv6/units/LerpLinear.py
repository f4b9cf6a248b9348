# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class LerpLinear(GAUBase):
    """Token-shift interpolation followed by a linear map (the RWKV "lerp" projection).

    ``out_t = W (x_t + (x_{t-1} - x_t) ∘ (mu + mu_t))``: each channel mixes the current and the
    previous token with a learned weight ``mu`` (static, RWKV-5 style) plus an optional
    data-dependent offset ``mu_t`` (RWKV-6 "ddlerp", computed by the caller). Only the previous
    token is read, so the unit is causal.

    The projection's width may differ from ``embed_dim``, so the result goes through Z:

    - optional input ``lerp_delta``: ``x_{t-1} - x_t`` (B, L, D); computed here when absent
      (a caller that runs several projections computes it once);
    - optional input ``lerp_mu``: the data-dependent offset (B, L, D);
    - output ``lerp_out``: (B, L, lerp_out_features). X passes through unchanged.

    Args:
        lerp_out_features: output width (default ``embed_dim``).
        lerp_bias: whether the linear map has a bias.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None,
                 lerp_out_features=None, lerp_bias=False, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.out_features = lerp_out_features or embed_dim
        layer, n_layers = block_loc
        # deeper layers start closer to the current token (RWKV's layer-dependent init)
        ratio = 1.0 - layer / max(1, n_layers)
        ramp = torch.arange(embed_dim, dtype=torch.float32, device=device) / embed_dim
        self.mu = nn.Parameter((1.0 - ramp.pow(ratio)).to(dtype or torch.float32))
        self.linear = nn.Linear(embed_dim, self.out_features, bias=lerp_bias, **self.factory_kwargs)

    def _forward(self, X, lerp_delta=None, lerp_mu=None):
        if lerp_delta is None:
            lerp_delta = F.pad(X, (0, 0, 1, -1)) - X  # (B, L, D): x_{t-1} - x_t, zero history at t = 0
        mu = self.mu if lerp_mu is None else self.mu + lerp_mu
        return X, {"lerp_out": self.linear(X + lerp_delta * mu)}


@gau_test
def test_lerp_linear(device=None, dtype=None) -> None:
    lerp = LerpLinear(embed_dim=32, block_loc=(0, 2), kwarg_all={}, lerp_out_features=48, device=device, dtype=dtype)
    X = torch.randn(2, 6, 32, device=device, dtype=dtype)
    Y, Z = lerp(X)
    assert torch.equal(Y, X) and Z["lerp_out"].shape == (2, 6, 48)
    # mu = 1 everywhere means "use the previous token only"
    with torch.no_grad():
        lerp.mu.fill_(1.0)
    _, Z = lerp(X)
    assert torch.allclose(Z["lerp_out"][:, 1:], lerp.linear(X[:, :-1]), atol=1e-5)
    assert torch.allclose(Z["lerp_out"][:, 0], lerp.linear(torch.zeros_like(X[:, 0])), atol=1e-6)


CHILDREN_DECLARATIONS = []
