import unittest

import torch

from genesys_rt.compose import ComposeError, compose, load
from genesys_rt.design import Design

from .tiny_designs import ROOT, mixer_code, tiny_design

HELPER_A = "\n\ndef scale(x):\n    return x * 2\n"
HELPER_B = "\n\ndef scale(x):\n    return x * 3\n"


def with_helpers() -> Design:
    data = tiny_design("good")
    data["units"]["Tiny"]["code"] = ROOT.replace("class Tiny", HELPER_A.strip() + "\n\n\nclass Tiny").replace(
        "return X + H, Z", "return scale(X) + H, Z")
    data["units"]["Mixer"]["code"] = mixer_code("good").replace("class Mixer", HELPER_B.strip() + "\n\n\nclass Mixer").replace(
        "H = self.proj(X)", "H = scale(self.proj(X))")
    return Design.from_dict(data)


class Composition(unittest.TestCase):
    def test_composition_is_deterministic(self):
        first, second = compose(with_helpers()), compose(with_helpers())
        self.assertEqual(first.source, second.source)
        self.assertEqual(first.order, ["Tiny", "Mixer"])

    def test_helpers_with_the_same_name_do_not_overwrite_each_other(self):
        composed = compose(with_helpers())
        self.assertEqual(composed.renames, {"Tiny": {"scale": "scale__Tiny"}, "Mixer": {"scale": "scale__Mixer"}})
        module = load(composed)
        self.assertEqual(module.scale__Tiny(1), 2)
        self.assertEqual(module.scale__Mixer(1), 3)

    def test_every_unit_line_maps_back_to_its_file(self):
        design = with_helpers()
        composed = compose(design)
        for number, text in enumerate(composed.source.splitlines(), start=1):
            unit, line = composed.locate(number)
            if unit:
                self.assertEqual(design.units[unit].code.splitlines()[line - 1].replace("scale", ""),
                                 text.replace(f"scale__{unit}", ""))

    def test_a_unit_named_like_a_prefix_of_another_is_not_touched(self):
        data = tiny_design("good")
        data["units"]["Mixer"]["code"] = mixer_code("good").replace(
            "class Mixer", "class MixerHelper:\n    pass\n\n\nclass Mixer")
        composed = compose(Design.from_dict(data))
        self.assertIn("class MixerHelper", composed.source)
        self.assertEqual(composed.renames, {})

    def test_units_named_like_the_block_wrapper_stay_intact(self):
        for name in ("GABlock", "GAB"):
            data = tiny_design("good")
            code = data["units"]["Mixer"]["code"].replace("Mixer", name)
            data["units"] = {"Tiny": {**data["units"]["Tiny"], "code": data["units"]["Tiny"]["code"].replace("Mixer", name),
                                      "children": [name]},
                             name: {"name": name, "code": code}}
            data["declares"] = {name: {**data["declares"]["Mixer"], "unitname": name}}
            composed = compose(Design.from_dict(data))
            self.assertIn(f"class {name}(GAUBase)", composed.source)
            self.assertEqual(composed.block_class, "GenesysBlock" if name == "GAB" else "GAB")
            block = getattr(load(composed), composed.block_class)(16, (0, 1))
            self.assertEqual(block(torch.randn(1, 4, 16))[0].shape, (1, 4, 16))

    def test_a_declared_unimplemented_child_becomes_a_placeholder(self):
        data = tiny_design("good")
        del data["units"]["Mixer"]
        composed = compose(Design.from_dict(data))
        self.assertEqual(composed.placeholders, ["Mixer"])
        block = getattr(load(composed), composed.block_class)(16, (0, 1))
        X = torch.randn(1, 4, 16)
        Y, _ = block(X)
        self.assertTrue(torch.equal(Y, 2 * X))

    def test_an_undeclared_missing_child_is_an_error(self):
        data = tiny_design("good")
        del data["units"]["Mixer"]
        data["declares"] = {}
        with self.assertRaises(ComposeError):
            compose(Design.from_dict(data))

    def test_tests_are_kept_only_when_asked(self):
        design = Design.from_dict(tiny_design("good"))
        self.assertNotIn("def test_tiny_shape", compose(design).source)
        composed = compose(design, include_tests=True)
        self.assertEqual(composed.tests, [{"unit": "Tiny", "name": "test_tiny_shape", "original": "test_tiny_shape"}])

    def test_design_args_reach_units_as_kwarg_all(self):
        data = tiny_design("good")
        data["args"] = {"window": 4, "act": {"__expr__": "torch.tanh"}}
        composed = compose(Design.from_dict(data))
        module = load(composed)
        self.assertEqual(module.gab_config["window"], 4)
        self.assertIs(module.gab_config["act"], torch.tanh)


if __name__ == "__main__":
    unittest.main()
