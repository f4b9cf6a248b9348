# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class ShortConv(GAUBase):
    """A short causal depthwise convolution in front of another unit: ``Y = Inner(X + Conv(X))``.

    Gives the wrapped unit cheap local context (the "shift" of RWKV, the short convolutions of
    H3, Mamba and TTT). The convolution is initialised to zero, so the wrapped unit starts
    from its own behaviour. Causal: left padding only.

    Args:
        shortconv_kernel: number of taps (current position and ``kernel - 1`` previous ones).
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, shortconv_kernel=4, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.kernel = shortconv_kernel
        self.conv = nn.Conv1d(embed_dim, embed_dim, kernel_size=shortconv_kernel, groups=embed_dim, bias=False,
                              **self.factory_kwargs)
        nn.init.zeros_(self.conv.weight)
        self.inner = Inner(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                           **self.factory_kwargs, **self.kwarg_all)

    def _forward(self, X, **Z):
        padded = nn.functional.pad(X.transpose(1, 2), (self.kernel - 1, 0))  # (B, D, L + k - 1)
        H = X + self.conv(padded).transpose(1, 2)
        return self.inner(H, **Z)


@gau_test
def test_short_conv_is_causal(device=None, dtype=None) -> None:
    unit = ShortConv(embed_dim=16, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    nn.init.normal_(unit.conv.weight)
    X = torch.randn(1, 12, 16, device=device, dtype=dtype)
    Y, _ = unit(X)
    X2 = X.clone()
    X2[:, 8:] += 1.0
    Y2, _ = unit(X2)
    assert torch.allclose(Y[:, :8], Y2[:, :8], atol=1e-5)


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="Inner", requirements="the unit that receives the convolved input", inputs=["X"], outputs=["Y"]),
]
