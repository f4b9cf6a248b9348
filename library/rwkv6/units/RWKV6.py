# GAU_IMPLEMENTATION_FILE
import torch
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class RWKV6(GAUBase):
    """An RWKV-6 ("Finch") block (arXiv 2404.05892): time mixing then channel mixing, pre-norm, residuals.

    ``H = X + RWKV6TimeMix(RMSNorm(X))``; ``Y = H + RWKV6ChannelMix(RMSNorm(H))``.
    Time mixing is a linear-attention recurrence with data-dependent per-channel decay; channel
    mixing is a token-shifted squared-ReLU FFN. Both use the shared ``LerpLinear`` unit.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.norm1 = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                             **self.factory_kwargs, **self.kwarg_all)
        self.time_mix = RWKV6TimeMix(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                                     **self.factory_kwargs, **self.kwarg_all)
        self.norm2 = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                             **self.factory_kwargs, **self.kwarg_all)
        self.channel_mix = RWKV6ChannelMix(embed_dim=self.embed_dim, block_loc=self.block_loc,
                                           kwarg_all=self.kwarg_all, **self.factory_kwargs, **self.kwarg_all)

    def _forward(self, X, **Z):
        H, Z = self.norm1(X, **Z)
        H, Z = self.time_mix(H, **Z)
        X = X + H
        H, Z = self.norm2(X, **Z)
        H, Z = self.channel_mix(H, **Z)
        return X + H, Z


@gau_test
def test_rwkv6_block(device=None, dtype=None) -> None:
    block = RWKV6(embed_dim=64, block_loc=(1, 2), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 37, 64, device=device, dtype=dtype, requires_grad=True)
    Y, _ = block(X)
    assert Y.shape == X.shape and torch.isfinite(Y).all()
    Y.pow(2).mean().backward()
    for name, p in block.named_parameters():
        assert p.grad is not None, f"{name} got no gradient"
    X2 = X.detach().clone()
    X2[:, 20:] = torch.randn_like(X2[:, 20:])
    Y2, _ = block(X2)
    assert torch.allclose(Y[:, :20], Y2[:, :20], atol=1e-5), "the block must be causal"


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="RMSNorm", requirements="normalise each position to unit RMS with a learned gain",
             inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="RWKV6TimeMix",
             requirements="RWKV-6 time mixing: data-dependent token shift and decay, matrix-state linear recurrence",
             inputs=["X"], outputs=["Y"]),
    UnitDecl(unitname="RWKV6ChannelMix", requirements="RWKV channel mixing: token-shifted squared-ReLU FFN with receptance gate",
             inputs=["X"], outputs=["Y"]),
]
