/**
 * @module What every designing agent must know about GAUs: the unit contract and the unit file
 * format, in our words, with a small example unit of our own.
 */

/** The model and the unit contract, for proposers and reviewers. */
export const GAU_OVERVIEW = `## The model you are designing for

A language model here is an embedding, then N identical blocks, then a norm and an output head.
You design the block. A block is a tree of Generalized Autoregressive Units (GAUs): each unit is a
PyTorch module with one contract, \`(X, **Z) -> (Y, Z)\`, where X and Y are (batch, length, d_model)
sequences and Z is a dict of side values (positions, caches, intermediate tensors) passed along.
The root unit is the whole block; it calls its child units, which call theirs. A unit may be used
by several parents. Every unit must be causal: the output at position t may depend only on inputs
at positions <= t. The design is checked automatically: it must compose, run forward and backward,
stay causal, give every parameter a gradient, produce no NaN, and train for a few steps with falling
loss, at a speed and memory use not far from a standard Transformer block of the same width.`;

/** The unit file format, for coders. */
export const GAU_FILE_FORMAT = `## The unit file format

Each unit is one Python file with exactly this structure:

1. The first line is \`# GAU_IMPLEMENTATION_FILE\`.
2. Imports: \`torch\`, \`torch.nn as nn\`, \`torch.nn.functional as F\`, \`math\`, and
   \`from genesys_rt.gau import GAUBase, gau_test, UnitDecl\`. No other third-party packages.
3. Exactly one class, subclassing \`GAUBase\`, named like the unit. It has a docstring that says
   what it computes. No other \`nn.Module\` subclasses in the file: a sub-module is a child unit.
4. The constructor is
   \`def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, <your args with defaults>, **kwargs)\`.
   It starts with \`self.factory_kwargs = {"device": device, "dtype": dtype}\` and
   \`super().__init__(embed_dim, block_loc, kwarg_all)\`, and passes \`**self.factory_kwargs\` to every
   parameter or layer it creates. Name your arguments with a unit-specific prefix (\`conv_kernel\`,
   not \`kernel\`), because all units share one namespace of hyper-parameters.
5. A child unit is built in exactly this form (the child class is not imported; it is resolved when
   the design is composed):
   \`self.mixer = ChildName(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all, **self.factory_kwargs, **self.kwarg_all)\`
   and called as \`H, Z = self.mixer(X, **Z)\`.
6. The computation is \`def _forward(self, X, **Z)\`, returning \`(Y, Z)\` with Y shaped like X.
   Never override \`forward\`. Named parameters after X (\`def _forward(self, X, state=None, **Z)\`) are
   filled from Z by name. Write new side values into Z to pass them on.
7. Optional unit tests: functions decorated with \`@gau_test\`, signature \`(device=None, dtype=None)\`,
   that build the unit, run it and assert; they must pass.
8. The file ends with \`CHILDREN_DECLARATIONS = [...]\`: one
   \`UnitDecl(unitname="ChildName", requirements="what it must do", inputs=["X"], outputs=["Y"])\`
   per child the class builds (an empty list for a leaf). An input written \`"*name"\` is optional.

A declared child that is not implemented yet is replaced by a stand-in that returns X unchanged,
so a parent can be checked before its children exist.

Causality pitfalls: a convolution must be padded on the left only and cropped to the input length;
attention needs a causal mask; cumulative operations must run along the sequence in order; never
normalise, pool or take statistics over the length dimension.

Example of a complete leaf unit:

\`\`\`python
# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class ShortConv(GAUBase):
    """Depth-wise causal convolution over the last \`conv_kernel\` positions, then SiLU."""

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, conv_kernel=4, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.kernel = conv_kernel
        self.conv = nn.Conv1d(embed_dim, embed_dim, conv_kernel, groups=embed_dim, **self.factory_kwargs)

    def _forward(self, X, **Z):
        H = F.pad(X.transpose(1, 2), (self.kernel - 1, 0))  # (B, D, L + k - 1): past only
        return F.silu(self.conv(H).transpose(1, 2)), Z  # (B, L, D)


@gau_test
def test_short_conv_is_causal(device=None, dtype=None):
    unit = ShortConv(32, (0, 1), {}, device=device, dtype=dtype)
    X = torch.randn(2, 10, 32, device=device, dtype=dtype)
    Y, _ = unit(X)
    X2 = X.clone()
    X2[:, 6:] = 0
    Y2, _ = unit(X2)
    assert torch.allclose(Y[:, :6], Y2[:, :6], atol=1e-5)


CHILDREN_DECLARATIONS = []
\`\`\``;
