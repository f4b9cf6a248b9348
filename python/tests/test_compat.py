"""Tests of genesys_rt.compat: stand-ins against hand-computed values, shims against manual maths."""
import importlib
import math
import unittest

import torch
import torch.nn.functional as F
from torch import nn

from genesys_rt import compat, gau

compat.install()


class EinopsStandInTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.x = torch.randn(2, 5, 12)  # (B, L, H*D) with H=3, D=4

    def test_split_and_permute_heads(self):
        got = compat.rearrange(self.x, "b l (h d) -> b h l d", h=3)
        want = self.x.reshape(2, 5, 3, 4).permute(0, 2, 1, 3)
        self.assertTrue(torch.equal(got, want))

    def test_ellipsis_split_and_merge_round_trip(self):
        split = compat.rearrange(self.x, "... (h d) -> ... h d", d=4)
        self.assertEqual(split.shape, (2, 5, 3, 4))
        self.assertTrue(torch.equal(compat.rearrange(split, "... h d -> ... (h d)"), self.x))

    def test_ellipsis_in_the_middle_and_singletons(self):
        chunks = compat.rearrange(self.x, "b (c l) ... -> b c l ...", l=5)
        self.assertEqual(chunks.shape, (2, 1, 5, 12))
        self.assertEqual(compat.rearrange(self.x, "... d -> ... 1 d").shape, (2, 5, 1, 12))
        self.assertEqual(compat.rearrange(self.x, "b s h -> b h s 1").shape, (2, 12, 5, 1))

    def test_repeat_new_axes(self):
        got = compat.repeat(self.x, "... d -> ... d e", e=3)
        self.assertTrue(torch.equal(got, self.x.unsqueeze(-1).expand(2, 5, 12, 3)))
        heads = self.x.reshape(2, 5, 3, 4)  # b t h d
        got = compat.repeat(heads, "b t h d -> b (h g) t d", g=2)
        want = heads.permute(0, 2, 1, 3).repeat_interleave(2, dim=1)
        self.assertTrue(torch.equal(got, want))

    def test_reduce_and_stack(self):
        self.assertTrue(torch.allclose(compat.reduce(self.x, "b l d -> b d", "mean"), self.x.mean(1)))
        self.assertTrue(torch.equal(compat.reduce(self.x, "b l d -> l", "max"), self.x.amax(dim=(0, 2))))
        stacked = compat.rearrange([self.x, self.x], "n b l d -> b n l d")
        self.assertEqual(stacked.shape, (2, 2, 5, 12))

    def test_einsum_with_named_axes(self):
        a, b = torch.randn(2, 3, 4), torch.randn(4, 5)
        got = compat.einsum(a, b, "batch i inner, inner j -> batch i j")
        self.assertTrue(torch.allclose(got, a @ b))

    def test_bad_patterns_raise(self):
        with self.assertRaises(compat.EinopsError):
            compat.rearrange(self.x, "b l (h d) -> b h l d")  # two unknown sizes in one group
        with self.assertRaises(compat.EinopsError):
            compat.rearrange(self.x, "b l d -> b l")  # reduction is not a rearrange
        with self.assertRaises(compat.EinopsError):
            compat.rearrange(self.x, "b l (h d) -> b h l d", h=5)


class TransformersStandInTest(unittest.TestCase):
    def test_activations(self):
        x = torch.linspace(-3, 3, 7)
        table = compat.ACT2FN
        self.assertTrue(torch.allclose(table["silu"](x), F.silu(x)))
        self.assertTrue(torch.allclose(table["swish"](x), F.silu(x)))
        self.assertTrue(torch.allclose(table["gelu"](x), F.gelu(x)))
        self.assertTrue(torch.allclose(table["quick_gelu"](x), x * torch.sigmoid(1.702 * x)))
        self.assertIsInstance(table["relu"], nn.Module)
        self.assertIsNot(table["tanh"], table["tanh"])  # a fresh module per lookup
        with self.assertRaises(KeyError):
            table["no_such_activation"]

    def test_imports_resolve(self):
        from transformers.activations import ACT2FN
        from transformers.utils import logging
        self.assertIsInstance(ACT2FN["gelu_pytorch_tanh"], nn.Module)
        self.assertEqual(logging.get_logger("unit").name, "unit")


