import unittest

import torch

from genesys_rt.gau import GAUBase, LegacyGAUBase


def make_unit(base, forward):
    class Probe(base):
        """Records what its _forward received."""

        def __init__(self):
            self.factory_kwargs = {"device": None, "dtype": None}
            super().__init__(4, (0, 1), {})
            self.seen = None

        _forward = forward

    return Probe()


def catch_all(self, X, **Z):
    self.seen = dict(Z)
    return X, {"out": 1}


def named(self, X, pos, scale=2.0):
    self.seen = {"pos": pos, "scale": scale}
    return X * scale


class ZRule(unittest.TestCase):
    X = torch.ones(1, 3, 4)

    def test_a_catch_all_receives_every_entry(self):
        unit = make_unit(GAUBase, catch_all)
        _, Z = unit(self.X, pos=1, mask="m")
        self.assertEqual(unit.seen, {"pos": 1, "mask": "m"})
        self.assertEqual(Z, {"pos": 1, "mask": "m", "out": 1})

    def test_named_parameters_are_filled_by_name_and_others_filtered(self):
        unit = make_unit(GAUBase, named)
        Y, Z = unit(self.X, pos=5, unrelated=True)
        self.assertEqual(unit.seen, {"pos": 5, "scale": 2.0})
        self.assertTrue(torch.equal(Y, 2 * self.X))
        self.assertEqual(Z, {"pos": 5, "unrelated": True})

    def test_original_unit_files_keep_the_original_rule(self):
        unit = make_unit(LegacyGAUBase, catch_all)
        _, Z = unit(self.X, pos=1)
        self.assertEqual(unit.seen, {})
        self.assertEqual(Z, {"pos": 1, "out": 1})
        unit = make_unit(LegacyGAUBase, named)
        unit(self.X, pos=3)
        self.assertEqual(unit.seen["pos"], 3)

    def test_a_wrong_output_shape_names_the_unit(self):
        unit = make_unit(GAUBase, lambda self, X, **Z: X[:, :-1])
        with self.assertRaisesRegex(ValueError, "Probe: output Y must have the input's shape"):
            unit(self.X)

    def test_reserved_keys_cannot_be_written(self):
        unit = make_unit(GAUBase, lambda self, X, **Z: (X, {"residual": X}))
        with self.assertRaisesRegex(ValueError, "reserved"):
            unit(self.X)

    def test_the_input_must_be_a_sequence_of_embed_dim(self):
        unit = make_unit(GAUBase, catch_all)
        with self.assertRaisesRegex(ValueError, r"\(B, L, 4\)"):
            unit(torch.ones(3, 4))


if __name__ == "__main__":
    unittest.main()
