# GAU_IMPLEMENTATION_FILE
import torch
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class RetNet(GAUBase):
    """A RetNet block (arXiv 2307.08621): multi-scale retention then a gated MLP, pre-norm, residuals.

    ``H = X + MultiScaleRetention(RMSNorm(X))``; ``Y = H + RetNetMLP(RMSNorm(H))``.
    Retention trains in parallel like attention but admits an O(1)-per-token recurrent form.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.norm1 = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                             **self.factory_kwargs, **self.kwarg_all)
        self.retention = MultiScaleRetention(embed_dim=self.embed_dim, block_loc=self.block_loc,
                                             kwarg_all=self.kwarg_all, **self.factory_kwargs, **self.kwarg_all)
        self.norm2 = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                             **self.factory_kwargs, **self.kwarg_all)
        self.mlp = RetNetMLP(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                             **self.factory_kwargs, **self.kwarg_all)

    def _forward(self, X, **Z):
        H, Z = self.norm1(X, **Z)
        H, Z = self.retention(H, **Z)
        X = X + H
        H, Z = self.norm2(X, **Z)
        H, Z = self.mlp(H, **Z)
        return X + H, Z


@gau_test
def test_retnet_block(device=None, dtype=None) -> None:
    block = RetNet(embed_dim=64, block_loc=(0, 2), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 24, 64, device=device, dtype=dtype, requires_grad=True)
    Y, _ = block(X)
    assert Y.shape == X.shape and torch.isfinite(Y).all()
    Y.pow(2).mean().backward()
    for name, p in block.named_parameters():
        assert p.grad is not None, f"{name} got no gradient"


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="RMSNorm", requirements="normalise each position to unit RMS with a learned gain",
             inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="MultiScaleRetention",
             requirements="causal multi-scale retention (parallel form) with group norm and swish gate",
             inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="RetNetMLP", requirements="position-wise gated feed-forward network",
             inputs=["X"], outputs=["Y"]),
]
