# GAU_IMPLEMENTATION_FILE
import torch
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class ConvBlock(GAUBase):
    """A pre-norm block whose token mixer is a gated causal convolution instead of attention.

    ``H = X + GatedCausalConv(RMSNorm(X))``; ``Y = H + GatedMLP(RMSNorm(H))``.

    The block does its own residuals; the LM stacks it ``n_block`` times.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.norm1 = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                             **self.factory_kwargs, **self.kwarg_all)
        self.mixer = GatedCausalConv(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                                     **self.factory_kwargs, **self.kwarg_all)
        self.norm2 = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                             **self.factory_kwargs, **self.kwarg_all)
        self.mlp = GatedMLP(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                            **self.factory_kwargs, **self.kwarg_all)

    def _forward(self, X, **Z):
        H, Z = self.norm1(X, **Z)
        H, Z = self.mixer(H, **Z)
        X = X + H
        H, Z = self.norm2(X, **Z)
        H, Z = self.mlp(H, **Z)
        return X + H, Z


@gau_test
def test_conv_block_shape_and_gradients(device=None, dtype=None) -> None:
    block = ConvBlock(embed_dim=32, block_loc=(0, 2), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 16, 32, device=device, dtype=dtype, requires_grad=True)
    Y, Z = block(X)
    assert Y.shape == X.shape and Z == {}
    Y.pow(2).mean().backward()
    for name, p in block.named_parameters():
        assert p.grad is not None, f"{name} got no gradient"


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="RMSNorm", requirements="normalise each position to unit RMS with a learned gain",
             inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="GatedCausalConv", requirements="mix tokens causally with a gated depthwise convolution",
             inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="GatedMLP", requirements="position-wise gated (SwiGLU) feed-forward network",
             inputs=["X"], outputs=["Y"]),
]
