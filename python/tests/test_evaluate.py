import math
import tempfile
import unittest
import warnings
from pathlib import Path

import torch

from genesys_rt import ops
from genesys_rt.evaluate import evaluate, score_requests, score_task
from genesys_rt.lm import LMConfig
from genesys_rt.train import CHECKPOINT_FILE, TrainConfig, load_checkpoint, train

from .fixtures_data import gpt_design, make_dataset

MODEL = LMConfig(vocab_size=257, d_model=32, n_block=1)


def setUpModule():
    warnings.simplefilter("ignore")  # compat shims announce themselves once


class Bigram(torch.nn.Module):
    """A fake LM whose next-token logits depend only on the current token: hand-computable scores."""

    def __init__(self, table: torch.Tensor):
        super().__init__()
        self.table = table  # (V, V) logits of the next token given the current one
        self.config = LMConfig(vocab_size=table.shape[0])

    def forward(self, ids):  # (B, L) -> (B, L, V)
        return self.table[ids]

    def log_p(self, previous: int, token: int) -> float:
        return self.table[previous].log_softmax(-1)[token].item()


def option(context, continuation, size):
    return {"context": context, "continuation": continuation, "bytes": size}


class Scoring(unittest.TestCase):
    def setUp(self):
        torch.manual_seed(0)
        self.model = Bigram(torch.randn(6, 6) * 2)

    def direct(self, context, continuation) -> float:
        tokens = context + continuation
        return sum(self.model.log_p(tokens[i - 1], tokens[i]) for i in range(len(context), len(tokens)))

    def test_scores_are_sums_of_continuation_log_probs(self):
        requests = [([5], [1, 2, 3]), ([5, 0, 4], [2]), ([5, 1], [0, 0, 0, 1, 3])]
        for (context, continuation), (total, _) in zip(requests, score_requests(self.model, requests, 64, 6, "cpu")):
            self.assertAlmostEqual(total, self.direct(context, continuation), places=5)

    def test_long_contexts_are_cut_from_the_left(self):
        context, continuation = [5] + [1, 2] * 20, [3, 4]
        (total, _), = score_requests(self.model, [(context, continuation)], 8, 6, "cpu")
        self.assertAlmostEqual(total, self.direct(context, continuation), places=5)  # a bigram needs one token

    def test_choice_acc_and_length_normalised_acc(self):
        probabilities = torch.full((6, 6), 0.1)
        probabilities[5, 1], probabilities[5, 2], probabilities[2, 2] = 0.15, 0.45, 0.5
        model = Bigram((probabilities / probabilities.sum(-1, keepdim=True)).log())
        short, long = [1], [2, 2, 2, 2]  # long has the lower total but the higher total per byte
        item = {"kind": "choice", "gold": 1, "options": [option([5], short, 1), option([5], long, 40)]}
        sums = [sum(model.log_p(a, b) for a, b in zip([5] + cont, cont)) for cont in (short, long)]
        self.assertGreater(sums[0], sums[1])  # acc picks option 0 (wrong) ...
        self.assertGreater(sums[1] / 40, sums[0] / 1)  # ... acc_norm picks option 1 (right)
        metrics = score_task(model, [item], 64, 6, "cpu")
        self.assertEqual((metrics["acc,none"], metrics["acc_norm,none"]), (0.0, 1.0))

    def test_pair_prefers_the_likelier_sentence(self):
        good, bad = [5, 1, 2], [5, 2, 1]
        expected = float(self.direct([5], good[1:]) > self.direct([5], bad[1:]))
        item = {"kind": "pair", "gold": 0, "options": [option([5], good[1:], 2), option([5], bad[1:], 2)]}
        self.assertEqual(score_task(self.model, [item], 64, 6, "cpu")["acc,none"], expected)

    def test_cloze_greedy_accuracy_and_perplexity(self):
        table = torch.zeros(6, 6)
        table[5, 3] = table[3, 4] = 3.0  # greedy from 5 is 3, then 4
        model = Bigram(table)
        items = [{"kind": "cloze", "gold": 0, "options": [option([5], [3, 4], 2)]},
                 {"kind": "cloze", "gold": 0, "options": [option([5], [3, 0], 2)]}]
        metrics = score_task(model, items, 64, 6, "cpu")
        self.assertEqual(metrics["acc,none"], 0.5)
        sums = [model.log_p(5, 3) + model.log_p(3, 4), model.log_p(5, 3) + model.log_p(3, 0)]
        self.assertAlmostEqual(metrics["perplexity,none"], math.exp(-sum(sums) / 2), places=4)


