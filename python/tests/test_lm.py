import unittest

import torch

from genesys_rt.compose import compose, load
from genesys_rt.design import Design
from genesys_rt.lm import GenesysLM, LMConfig, count_parameters, padded_vocab

from .tiny_designs import tiny_design


def tiny_lm(**config) -> GenesysLM:
    composed = compose(Design.from_dict(tiny_design("good")))
    module = load(composed)
    return GenesysLM(LMConfig(**config), getattr(module, composed.block_class), module.gab_config)


class LanguageModel(unittest.TestCase):
    def test_vocab_is_padded_and_logits_cut_back(self):
        model = tiny_lm(vocab_size=250, d_model=16, n_block=2)
        self.assertEqual(padded_vocab(model.config), 256)
        logits = model(torch.randint(0, 250, (2, 5)))
        self.assertEqual(logits.shape, (2, 5, 250))

    def test_parameter_count_counts_tied_weights_once(self):
        model = tiny_lm(vocab_size=256, d_model=16, n_block=2)
        counts = count_parameters(model)
        per_block = 2 * (16 * 16 + 16)  # proj and gate with biases
        expected = 256 * 16 + 2 * per_block + 2 * 16  # embedding (= head), blocks, final LayerNorm
        self.assertEqual(counts["total"], expected)
        self.assertEqual(counts["embedding"], 256 * 16)
        self.assertEqual(counts["perUnit"], {"Mixer": 2 * per_block})
        self.assertIs(model.lm_head.weight, model.embedding.weight)

    def test_z_is_threaded_through_blocks(self):
        seen = []

        class Recorder(torch.nn.Module):
            def __init__(self, embed_dim, block_loc, device=None, dtype=None, **kwargs):
                super().__init__()
                self.layer = block_loc[0]

            def forward(self, X, **Z):
                seen.append(dict(Z))
                return X, {**Z, f"from_{self.layer}": self.layer}

        model = GenesysLM(LMConfig(d_model=8, n_block=3), Recorder)
        model(torch.zeros(1, 2, dtype=torch.long))
        self.assertEqual(seen, [{}, {"from_0": 0}, {"from_0": 0, "from_1": 1}])

    def test_loss_of_an_untrained_model_is_near_uniform(self):
        model = tiny_lm(vocab_size=256, d_model=16, n_block=1)
        loss = model.loss(torch.randint(0, 256, (4, 33)))
        self.assertAlmostEqual(loss.item(), torch.log(torch.tensor(256.0)).item(), delta=0.2)


if __name__ == "__main__":
    unittest.main()
