import unittest
import warnings

import torch

from genesys_rt.lm import GenesysLM, LMConfig, count_parameters
from genesys_rt.sizing import load_block, size_design

from .fixtures_data import gpt_design

RATIO = 6 / 128  # the original's 14M shape: 6 blocks at d_model 128


def setUpModule():
    warnings.simplefilter("ignore")  # compat shims announce themselves once


class Sizing(unittest.TestCase):
    def assert_within(self, result, target, tolerance=0.2):
        self.assertTrue(result["withinTolerance"], result)
        self.assertLessEqual(abs(result["params"] - target), tolerance * target, result)

    def test_lands_within_tolerance_for_byte_vocabulary_targets(self):
        for target in (200_000, 1_000_000, 5_000_000):
            with self.subTest(target=target):
                result = size_design(gpt_design(), target, 257, RATIO)
                self.assert_within(result, target)
                self.assertEqual(result["dModel"] % 32, 0)

    def test_lands_within_tolerance_with_a_gpt2_vocabulary_on_meta(self):
        result = size_design(gpt_design(), 14_000_000, 50257, RATIO)
        self.assert_within(result, 14_000_000)
        self.assertGreater(result["params"], 50257 * result["dModel"])  # the embedding is counted

    def test_reported_params_are_the_exact_count_of_the_built_model(self):
        result = size_design(gpt_design(), 200_000, 257, RATIO)
        block_class, block_args = load_block(gpt_design())
        model = GenesysLM(LMConfig(257, result["dModel"], result["nBlock"]), block_class, block_args)
        self.assertEqual(result["params"], count_parameters(model)["total"])

    def test_prefers_the_depth_per_width_ratio(self):
        deep = size_design(gpt_design(), 2_000_000, 257, depth_per_width=1 / 16)
        wide = size_design(gpt_design(), 2_000_000, 257, depth_per_width=1 / 128)
        self.assert_within(deep, 2_000_000)
        self.assert_within(wide, 2_000_000)
        self.assertGreater(deep["nBlock"] / deep["dModel"], wide["nBlock"] / wide["dModel"])
        self.assertGreater(deep["nBlock"], wide["nBlock"])

    def test_widths_the_design_cannot_take_are_reported_and_skipped(self):
        design = gpt_design()
        design.args = {"mha_num_heads": 3}  # only widths divisible by 3 build
        result = size_design(design, 1_000_000, 257, RATIO)
        self.assert_within(result, 1_000_000)
        self.assertEqual(result["dModel"] % 96, 0)
        self.assertTrue(any("error" in candidate for candidate in result["candidates"]))

    def test_an_unreachable_target_is_reported_not_raised(self):
        result = size_design(gpt_design(), 50_000, 50257, RATIO)  # the smallest embedding alone is 1.6M
        self.assertFalse(result["withinTolerance"])
        self.assertEqual((result["dModel"], result["nBlock"]), (32, 1))

    def test_sizing_leaves_the_global_rng_alone(self):
        torch.manual_seed(0)
        expected = torch.rand(3)
        torch.manual_seed(0)
        size_design(gpt_design(), 200_000, 257, RATIO)
        self.assertTrue(torch.equal(torch.rand(3), expected))


if __name__ == "__main__":
    unittest.main()