class TorchtuneStandInTest(unittest.TestCase):
    def test_rms_norm(self):
        x = torch.randn(2, 3, 8)
        want = x / torch.sqrt(x.pow(2).mean(-1, keepdim=True) + 1e-5)
        self.assertTrue(torch.allclose(compat.RMSNorm(8, eps=1e-5)(x), want, atol=1e-6))

    def test_rope_rotates_adjacent_pairs(self):
        rope = compat.RotaryPositionalEmbeddings(dim=4, max_seq_len=16, base=10_000)
        x = torch.randn(2, 3, 2, 4)  # (b, s, n_h, h_d)
        got = rope(x)
        for position in range(3):
            for pair, theta in enumerate([1.0, 10_000 ** -0.5]):
                angle = position * theta
                x0, x1 = x[:, position, :, 2 * pair], x[:, position, :, 2 * pair + 1]
                self.assertTrue(torch.allclose(got[:, position, :, 2 * pair], x0 * math.cos(angle) - x1 * math.sin(angle), atol=1e-5))
                self.assertTrue(torch.allclose(got[:, position, :, 2 * pair + 1], x1 * math.cos(angle) + x0 * math.sin(angle), atol=1e-5))
        padded = torch.cat([torch.zeros(2, 2, 2, 4), x], dim=1)  # x at positions 2..4
        shifted = rope(x, input_pos=torch.arange(2, 5))
        self.assertTrue(torch.allclose(shifted, rope(padded)[:, 2:], atol=1e-6))


class TorchShimTest(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.q, self.k, self.v = (torch.randn(2, 3, 5, 4) for _ in range(3))

    def manual(self, mask_add, scale=0.5):  # default scale 1/sqrt(head dim 4)
        scores = self.q @ self.k.transpose(-2, -1) * scale + mask_add
        return torch.softmax(scores, -1) @ self.v

    def test_causal(self):
        causal = torch.full((5, 5), float("-inf")).triu(1)
        for sdpa in (F.scaled_dot_product_attention, compat._sdpa_fallback):
            got = sdpa(self.q, self.k, self.v, is_causal=True)
            self.assertTrue(torch.allclose(got, self.manual(causal), atol=1e-5))

    def test_masks_and_scale(self):
        keep = torch.rand(5, 5) > 0.3
        keep[:, 0] = True  # every query keeps one key, so no row is all -inf
        additive = torch.zeros(5, 5).masked_fill(~keep, float("-inf"))
        for sdpa in (F.scaled_dot_product_attention, compat._sdpa_fallback):
            self.assertTrue(torch.allclose(sdpa(self.q, self.k, self.v, attn_mask=keep), self.manual(additive), atol=1e-5))
            self.assertTrue(torch.allclose(sdpa(self.q, self.k, self.v, attn_mask=additive), self.manual(additive), atol=1e-5))
            scaled = sdpa(self.q, self.k, self.v, scale=0.2)
            self.assertTrue(torch.allclose(scaled, self.manual(0.0, scale=0.2), atol=1e-5))

    def test_layer_norm_without_bias(self):
        norm = nn.LayerNorm(6, bias=False)
        self.assertIsNone(norm.bias)
        self.assertEqual([name for name, _ in norm.named_parameters()], ["weight"])
        x = torch.randn(2, 6)
        self.assertTrue(torch.allclose(norm(x), F.layer_norm(x, (6,)), atol=1e-6))
        self.assertIsNotNone(nn.LayerNorm(6).bias)

    def test_checkpoint_reachable_from_torch(self):
        self.assertTrue(callable(torch.utils.checkpoint.checkpoint))


class ModuleAliasTest(unittest.TestCase):
    def test_original_import_line(self):
        from model_discovery.model.utils.modules import GAUBase, GABBase, UnitDecl, gau_test
        self.assertIs(GAUBase, gau.LegacyGAUBase)  # the original rule for Z
        self.assertIs(GABBase, gau.GABBase)
        self.assertIs(UnitDecl, gau.UnitDecl)
        self.assertIs(gau_test, gau.gau_test)

    def test_kernel_packages_stay_unimportable(self):
        for name in compat.BLOCKED_MODULES:
            with self.assertRaises(ImportError):
                importlib.import_module(name)

    def test_install_is_idempotent(self):
        finders = list(__import__("sys").meta_path)
        compat.install()
        self.assertEqual(finders, list(__import__("sys").meta_path))


if __name__ == "__main__":
    unittest.main()
