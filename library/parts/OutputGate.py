# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class OutputGate(GAUBase):
    """Multiplicative output gate around another unit: ``Y = Inner(X) * sigmoid(X W_g)``.

    Each position decides, per channel, how much of the wrapped unit's output passes, as in
    gated attention and gated linear units. The gate bias starts at +2, so the wrapped unit is
    almost fully open at initialisation and training starts close to the ungated design.

    Args:
        gate_bias_init: initial bias of the gate (sigmoid(2) ≈ 0.88).
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, gate_bias_init=2.0, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.inner = Inner(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                           **self.factory_kwargs, **self.kwarg_all)
        self.gate = nn.Linear(embed_dim, embed_dim, bias=True, **self.factory_kwargs)
        nn.init.zeros_(self.gate.weight)
        nn.init.constant_(self.gate.bias, gate_bias_init)

    def _forward(self, X, **Z):
        Y, Z = self.inner(X, **Z)
        return Y * torch.sigmoid(self.gate(X)), Z


@gau_test
def test_output_gate_shape(device=None, dtype=None) -> None:
    unit = OutputGate(embed_dim=32, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(2, 5, 32, device=device, dtype=dtype)
    Y, _ = unit(X)
    assert Y.shape == X.shape


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="Inner", requirements="the unit whose output is gated", inputs=["X"], outputs=["Y"]),
]
