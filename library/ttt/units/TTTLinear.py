# GAU_IMPLEMENTATION_FILE
import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class TTTLinear(GAUBase):
    """TTT-Linear: a sequence layer whose hidden state is a linear model trained while reading
    (Sun et al. 2024, "Learning to (Learn at Test Time)", arXiv 2407.04620).

    Per head, the state is ``f(x) = LN(x W + b)`` (K x K weights plus a per-head LayerNorm).
    Tokens arrive in mini-batches of ``ttt_mini_batch_size``. For a mini-batch starting from
    ``(W, b)``, token ``j`` contributes the gradient of the self-supervised loss
    ``0.5 ||f(k_j) - (v_j - k_j)||^2`` (reconstruct the value view from the key view), taken at
    ``(W, b)``; token ``i`` is then read out with the model updated by tokens ``j <= i`` of the
    mini-batch, ``W_i = W - sum_{j<=i} eta_ij k_j^T g_j`` (same for ``b``), via the "dual form"
    (a masked ``q k^T`` product, no per-token loop):
    ``z_i = q_i W_i + b_i``, ``out_i = q_i + LN(z_i)``. The last token's update carries to the next
    mini-batch. The learning rate ``eta_ij = base_lr * sigmoid(x_j w_lr + b_lr) / K * c_i`` has a
    learned per-token gate and a position coefficient ``c_i = 1/(i+1) + learned offset`` (averaging
    the gradients seen so far). Queries and keys are rotated (``RotaryPositionalEmbeddings``,
    positions taken within the mini-batch). Output: ``W_o (LN(out) ∘ silu(x W_g))``.

    Outputs at position t only use inputs at positions <= t. The inner loop runs in float32.

    Args:
        ttt_head_dim: width K of each head's inner model (heads = embed_dim / K, adjusted to divide).
        ttt_mini_batch_size: tokens per inner gradient step.
        ttt_base_lr: base inner learning rate.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None,
                 ttt_head_dim=32, ttt_mini_batch_size=16, ttt_base_lr=1.0, **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        D = embed_dim
        heads = max(1, D // ttt_head_dim)
        while heads > 1 and (D % heads or (D // heads) % 2):
            heads -= 1
        self.n_heads, self.head_dim = heads, D // heads
        H, K, b = heads, self.head_dim, ttt_mini_batch_size
        self.mini_batch_size, self.base_lr = b, ttt_base_lr
        self.q_proj = nn.Linear(D, D, bias=False, **self.factory_kwargs)
        self.k_proj = nn.Linear(D, D, bias=False, **self.factory_kwargs)
        self.v_proj = nn.Linear(D, D, bias=False, **self.factory_kwargs)
        self.g_proj = nn.Linear(D, D, bias=False, **self.factory_kwargs)
        self.out_proj = nn.Linear(D, D, bias=False, **self.factory_kwargs)
        self.lr_proj = nn.Linear(D, H, bias=True, **self.factory_kwargs)  # per-token, per-head lr gate
        # initial inner model (learned "slow" weights) and its LayerNorm
        self.W1 = nn.Parameter(torch.randn(H, K, K, **self.factory_kwargs) * 0.02)
        self.b1 = nn.Parameter(torch.zeros(H, 1, K, **self.factory_kwargs))
        self.ttt_norm_weight = nn.Parameter(torch.ones(H, 1, K, **self.factory_kwargs))
        self.ttt_norm_bias = nn.Parameter(torch.zeros(H, 1, K, **self.factory_kwargs))
        self.token_idx_offset = nn.Parameter(torch.zeros(b, **self.factory_kwargs))
        self.post_norm = nn.LayerNorm(D, eps=1e-6, **self.factory_kwargs)
        self.rotary_emb = RotaryPositionalEmbeddings(embed_dim=self.embed_dim, block_loc=self.block_loc,
                                                     kwarg_all=self.kwarg_all, **self.factory_kwargs,
                                                     **self.kwarg_all)

    def _inner_loop(self, q, k, v, eta, gamma, beta, eps=1e-6):
        """q, k, v: (B, H, n, b, K); eta: (B, H, n, b, b) lower-triangular. Returns (B, H, n, b, K)."""
        B, H, n, b, K = q.shape
        W = self.W1.float().expand(B, H, K, K)
        bias = self.b1.float().expand(B, H, 1, K)
        outs = []
        for i in range(n):
            qi, ki, vi, ei = q[:, :, i], k[:, :, i], v[:, :, i], eta[:, :, i]  # (B, H, b, K), eta (B, H, b, b)
            z = ki @ W + bias  # (B, H, b, K)
            # gradient of 0.5 ||LN(z) - (v - k)||^2 w.r.t. z, LayerNorm backward written out
            zc = z - z.mean(-1, keepdim=True)
            std = (zc.pow(2).mean(-1, keepdim=True) + eps).sqrt()
            zhat = zc / std
            g_hat = (gamma * zhat + beta - (vi - ki)) * gamma
            grad = (K * g_hat - g_hat.sum(-1, keepdim=True) - zhat * (g_hat * zhat).sum(-1, keepdim=True)) / (K * std)
            # dual form: token i reads the model updated by tokens j <= i (eta is lower-triangular)
            attn = qi @ ki.transpose(-2, -1)  # (B, H, b, b)
            bias_i = bias - ei @ grad  # (B, H, b, K)
            z_q = qi @ W - (ei * attn) @ grad + bias_i
            zc_q = z_q - z_q.mean(-1, keepdim=True)
            std_q = (zc_q.pow(2).mean(-1, keepdim=True) + eps).sqrt()
            outs.append(qi + gamma * zc_q / std_q + beta)
            # carry the full mini-batch's update (the last row of eta) to the next mini-batch
            last = ei[:, :, -1:, :]  # (B, H, 1, b)
            W = W - (ki * last.transpose(-2, -1)).transpose(-2, -1) @ grad
            bias = bias - last @ grad
        return torch.stack(outs, dim=2)

    def _forward(self, X, **Z):
        B, L, D = X.shape
        H, K, b = self.n_heads, self.head_dim, self.mini_batch_size
        q = self.q_proj(X).view(B, L, H, K)  # (B, L, H, K)
        k = self.k_proj(X).view(B, L, H, K)
        v = self.v_proj(X).view(B, L, H, K)
        # rotate q and k with positions counted inside each mini-batch: the inner model sees
        # every mini-batch in the same frame
        Z["rope_input"] = torch.cat((q, k), dim=2)  # (B, L, 2H, K)
        Z["rope_positions"] = torch.arange(L, device=X.device) % b
        _, Z = self.rotary_emb(X, **Z)
        q, k = Z.pop("rope_output").split(H, dim=2)
        Z.pop("rope_input")
        Z.pop("rope_positions")
        lr = self.base_lr * torch.sigmoid(self.lr_proj(X).float()) / K  # (B, L, H)

        pad = (-L) % b
        n = (L + pad) // b
        with torch.autocast(device_type=X.device.type, enabled=False):
            def chunks(t):  # (B, L, H, K) -> (B, H, n, b, K); padding goes at the end (never read back)
                return F.pad(t.float(), (0, 0, 0, 0, 0, pad)).view(B, n, b, H, K).permute(0, 3, 1, 2, 4)
            qc, kc, vc = chunks(q), chunks(k), chunks(v)
            lr_c = F.pad(lr, (0, 0, 0, pad)).view(B, n, b, H).permute(0, 3, 1, 2)  # (B, H, n, b)
            coeff = (1.0 / torch.arange(1, b + 1, device=X.device, dtype=torch.float32)
                     + self.token_idx_offset.float()).clamp(min=0.0)  # (b,): averages the gradients so far
            tril = torch.ones(b, b, dtype=torch.bool, device=X.device).tril()
            eta = (coeff[:, None] * lr_c[..., None, :]).masked_fill(~tril, 0.0)  # (B, H, n, b, b): eta[i, j]
            out = self._inner_loop(qc, kc, vc, eta, self.ttt_norm_weight.float(), self.ttt_norm_bias.float())
            out = out.permute(0, 2, 3, 1, 4).reshape(B, n * b, D)[:, :L]  # (B, L, D)
        pn = self.post_norm  # in float32 whatever the autocast or parameter dtype
        out = F.layer_norm(out, (D,), pn.weight.float(), pn.bias.float(), pn.eps).to(X.dtype)
        return self.out_proj(out * F.silu(self.g_proj(X))), Z


@gau_test
def test_ttt_linear_dual_form(device=None, dtype=None) -> None:
    torch.manual_seed(0)
    ttt = TTTLinear(embed_dim=64, block_loc=(0, 1), kwarg_all={}, ttt_mini_batch_size=4, device=device, dtype=dtype)
    B, H, n, b, K = 1, ttt.n_heads, 3, 4, ttt.head_dim
    q, k, v = (torch.randn(B, H, n, b, K, device=device) for _ in range(3))
    lr = torch.rand(B, H, n, b, device=device) * 0.1
    coeff = 1.0 / torch.arange(1, b + 1, device=device, dtype=torch.float32)
    eta = (coeff[:, None] * lr[..., None, :]).tril()
    gamma = torch.rand(H, 1, K, device=device) + 0.5
    beta = torch.randn(H, 1, K, device=device) * 0.1
    out = ttt._inner_loop(q, k, v, eta, gamma, beta)

    def f(x, W, bb, h):  # the inner model of head h
        return F.layer_norm(x @ W + bb, (K,), eps=1e-6) * gamma[h, 0] + beta[h, 0]
    # reference: per head, per token, explicit gradients with autograd (primal form)
    for h in range(H):
        W, bb = ttt.W1[h].detach().clone(), ttt.b1[h, 0].detach().clone()
        for i in range(n):
            Wt = W.clone().requires_grad_(True)
            bt = bb.clone().requires_grad_(True)
            grads = []
            for j in range(b):
                x, y = k[0, h, i, j], v[0, h, i, j] - k[0, h, i, j]
                gW, gb = torch.autograd.grad(0.5 * (f(x, Wt, bt, h) - y).pow(2).sum(), (Wt, bt))
                grads.append((gW, gb))
            for t in range(b):
                Wi = W - sum(eta[0, h, i, t, j] * grads[j][0] for j in range(t + 1))
                bi = bb - sum(eta[0, h, i, t, j] * grads[j][1] for j in range(t + 1))
                ref = q[0, h, i, t] + f(q[0, h, i, t], Wi, bi, h)
                assert torch.allclose(out[0, h, i, t], ref, atol=1e-4), f"dual form differs (head {h}, batch {i}, token {t})"
            W = W - sum(eta[0, h, i, b - 1, j] * grads[j][0] for j in range(b))
            bb = bb - sum(eta[0, h, i, b - 1, j] * grads[j][1] for j in range(b))
    X = torch.randn(2, 13, 64, device=device, dtype=dtype)
    Y, Z = ttt(X)
    assert Y.shape == X.shape and not any(key.startswith("rope_") for key in Z)


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="RotaryPositionalEmbeddings",
             requirements="rotate a (B, L, H, D) tensor given in Z['rope_input'] by position; return it in Z['rope_output']",
             inputs=["X", "rope_input", "*rope_offset", "*rope_positions"], outputs=["Y", "rope_output"]),
]
