# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class RWKV6TimeMix(GAUBase):
    """RWKV-6 ("Finch") time mixing with data-dependent decay (arXiv 2404.05892).

    1. Token shift with data-dependent interpolation ("ddlerp"): a low-rank map of a first mix
       ``x + (x_{t-1} - x_t) ∘ maa_x`` yields per-token offsets for the five interpolations
       (decay w, key k, value v, receptance r, gate g).
    2. ``r, k, v, g`` are ``LerpLinear`` projections (a child shared with channel mixing; inputs and
       outputs go through Z).
    3. Per-channel, per-token decay ``w_t = exp(-exp(d_t))`` with ``d_t = time_decay + LoRA(x_w)``.
    4. Per head, a matrix-valued state ``S`` (K x V):
       ``o_t = r_t (S_{t-1} + diag(u) k_t^T v_t)``, ``S_t = diag(w_t) S_{t-1} + k_t^T v_t``.
    5. ``Y = W_o (GroupNorm(o) ∘ silu(g))``.

    The recurrence is computed exactly in chunks of ``rwkv_chunk_size`` tokens: within a chunk a
    masked quadratic form, across chunks a short loop carrying the state. The log decay is clamped
    at ``-rwkv_max_log_decay`` per token (a decay of 0.0067 per step at the default 5) so the
    within-chunk rescaling ``exp(chunk_size * rwkv_max_log_decay)`` stays inside float range
    (keep that product below ~85).

    Args:
        rwkv_head_dim: key/value width per head (heads = embed_dim / rwkv_head_dim, adjusted to divide).
        rwkv_mix_rank: rank of the data-dependent interpolation map.
        rwkv_decay_rank: rank of the data-dependent decay map.
        rwkv_chunk_size: tokens per chunk of the scan (speed only; the result is the same).
        rwkv_max_log_decay: clamp of ``exp(d_t)``.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None, rwkv_head_dim=32,
                 rwkv_mix_rank=16, rwkv_decay_rank=32, rwkv_chunk_size=16, rwkv_max_log_decay=5.0, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        D = embed_dim
        heads = max(1, D // rwkv_head_dim)
        while D % heads:
            heads -= 1
        self.n_heads, self.head_dim = heads, D // heads
        self.chunk_size = rwkv_chunk_size
        self.max_log_decay = rwkv_max_log_decay
        layer, n_layers = block_loc
        ratio_0_to_1 = layer / max(1, n_layers - 1)
        ratio_1_to_0 = 1.0 - layer / max(1, n_layers)
        f32 = {"device": device, "dtype": torch.float32}
        ramp = torch.arange(D, **f32) / D  # (D,)
        to = dtype or torch.float32
        # first, static mix that feeds the low-rank interpolation map, and the static mix of w
        self.maa_x = nn.Parameter((1.0 - ramp.pow(ratio_1_to_0)).to(to))
        self.maa_w = nn.Parameter((1.0 - ramp.pow(ratio_1_to_0)).to(to))
        # low-rank map x -> five offsets [w, k, v, r, g]; small random init so both factors learn
        self.maa_w1 = nn.Parameter(torch.empty(D, 5 * rwkv_mix_rank, **f32).uniform_(-1e-2, 1e-2).to(to))
        self.maa_w2 = nn.Parameter(torch.empty(5, rwkv_mix_rank, D, **f32).uniform_(-1e-2, 1e-2).to(to))
        # decay: a per-channel base from fast (-6) to slow (-1), plus a low-rank data-dependent part
        n = torch.arange(D, **f32) / max(1, D - 1)
        self.time_decay = nn.Parameter((-6.0 + 5.0 * n.pow(0.7 + 1.3 * ratio_0_to_1)).to(to))
        self.decay_w1 = nn.Parameter(torch.empty(D, rwkv_decay_rank, **f32).uniform_(-1e-2, 1e-2).to(to))
        self.decay_w2 = nn.Parameter(torch.empty(rwkv_decay_rank, D, **f32).uniform_(-1e-2, 1e-2).to(to))
        # bonus u for the current token, per head and channel
        zigzag = (torch.arange(D, **f32) + 1) % 3 - 1
        self.time_first = nn.Parameter((ratio_0_to_1 * (1.0 - n) + 0.1 * zigzag).view(heads, self.head_dim).to(to))
        self.receptance = LerpLinear(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                                     **self.factory_kwargs, **self.kwarg_all)
        self.key = LerpLinear(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                              **self.factory_kwargs, **self.kwarg_all)
        self.value = LerpLinear(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                                **self.factory_kwargs, **self.kwarg_all)
        self.gate = LerpLinear(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                               **self.factory_kwargs, **self.kwarg_all)
        self.group_norm = nn.GroupNorm(heads, D, eps=64e-5, **self.factory_kwargs)
        self.out_proj = nn.Linear(D, D, bias=False, **self.factory_kwargs)

    def _wkv(self, r, k, v, logw, u):
        """Chunked exact scan. r, k, logw: (B, H, L, K); v: (B, H, L, V); u: (H, K). Returns (B, H, L, V)."""
        B, H, L, K = k.shape
        V = v.shape[-1]
        T = min(self.chunk_size, L)
        pad = (-L) % T
        if pad:  # pad the end (zero key and value, no decay): nothing flows backwards
            r, k, v, logw = (F.pad(t, (0, 0, 0, pad)) for t in (r, k, v, logw))
        c = (L + pad) // T
        r, k, logw = (t.reshape(B, H, c, T, K) for t in (r, k, logw))  # (B, H, c, T, K)
        v = v.reshape(B, H, c, T, V)
        cin = logw.float().cumsum(dim=3)  # (B, H, c, T, K): log decay up to and including t
        cex = cin - logw  # log decay up to t, excluding t
        # within a chunk, pair (i, j < i) weighs k_j by exp(cex_i - cin_j) <= 1, factored as
        # exp(cex_i) * exp(-cin_j) relative to the chunk start (nothing from the future enters row i).
        # exp(-cin_j) <= exp(T * max_log_decay) = exp(80) at the defaults: inside float32/bf16 range.
        rq = r * torch.exp(cex).to(r.dtype)  # (B, H, c, T, K)
        kq = k * torch.exp(-cin).to(k.dtype)
        att = rq @ kq.transpose(-2, -1)  # (B, H, c, T, T)
        strict = torch.ones(T, T, dtype=torch.bool, device=k.device).tril(-1)
        att = att.masked_fill(~strict, 0.0)  # j >= i (may overflow there) is dropped exactly
        bonus = (r * k * u.to(r.dtype)[None, :, None, None, :]).sum(-1, keepdim=True)  # (B, H, c, T, 1)
        out = att @ v + bonus * v  # (B, H, c, T, V)
        # across chunks: the state entering each chunk, then its contribution
        k_to_end = k * torch.exp(cin[:, :, :, -1:] - cin).to(k.dtype)  # (B, H, c, T, K)
        chunk_decay = torch.exp(cin[:, :, :, -1])  # (B, H, c, K)
        S = torch.zeros(B, H, K, V, dtype=out.dtype, device=k.device)
        entering = []
        for i in range(c):
            entering.append(S)
            S = chunk_decay[:, :, i, :, None] * S + k_to_end[:, :, i].transpose(-2, -1) @ v[:, :, i]  # (B, H, K, V)
        S_in = torch.stack(entering, dim=2)  # (B, H, c, K, V)
        out = out + rq @ S_in.to(rq.dtype)  # (B, H, c, T, V)
        return out.reshape(B, H, c * T, V)[:, :, :L]

    def _forward(self, X, **Z):
        B, L, D = X.shape
        H, K = self.n_heads, self.head_dim
        delta = F.pad(X, (0, 0, 1, -1)) - X  # (B, L, D): x_{t-1} - x_t
        xx = X + delta * self.maa_x
        rank = self.maa_w2.shape[1]
        lora = torch.tanh(xx @ self.maa_w1).view(B, L, 5, rank)  # (B, L, 5, rank)
        mw, mk, mv, mr, mg = torch.einsum("blfr,frd->fbld", lora, self.maa_w2).unbind(0)  # each (B, L, D)

        Z["lerp_delta"] = delta
        proj = {}
        for name, unit, mu in (("r", self.receptance, mr), ("k", self.key, mk), ("v", self.value, mv),
                               ("g", self.gate, mg)):
            Z["lerp_mu"] = mu
            _, Z = unit(X, **Z)
            proj[name] = Z.pop("lerp_out")  # (B, L, D)
        Z.pop("lerp_mu")
        Z.pop("lerp_delta")

        xw = X + delta * (self.maa_w + mw)
        d = self.time_decay + torch.tanh(xw @ self.decay_w1) @ self.decay_w2  # (B, L, D)
        logw = -torch.exp(d.float()).clamp(max=self.max_log_decay)  # (B, L, D), log of w_t in [-max, 0)

        def heads(t):
            return t.view(B, L, H, K).transpose(1, 2)  # (B, H, L, K)
        o = self._wkv(heads(proj["r"]), heads(proj["k"]), heads(proj["v"]), heads(logw), self.time_first)
        o = o.transpose(1, 2).reshape(B * L, D)  # (B*L, D): GroupNorm per position and head
        gn = self.group_norm  # in float32 whatever the autocast or parameter dtype
        o = F.group_norm(o.float(), gn.num_groups, gn.weight.float(), gn.bias.float(), gn.eps)
        o = o.view(B, L, D).to(X.dtype)
        return self.out_proj(o * F.silu(proj["g"])), Z


@gau_test
def test_time_mix_matches_recurrence(device=None, dtype=None) -> None:
    torch.manual_seed(0)
    tm = RWKV6TimeMix(embed_dim=64, block_loc=(0, 2), kwarg_all={}, rwkv_chunk_size=4, device=device, dtype=dtype)
    B, H, L, K = 2, tm.n_heads, 11, tm.head_dim
    r, k, v = (torch.randn(B, H, L, K, device=device) for _ in range(3))
    logw = -torch.rand(B, H, L, K, device=device) * 3
    u = torch.randn(H, K, device=device)
    out = tm._wkv(r, k, v, logw, u)
    S = torch.zeros(B, H, K, K, device=device)
    for t in range(L):
        kv = k[:, :, t, :, None] * v[:, :, t, None, :]  # (B, H, K, V)
        ref = (r[:, :, t, :, None] * (S + u[None, :, :, None] * kv)).sum(-2)
        assert torch.allclose(out[:, :, t], ref, atol=1e-4), f"chunked scan differs from the recurrence at {t}"
        S = logw[:, :, t, :, None].exp() * S + kv
    X = torch.randn(2, 19, 64, device=device, dtype=dtype)
    Y, Z = tm(X)
    assert Y.shape == X.shape and not any(key.startswith("lerp_") for key in Z)


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="LerpLinear",
             requirements="linear map of a token-shift interpolation; reads lerp_delta and lerp_mu from Z, writes lerp_out",
             inputs=["X", "*lerp_delta", "*lerp_mu"], outputs=["Y", "lerp_out"]),
]
