"""Small hand-written designs for checker and composition tests: a residual root around one mixer unit."""

ROOT = '''# GAU_IMPLEMENTATION_FILE
import torch
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class Tiny(GAUBase):
    """Residual block around one mixer child."""

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.mixer = Mixer(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                           **self.factory_kwargs, **self.kwarg_all)

    def _forward(self, X, **Z):
        H, Z = self.mixer(X, **Z)
        return X + H, Z


@gau_test
def test_tiny_shape(device=None, dtype=None):
    block = Tiny(16, (0, 1), {}, device=device, dtype=dtype)
    Y, _ = block(torch.randn(2, 8, 16, device=device, dtype=dtype))
    assert Y.shape == (2, 8, 16)


CHILDREN_DECLARATIONS = [UnitDecl(unitname="Mixer", requirements="mixes tokens causally", inputs=["X"], outputs=["Y"])]
'''

MIXER_TEMPLATE = '''# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class Mixer(GAUBase):
    """A token mixer under test."""

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.proj = nn.Linear(embed_dim, embed_dim, **self.factory_kwargs)
        self.gate = nn.Linear(embed_dim, embed_dim, **self.factory_kwargs)
__INIT__
    def _forward(self, X, **Z):
__FORWARD__


CHILDREN_DECLARATIONS = []
'''

# Causal running mean of a projection, gated: every parameter is used.
GOOD_FORWARD = '''        H = self.proj(X)
        counts = torch.arange(1, X.shape[1] + 1, device=X.device, dtype=X.dtype).view(1, -1, 1)
        return torch.sigmoid(self.gate(X)) * H.cumsum(dim=1) / counts'''

MIXERS = {
    "good": ("", GOOD_FORWARD),
    "sequence_mean": ("", "        return self.proj(X).mean(dim=1, keepdim=True).expand_as(X) * torch.sigmoid(self.gate(X))"),
    "unmasked_attention": ("", '''        q, k = self.proj(X), self.gate(X)
        weights = torch.softmax(q @ k.transpose(1, 2) / X.shape[-1] ** 0.5, dim=-1)
        return weights @ X'''),
    "same_padding_conv": ("        self.conv = nn.Conv1d(embed_dim, embed_dim, 3, padding=1, groups=embed_dim, **self.factory_kwargs)\n",
                          "        return self.conv(self.proj(X).transpose(1, 2)).transpose(1, 2) * torch.sigmoid(self.gate(X))"),
    "detached_parameter": ("", "        return self.proj(X) + F.linear(X, self.gate.weight.detach(), self.gate.bias.detach())"),
    "nan": ("", "        return self.proj(X) * self.gate(X) * float('nan')"),
    "wrong_shape": ("", "        return self.proj(X)[:, :-1]"),
    "syntax_error": ("", "        return self.proj(X) +"),
    "runtime_error": ("", "        return self.proj(X) @ self.gate.weight[:3]"),
}


def mixer_code(kind: str) -> str:
    init, forward = MIXERS[kind]
    return MIXER_TEMPLATE.replace("__INIT__", init).replace("__FORWARD__", forward)


def tiny_design(kind: str = "good", name: str | None = None) -> dict:
    """A design dict (inline code) whose mixer is the given kind."""
    return {
        "format": "genesys-ts/design@1",
        "name": name or f"tiny-{kind}",
        "root": "Tiny",
        "units": {
            "Tiny": {"name": "Tiny", "code": ROOT, "children": ["Mixer"]},
            "Mixer": {"name": "Mixer", "code": mixer_code(kind), "children": []},
        },
        "declares": {"Mixer": {"unitname": "Mixer", "requirements": "mixes tokens causally",
                               "inputs": ["X"], "outputs": ["Y"]}},
    }
