# GAU_IMPLEMENTATION_FILE
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from genesys_rt.gau import GAUBase, gau_test, UnitDecl


class Mamba2Layer(GAUBase):
    """A Mamba-2 mixer layer (Dao & Gu 2024, arXiv 2405.21060).

    1. ``in_proj`` maps X to a gate ``z``, the SSM input stream ``xBC`` and per-head step sizes ``dt``
       (all projections computed in parallel, as in Mamba-2);
    2. a short causal depthwise convolution plus SiLU on ``xBC``, split into ``x`` (heads of width P),
       ``B`` and ``C`` (``ssm_ngroups`` groups of ``ssm_state_dim``);
    3. ``dt = softplus(dt + dt_bias)``, per-head scalar decay ``A = -exp(A_log)``;
    4. the selective SSM ``S_t = exp(A dt_t) S_{t-1} + dt_t x_t B_t^T``, ``y_t = S_t C_t + D x_t``,
       computed by the ``SSDMinimalDiscrete`` child (through Z);
    5. gated RMSNorm ``norm(y * silu(z))`` and ``out_proj``.

    Args:
        ssm_expand: inner width = ``ssm_expand * embed_dim``.
        ssm_head_dim: width P of each SSM head (inner width / P heads).
        ssm_state_dim: state size N per head.
        ssm_ngroups: groups sharing B and C.
        ssm_conv_kernel: width of the causal depthwise convolution.
        ssm_dt_min, ssm_dt_max, ssm_dt_floor: range of the initial step sizes.
        ssm_A_init_range: range of the initial ``-A``.
    """

    def __init__(self, embed_dim, block_loc, kwarg_all, device=None, dtype=None,
                 ssm_expand=2, ssm_head_dim=64, ssm_state_dim=64, ssm_ngroups=1, ssm_conv_kernel=4,
                 ssm_dt_min=0.001, ssm_dt_max=0.1, ssm_dt_floor=1e-4, ssm_A_init_range=(1, 16), **kwargs):
        self.factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__(embed_dim, block_loc, kwarg_all)
        self.d_inner = ssm_expand * embed_dim
        assert self.d_inner % ssm_head_dim == 0, f"inner width {self.d_inner} not divisible by ssm_head_dim {ssm_head_dim}"
        self.head_dim = ssm_head_dim
        self.n_heads = self.d_inner // ssm_head_dim
        assert self.n_heads % ssm_ngroups == 0, f"{self.n_heads} heads not divisible by {ssm_ngroups} groups"
        self.ngroups, self.d_state = ssm_ngroups, ssm_state_dim
        self.conv_dim = self.d_inner + 2 * ssm_ngroups * ssm_state_dim
        # [z | x B C | dt]
        self.in_proj = nn.Linear(embed_dim, self.d_inner + self.conv_dim + self.n_heads, bias=False,
                                 **self.factory_kwargs)
        self.conv1d = nn.Conv1d(self.conv_dim, self.conv_dim, kernel_size=ssm_conv_kernel, groups=self.conv_dim,
                                padding=ssm_conv_kernel - 1, **self.factory_kwargs)
        # dt_bias = softplus^-1(dt) with dt log-uniform in [dt_min, dt_max]
        dt = torch.exp(torch.rand(self.n_heads, device=device) * (math.log(ssm_dt_max) - math.log(ssm_dt_min))
                       + math.log(ssm_dt_min)).clamp(min=ssm_dt_floor)
        self.dt_bias = nn.Parameter((dt + torch.log(-torch.expm1(-dt))).to(dtype or torch.float32))
        A = torch.empty(self.n_heads, device=device).uniform_(*ssm_A_init_range)
        self.A_log = nn.Parameter(torch.log(A).to(dtype or torch.float32))
        self.D = nn.Parameter(torch.ones(self.n_heads, **self.factory_kwargs))  # skip connection
        self.norm_weight = nn.Parameter(torch.ones(self.d_inner, **self.factory_kwargs))  # gated RMSNorm gain
        self.out_proj = nn.Linear(self.d_inner, embed_dim, bias=False, **self.factory_kwargs)
        self.ssd = SSDMinimalDiscrete(embed_dim=self.embed_dim, block_loc=self.block_loc, kwarg_all=self.kwarg_all,
                                      **self.factory_kwargs, **self.kwarg_all)

    def _forward(self, X, **Z):
        Bsz, L, _ = X.shape
        H, P, G, N = self.n_heads, self.head_dim, self.ngroups, self.d_state
        z, xBC, dt = torch.split(self.in_proj(X), [self.d_inner, self.conv_dim, H], dim=-1)
        # causal depthwise conv: pad both sides by k-1, keep the first L outputs
        xBC = F.silu(self.conv1d(xBC.transpose(1, 2))[..., :L].transpose(1, 2))  # (B, L, conv_dim)
        x, Bm, Cm = torch.split(xBC, [self.d_inner, G * N, G * N], dim=-1)
        x = x.reshape(Bsz, L, H, P)  # (B, L, H, P)
        dt = F.softplus(dt.float() + self.dt_bias.float())  # (B, L, H), positive step sizes
        A = -torch.exp(self.A_log.float())  # (H,), negative decay rates
        Z.update(ssd_x=x * dt[..., None].to(x.dtype), ssd_A=A * dt,
                 ssd_B=Bm.reshape(Bsz, L, G, N), ssd_C=Cm.reshape(Bsz, L, G, N))  # (B, L, G, N)
        _, Z = self.ssd(X, **Z)
        y = Z.pop("ssd_y")  # (B, L, H, P)
        for key in ("ssd_x", "ssd_A", "ssd_B", "ssd_C"):  # do not leak scratch tensors to later units
            Z.pop(key)
        y = y + x * self.D.to(x.dtype)[:, None]
        y = y.reshape(Bsz, L, self.d_inner) * F.silu(z)  # (B, L, d_inner), gate before the norm
        yf = y.float()
        y = (yf * torch.rsqrt(yf.pow(2).mean(-1, keepdim=True) + 1e-5) * self.norm_weight.float()).to(X.dtype)
        return self.out_proj(y), Z


@gau_test
def test_mamba2_layer_causal(device=None, dtype=None) -> None:
    layer = Mamba2Layer(embed_dim=64, block_loc=(0, 1), kwarg_all={}, ssd_chunk_size=8, device=device, dtype=dtype)
    X = torch.randn(2, 30, 64, device=device, dtype=dtype)
    Y, Z = layer(X)
    assert Y.shape == X.shape
    assert not any(k.startswith("ssd_") for k in Z), "scratch values must not leak through Z"
    X2 = X.clone()
    X2[:, 11:] = torch.randn_like(X2[:, 11:])
    Y2, _ = layer(X2)
    assert torch.allclose(Y[:, :11], Y2[:, :11], atol=1e-5), "the layer must be causal"


CHILDREN_DECLARATIONS = [
    UnitDecl(unitname="SSDMinimalDiscrete",
             requirements="exact chunked scan of the scalar-decay selective SSM; reads ssd_x, ssd_A, ssd_B, ssd_C from Z and writes ssd_y",
             inputs=["X", "ssd_x", "ssd_A", "ssd_B", "ssd_C"], outputs=["Y", "ssd_y"]),
]
