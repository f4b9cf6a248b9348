# GAU_IMPLEMENTATION_FILE
import torch
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class TTT(GAUBase):
    """A TTT block (arXiv 2407.04620, Mamba-style backbone): causal conv, TTT-Linear, SwiGLU MLP.

    ``H1 = X + Conv(X)`` (Conv normalises its input itself);
    ``H2 = H1 + TTTLinear(RMSNorm(H1))``; ``Y = H2 + GatedMLP(RMSNorm(H2))``.
    The TTT-Linear layer's hidden state is a linear model updated by gradient steps while reading,
    so its memory grows in expressiveness, not in size, with context length.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.conv = Conv(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                         **self.factory_kwargs, **self.kwarg_all)
        self.seq_norm = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                                **self.factory_kwargs, **self.kwarg_all)
        self.ttt = TTTLinear(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                             **self.factory_kwargs, **self.kwarg_all)
        self.ffn_norm = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                                **self.factory_kwargs, **self.kwarg_all)
        self.mlp = GatedMLP(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                            **self.factory_kwargs, **self.kwarg_all)

    def _forward(self, X, **Z):
        H, Z = self.conv(X, **Z)
        X = X + H
        H, Z = self.seq_norm(X, **Z)
        H, Z = self.ttt(H, **Z)
        X = X + H
        H, Z = self.ffn_norm(X, **Z)
        H, Z = self.mlp(H, **Z)
        return X + H, Z


@gau_test
def test_ttt_block(device=None, dtype=None) -> None:
    block = TTT(embed_dim=64, block_loc=(0, 2), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 35, 64, device=device, dtype=dtype, requires_grad=True)
    Y, _ = block(X)
    assert Y.shape == X.shape and torch.isfinite(Y).all()
    Y.pow(2).mean().backward()
    for name, p in block.named_parameters():
        assert p.grad is not None, f"{name} got no gradient"
    X2 = X.detach().clone()
    X2[:, 18:] = torch.randn_like(X2[:, 18:])
    Y2, _ = block(X2)
    assert torch.allclose(Y[:, :18], Y2[:, :18], atol=1e-5), "the block must be causal"


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="Conv", requirements="RMSNorm then a short causal depthwise convolution",
             inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="RMSNorm", requirements="normalise each position to unit RMS with a learned gain",
             inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="TTTLinear",
             requirements="TTT-Linear sequence layer: a per-head linear inner model trained by mini-batch gradient steps while reading",
             inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="GatedMLP", requirements="position-wise gated (SwiGLU) feed-forward network",
             inputs=["X"], outputs=["Y"]),
]
