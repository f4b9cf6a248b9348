# GAU_IMPLEMENTATION_FILE
import torch
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class GPT2(GAUBase):
    """A pre-norm Transformer block (GPT-2 layout with modern parts: RMSNorm, RoPE, SwiGLU).

    ``H = X + MHA(RMSNorm(X))``; ``Y = H + GatedMLP(RMSNorm(H))``.

    This is the reference design of the library: every other design's speed is compared
    against it at the same scale. The block does its own residuals.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.norm1 = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                             **self.factory_kwargs, **self.kwarg_all)
        self.mha = MHA(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                       **self.factory_kwargs, **self.kwarg_all)
        self.norm2 = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                             **self.factory_kwargs, **self.kwarg_all)
        self.mlp = GatedMLP(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                            **self.factory_kwargs, **self.kwarg_all)

    def _forward(self, X, **Z):
        H, Z = self.norm1(X, **Z)
        H, Z = self.mha(H, **Z)
        X = X + H
        H, Z = self.norm2(X, **Z)
        H, Z = self.mlp(H, **Z)
        return X + H, Z


@gau_test
def test_gpt2_block(device=None, dtype=None) -> None:
    block = GPT2(embed_dim=64, block_loc=(0, 2), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 16, 64, device=device, dtype=dtype, requires_grad=True)
    Y, _ = block(X)
    assert Y.shape == X.shape
    Y.pow(2).mean().backward()
    for name, p in block.named_parameters():
        assert p.grad is not None, f"{name} got no gradient"
    X2 = X.detach().clone()
    X2[:, 9:] = 0.0
    Y2, _ = block(X2)
    assert torch.allclose(Y[:, :9], Y2[:, :9], atol=1e-5), "the block must be causal"


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="RMSNorm", requirements="normalise each position to unit RMS with a learned gain",
             inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="MHA", requirements="causal multi-head self-attention with rotary positions",
             inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="GatedMLP", requirements="position-wise gated (SwiGLU) feed-forward network",
             inputs=["X"], outputs=["Y"]),
]