class TrainedEvaluation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        root = Path(cls.scratch.name)
        cls.data = make_dataset(root / "data")
        config = TrainConfig(seq_len=32, batch_size=8, total_tokens=32 * 8 * 60, lr=5e-3, checkpoint_every=60,
                             log_every=60, seed=1, device="cpu")
        cls.training = train(gpt_design(), MODEL, cls.data, config, root / "run")
        cls.checkpoint = root / "run" / CHECKPOINT_FILE
        cls.trained = evaluate(gpt_design(), MODEL, cls.data, cls.checkpoint)

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def test_trained_weights_beat_the_random_baseline(self):
        random_result = evaluate(gpt_design(), MODEL, self.data, None, max_length=32)
        self.assertLess(self.trained["heldOut"]["loss"], random_result["heldOut"]["loss"] - 2.0)
        self.assertAlmostEqual(random_result["heldOut"]["loss"], math.log(257), delta=0.3)
        self.assertEqual(self.trained["maxLength"], 32)  # the training seq_len

    def test_altered_weights_change_the_result(self):
        checkpoint = load_checkpoint(self.checkpoint)
        for name, tensor in checkpoint["model"].items():
            if "Wqkv" in name or "fc1" in name:
                tensor.zero_()
        altered = Path(self.scratch.name) / "altered.pt"
        torch.save(checkpoint, altered)
        result = evaluate(gpt_design(), MODEL, self.data, altered)
        self.assertNotAlmostEqual(result["heldOut"]["loss"], self.trained["heldOut"]["loss"], places=2)

    def test_missing_or_incomplete_checkpoint_fails_loudly(self):
        with self.assertRaises(FileNotFoundError):
            evaluate(gpt_design(), MODEL, self.data, Path(self.scratch.name) / "nothing.pt")
        checkpoint = load_checkpoint(self.checkpoint)
        checkpoint["model"].pop(next(iter(checkpoint["model"])))
        broken = Path(self.scratch.name) / "broken.pt"
        torch.save(checkpoint, broken)
        with self.assertRaises(RuntimeError):
            evaluate(gpt_design(), MODEL, self.data, broken)

    def test_results_are_lm_eval_shaped(self):
        results = self.trained["results"]
        self.assertEqual(set(results), {"toy_choice", "toy_pair", "toy_cloze"})
        self.assertEqual(set(results["toy_choice"]),
                         {"acc,none", "acc_stderr,none", "acc_norm,none", "acc_norm_stderr,none"})
        self.assertIn("perplexity,none", results["toy_cloze"])
        self.assertEqual(self.trained["itemsPerTask"], {"toy_choice": 4, "toy_pair": 3, "toy_cloze": 2})
        # " the mat." is in the corpus; the distractors of the same length are not
        self.assertEqual(results["toy_choice"]["acc,none"], 1.0)
        held_out = self.trained["heldOut"]
        meta_val = (held_out["tokens"], held_out["loss"], held_out["bitsPerByte"])
        self.assertGreater(meta_val[0], 0)
        self.assertGreater(meta_val[2], 0)

    def test_op_arguments_as_the_typescript_side_sends_them(self):
        args = {"design": gpt_design().to_dict(), "model": {"dModel": 32, "nBlock": 1, "vocabSize": 257},
                "data": {"dir": str(self.data)}, "random": True, "tasks": ["toy_pair"], "maxHeldOutTokens": 64,
                "maxItemsPerTask": 2, "maxLength": 32}
        result = ops.OPS["evaluate"](args, lambda event: None)
        self.assertEqual(result["heldOut"]["tokens"], 64)
        self.assertEqual(result["itemsPerTask"], {"toy_pair": 2})
        with self.assertRaises(ValueError):
            ops.OPS["evaluate"]({**args, "checkpoint": str(self.checkpoint)}, lambda event: None)


if __name__ == "__main__":
    unittest.main()
