# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class RWKV6ChannelMix(GAUBase):
    """RWKV channel mixing (the RWKV feed-forward network, arXiv 2404.05892).

    ``k = relu(LerpLinear_k(x))^2`` (hidden width), ``r = sigmoid(LerpLinear_r(x))``,
    ``Y = r ∘ fc2(k)``. Both projections see a token-shifted mix of ``x_t`` and ``x_{t-1}``
    (the shared ``LerpLinear`` unit, fed through Z), so the FFN has a one-token receptive field.

    Args:
        rwkv_ffn_expansion: hidden width as a multiple of ``embed_dim`` (3.5 in RWKV-6), rounded
            to a multiple of 32.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, rwkv_ffn_expansion=3.5, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        hidden = max(32, int(rwkv_ffn_expansion * embed_dim) // 32 * 32)
        self.hidden_features = hidden
        self.key = LerpLinear(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                              **self.factory_kwargs, **self.kwarg_all, lerp_out_features=hidden)
        self.receptance = LerpLinear(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                                     **self.factory_kwargs, **self.kwarg_all, lerp_out_features=embed_dim)
        self.fc2 = nn.Linear(hidden, embed_dim, bias=False, **self.factory_kwargs)

    def _forward(self, X, **Z):
        Z["lerp_delta"] = F.pad(X, (0, 0, 1, -1)) - X  # (B, L, D): x_{t-1} - x_t, shared by both lerps
        Z.pop("lerp_mu", None)  # static interpolation only
        _, Z = self.key(X, **Z)
        k = torch.relu(Z.pop("lerp_out")).square()  # (B, L, hidden)
        _, Z = self.receptance(X, **Z)
        r = torch.sigmoid(Z.pop("lerp_out"))  # (B, L, D)
        Z.pop("lerp_delta")
        return r * self.fc2(k), Z


@gau_test
def test_channel_mix_receptive_field(device=None, dtype=None) -> None:
    cm = RWKV6ChannelMix(embed_dim=32, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 10, 32, device=device, dtype=dtype)
    Y, Z = cm(X)
    assert Y.shape == X.shape and not any(k.startswith("lerp_") for k in Z)
    X2 = X.clone()
    X2[:, 3] += 1.0
    Y2, _ = cm(X2)
    changed = (Y2 - Y).abs().amax(dim=(0, 2)) > 0
    assert changed.tolist() == [i in (3, 4) for i in range(10)], "channel mix must see only x_t and x_{t-1}"


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="LerpLinear",
             requirements="linear map of a token-shift interpolation; reads lerp_delta (and optional lerp_mu) from Z, writes lerp_out",
             inputs=["X", "*lerp_delta", "*lerp_mu"], outputs=["Y", "lerp_out"]),
]
