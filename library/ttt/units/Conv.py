# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class Conv(GAUBase):
    """Normalised short causal depthwise convolution: ``Y = DepthwiseConv1d(RMSNorm(X))``.

    Each channel is convolved with its own ``conv_kernel``-tap filter over the current and the
    ``conv_kernel - 1`` previous positions (left padding only, so it is causal). Gives the layer
    after it cheap local context, as in the Mamba-backbone variant of TTT. The caller adds the
    residual.

    Args:
        conv_kernel: number of taps.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, conv_kernel=4, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.norm = RMSNorm(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                            **self.factory_kwargs, **self.kwarg_all)
        self.conv = nn.Conv1d(embed_dim, embed_dim, kernel_size=conv_kernel, groups=embed_dim,
                              padding=conv_kernel - 1, bias=True, **self.factory_kwargs)

    def _forward(self, X, **Z):
        L = X.shape[1]
        H, Z = self.norm(X, **Z)
        # padding k-1 on both sides, keep the first L outputs: output t sees inputs t-k+1 .. t
        Y = self.conv(H.transpose(1, 2))[..., :L].transpose(1, 2)  # (B, L, D)
        return Y, Z


@gau_test
def test_conv_is_causal_and_local(device=None, dtype=None) -> None:
    conv = Conv(embed_dim=32, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 12, 32, device=device, dtype=dtype)
    Y, _ = conv(X)
    assert Y.shape == X.shape
    X2 = X.clone()
    X2[:, 5] += 1.0
    Y2, _ = conv(X2)
    changed = ((Y2 - Y).abs().amax(dim=(0, 2)) > 0).tolist()
    assert changed == [5 <= i <= 8 for i in range(12)], f"a change at 5 must reach 5..8 only, got {changed}"


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="RMSNorm", requirements="normalise each position to unit RMS with a learned gain",
             inputs=["X"], outputs=["Y"]),
]
