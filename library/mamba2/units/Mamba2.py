# GAU_IMPLEMENTATION_FILE
import torch
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class Mamba2(GAUBase):
    """A Mamba-2 block: two pre-norm Mamba-2 layers with residuals (no MLP, as in Mamba).

    ``H = X + Mamba2Layer(RMSNorm(X))``; ``Y = H + Mamba2Layer(RMSNorm(H))``.
    Two layers per block keep the parameter count per block close to a Transformer block's.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.norm1 = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                             **self.factory_kwargs, **self.kwarg_all)
        self.mixer1 = Mamba2Layer(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                                  **self.factory_kwargs, **self.kwarg_all)
        self.norm2 = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                             **self.factory_kwargs, **self.kwarg_all)
        self.mixer2 = Mamba2Layer(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                                  **self.factory_kwargs, **self.kwarg_all)

    def _forward(self, X, **Z):
        H, Z = self.norm1(X, **Z)
        H, Z = self.mixer1(H, **Z)
        X = X + H
        H, Z = self.norm2(X, **Z)
        H, Z = self.mixer2(H, **Z)
        return X + H, Z


@gau_test
def test_mamba2_block(device=None, dtype=None) -> None:
    block = Mamba2(embed_dim=64, block_loc=(0, 2), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 40, 64, device=device, dtype=dtype, requires_grad=True)
    Y, _ = block(X)
    assert Y.shape == X.shape and torch.isfinite(Y).all()
    Y.pow(2).mean().backward()
    for name, p in block.named_parameters():
        assert p.grad is not None, f"{name} got no gradient"


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="RMSNorm", requirements="normalise each position to unit RMS with a learned gain",
             inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="Mamba2Layer", requirements="Mamba-2 mixer: projections, causal conv, selective SSM (SSD), gated norm",
             inputs=["X"], outputs=["Y"]),
]
