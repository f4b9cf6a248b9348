# GAU_IMPLEMENTATION_FILE
import torch
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class RotaryPositionalEmbeddings(GAUBase):
    """Rotary positional embeddings (RoPE, Su et al. 2021, arXiv 2104.09864).

    Rotates consecutive channel pairs ``(x[2i], x[2i+1])`` of a per-head tensor by the
    angle ``pos * base^(-2i/R)`` (``R`` = rotated width), so the dot product of a rotated
    query and a rotated key depends only on their relative position.

    The tensor to rotate arrives through Z, not X (X passes through unchanged):

    - input ``rope_input``: a ``(B, L, H, D)`` tensor (queries and keys may be stacked along H
      so that one call rotates both);
    - optional input ``rope_offset``: position of the first token (default 0);
    - optional input ``rope_positions``: explicit positions, ``(L,)`` or ``(B, L)`` (overrides the offset);
    - output ``rope_output``: the rotated tensor, same shape and dtype.

    Args:
        rotary_dim: how many leading channels of each head to rotate (even); ``None`` (default)
            rotates the whole head, whatever its width.
        rotary_base: the frequency base (10000 as in the paper).
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None,
                 rotary_dim=None, rotary_base=10000.0, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        assert rotary_dim is None or rotary_dim % 2 == 0, f"rotary_dim must be even, got {rotary_dim}"
        self.rotary_dim = rotary_dim
        self.rotary_base = float(rotary_base)

    def _forward(self, X, rope_input=None, rope_offset=0, rope_positions=None):
        assert rope_input is not None, "RotaryPositionalEmbeddings needs Z['rope_input']"
        B, L, H, D = rope_input.shape
        R = D if self.rotary_dim is None else min(self.rotary_dim, D)
        assert R % 2 == 0, f"rotated width {R} must be even"
        # frequencies are recomputed per call (tiny) so one unit serves any head width
        inv_freq = self.rotary_base ** (-torch.arange(0, R, 2, device=rope_input.device, dtype=torch.float32) / R)
        if rope_positions is None:
            pos = torch.arange(rope_offset, rope_offset + L, device=rope_input.device, dtype=torch.float32)
        else:
            pos = rope_positions.to(device=rope_input.device, dtype=torch.float32)
            assert pos.shape[-1] == L, f"rope_positions has {pos.shape[-1]} positions for {L} tokens"
        angles = (pos[..., None] * inv_freq).expand(B, L, R // 2)  # (B, L, R/2)
        cos = angles.cos()[:, :, None, :]  # (B, L, 1, R/2)
        sin = angles.sin()[:, :, None, :]
        x = rope_input[..., :R].float().reshape(B, L, H, R // 2, 2)  # (B, L, H, R/2, 2): channel pairs
        x1, x2 = x[..., 0], x[..., 1]
        out = torch.stack((x1 * cos - x2 * sin, x1 * sin + x2 * cos), dim=-1).flatten(-2)  # (B, L, H, R)
        out = out.to(rope_input.dtype)
        if R < D:  # partial rotary: the remaining channels carry no position
            out = torch.cat((out, rope_input[..., R:]), dim=-1)
        return X, {"rope_output": out}


@gau_test
def test_rope_relative_positions(device=None, dtype=None) -> None:
    rope = RotaryPositionalEmbeddings(embed_dim=32, block_loc=(0, 1), kwarg_all={}, device=device, dtype=dtype)
    X = torch.randn(1, 6, 32, device=device, dtype=dtype)
    q = torch.randn(1, 1, 1, 16, device=device, dtype=dtype).expand(1, 6, 1, 16).contiguous()
    Y, Z = rope(X, rope_input=q)
    assert torch.equal(Y, X), "X must pass through"
    r = Z["rope_output"]
    assert r.shape == q.shape
    # the same vector at every position: <r_i, r_j> depends only on i - j, and norms are kept
    dots = (r[0, :, 0] @ r[0, :, 0].T).float()
    assert torch.allclose(dots[0, 1], dots[3, 4], atol=1e-4), "rotation must be relative"
    assert torch.allclose(r.float().norm(dim=-1), q.float().norm(dim=-1), atol=1e-4)
    _, Z = rope(X, rope_input=q, rope_positions=torch.arange(6, device=device) % 3)
    assert torch.allclose(Z["rope_output"][:, 3:], r[:, :3]), "explicit positions must be honoured"


CHILDREN_DECLARATIONS = []
