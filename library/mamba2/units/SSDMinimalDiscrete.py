# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class SSDMinimalDiscrete(GAUBase):
    """Chunked state-space-duality (SSD) scan of a discrete selective SSM (Mamba-2, arXiv 2405.21060).

    Per head ``h`` with scalar decay, the recurrence is
    ``S_t = exp(a_t) S_{t-1} + x_t B_t^T`` and ``y_t = S_t C_t`` (``S_t`` is ``P x N``).
    It is computed exactly, without a per-token loop, by cutting the sequence into chunks of
    ``ssd_chunk_size`` tokens:

    1. inside each chunk, the quadratic (attention-like) form ``(C B^T ∘ decay mask) x``;
    2. the state each chunk leaves behind;
    3. a short recurrence that carries states across chunks (a small ``c x c`` decay matrix);
    4. the contribution of the carried state to each position of the next chunk.

    All decays are ``exp`` of non-positive sums, so nothing overflows. The sequence is padded
    at the end to a whole number of chunks; padding never reaches earlier positions.

    Z inputs (X passes through unchanged):
        ssd_x: ``(B, L, H, P)`` inputs already multiplied by the step size ``dt``;
        ssd_A: ``(B, L, H)`` log decays ``A * dt`` (<= 0);
        ssd_B, ssd_C: ``(B, L, G, N)`` input and output projections, ``G`` groups shared by ``H/G`` heads.
    Z output:
        ssd_y: ``(B, L, H, P)``.

    Args:
        ssd_chunk_size: tokens per chunk (speed/memory trade-off only; the result is the same).
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, ssd_chunk_size=64, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.chunk_size = ssd_chunk_size

    @staticmethod
    def _segsum(a):
        """``out[..., i, j] = a[..., j+1] + ... + a[..., i]`` for ``i >= j``, ``-inf`` above the diagonal.

        Summing masked copies (instead of differencing a cumsum) keeps it exact for long chunks.
        """
        T = a.shape[-1]
        a = a[..., None].expand(*a.shape, T)  # (..., T, T): a[..., i, j] = a_i
        strict = torch.ones(T, T, dtype=torch.bool, device=a.device).tril(-1)
        a = a.masked_fill(~strict, 0.0)
        seg = a.cumsum(dim=-2)  # (..., T, T): sum over k in (j, i]
        return seg.masked_fill(~strict.logical_or(torch.eye(T, dtype=torch.bool, device=a.device)), float("-inf"))

    def _forward(self, X, ssd_x=None, ssd_A=None, ssd_B=None, ssd_C=None):
        assert ssd_x is not None and ssd_A is not None and ssd_B is not None and ssd_C is not None, \
            "SSDMinimalDiscrete needs ssd_x, ssd_A, ssd_B, ssd_C in Z"
        Bsz, L, H, P = ssd_x.shape
        G, N = ssd_B.shape[-2:]
        assert H % G == 0, f"{H} heads not divisible by {G} groups"
        hg = H // G  # heads per group: they share B and C, so C B^T is computed once per group
        T = min(self.chunk_size, L)
        pad = (-L) % T
        if pad:  # pad the end so that L is a whole number of chunks
            ssd_x = F.pad(ssd_x, (0, 0, 0, 0, 0, pad))
            ssd_A = F.pad(ssd_A, (0, 0, 0, pad))
            ssd_B = F.pad(ssd_B, (0, 0, 0, 0, 0, pad))
            ssd_C = F.pad(ssd_C, (0, 0, 0, 0, 0, pad))
        c = (L + pad) // T
        x = ssd_x.reshape(Bsz, c, T, G, hg, P).permute(0, 1, 3, 4, 2, 5)  # (B, c, G, hg, T, P)
        Bm = ssd_B.reshape(Bsz, c, T, G, N).transpose(2, 3)  # (B, c, G, T, N)
        Cm = ssd_C.reshape(Bsz, c, T, G, N).transpose(2, 3)  # (B, c, G, T, N)
        a = ssd_A.float().reshape(Bsz, c, T, G, hg).permute(0, 1, 3, 4, 2)  # (B, c, G, hg, T)
        a_cum = a.cumsum(dim=-1)  # (B, c, G, hg, T)

        # 1. within chunks: y_i = sum_{j<=i} (C_i . B_j) exp(a_{j+1..i}) x_j
        CB = Cm @ Bm.transpose(-2, -1)  # (B, c, G, T, T)
        decay = torch.exp(self._segsum(a)).to(CB.dtype)  # (B, c, G, hg, T, T)
        y = (CB.unsqueeze(3) * decay) @ x  # (B, c, G, hg, T, P)

        # 2. state left by each chunk (from zero): sum_j exp(a_{j+1..end}) x_j B_j^T
        decay_to_end = torch.exp(a_cum[..., -1:] - a_cum).to(x.dtype)  # (B, c, G, hg, T)
        xw = (x * decay_to_end[..., None]).transpose(-2, -1).reshape(Bsz, c, G, hg * P, T)
        states = xw @ Bm  # (B, c, G, hg*P, N)

        # 3. carry states across chunks: entering chunk z = sum_{k<z} exp(decay of chunks k+1..z-1) states_k
        states = states.reshape(Bsz, c, G, hg, P * N).permute(0, 2, 3, 1, 4)  # (B, G, hg, c, P*N)
        states = F.pad(states, (0, 0, 1, 0))  # (B, G, hg, c+1, P*N): zero state before the first chunk
        chunk_a = F.pad(a_cum[..., -1].permute(0, 2, 3, 1), (1, 0))  # (B, G, hg, c+1): per-chunk log decay
        chunk_decay = torch.exp(self._segsum(chunk_a)).to(states.dtype)  # (B, G, hg, c+1, c+1)
        entering = (chunk_decay @ states)[:, :, :, :-1]  # (B, G, hg, c, P*N)
        entering = entering.permute(0, 3, 1, 2, 4).reshape(Bsz, c, G, hg * P, N)  # (B, c, G, hg*P, N)

        # 4. contribution of the entering state: exp(a_{start..i}) C_i S
        y_off = (Cm @ entering.transpose(-2, -1)).view(Bsz, c, G, T, hg, P).transpose(3, 4)  # (B, c, G, hg, T, P)
        y = y + y_off * torch.exp(a_cum).to(y_off.dtype)[..., None]

        y = y.permute(0, 1, 4, 2, 3, 5).reshape(Bsz, c * T, H, P)[:, :L]  # (B, L, H, P)
        return X, {"ssd_y": y}


@gau_test
def test_ssd_matches_recurrence(device=None, dtype=None) -> None:
    torch.manual_seed(0)
    ssd = SSDMinimalDiscrete(embed_dim=32, block_loc=(0, 1), kwarg_all={}, ssd_chunk_size=8,
                             device=device, dtype=dtype)
    Bsz, L, H, P, G, N = 2, 21, 4, 3, 2, 5
    x = torch.randn(Bsz, L, H, P, device=device)
    a = -torch.rand(Bsz, L, H, device=device)
    Bm = torch.randn(Bsz, L, G, N, device=device)
    Cm = torch.randn(Bsz, L, G, N, device=device)
    X = torch.randn(Bsz, L, 32, device=device)
    _, Z = ssd(X, ssd_x=x, ssd_A=a, ssd_B=Bm, ssd_C=Cm)
    y = Z["ssd_y"]
    assert y.shape == (Bsz, L, H, P)
    # the naive recurrence, token by token
    S = torch.zeros(Bsz, H, P, N, device=device)
    Bh, Ch = Bm.repeat_interleave(H // G, dim=2), Cm.repeat_interleave(H // G, dim=2)
    for t in range(L):
        S = S * a[:, t, :, None, None].exp() + x[:, t, :, :, None] * Bh[:, t, :, None, :]
        ref = (S * Ch[:, t, :, None, :]).sum(-1)
        assert torch.allclose(y[:, t], ref, atol=1e-4), f"mismatch at t={t}"


CHILDREN_DECLARATIONS = []
