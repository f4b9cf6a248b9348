import json
import tempfile
import unittest
from pathlib import Path

import torch

from genesys_rt.shards import BatchSampler, ShardError, held_out_batches, open_dataset, write_dataset


def write(directory, tokens, vocab=257, documents=None):
    """One document per split; returns the dataset directory."""
    return write_dataset(directory, {"train": documents or [tokens], "val": [tokens], "test": [tokens[:5]]},
                         vocab, vocab - 1)


class ShardFormat(unittest.TestCase):
    def setUp(self):
        self.scratch = tempfile.TemporaryDirectory()
        self.dir = Path(self.scratch.name)

    def tearDown(self):
        self.scratch.cleanup()

    def test_uint16_ids_above_int16_range_read_back_exactly(self):
        ids = [0, 1, 32767, 32768, 40000, 65534]
        write(self.dir, ids, vocab=65535)
        split = open_dataset(self.dir).splits["train"]
        self.assertEqual(split.window(0, 7).tolist(), ids + [65534])  # + EOS
        self.assertEqual(split.window(0, 7).dtype, torch.int64)

    def test_uint32_ids_read_back_exactly(self):
        ids = [5, 70000, 2**31 + 7, 100255]
        write(self.dir, ids, vocab=2**32 - 1)
        dataset = open_dataset(self.dir)
        self.assertEqual(dataset.meta["dtype"], "uint32")
        self.assertEqual(dataset.splits["train"].window(0, 4).tolist(), ids)

    def test_a_window_spans_shard_boundaries(self):
        write(self.dir, list(range(100)))
        meta = json.loads((self.dir / "meta.json").read_text())
        raw = (self.dir / "train-000.bin").read_bytes()  # 101 tokens (with EOS), 2 bytes each
        (self.dir / "train-000.bin").write_bytes(raw[:60])
        (self.dir / "train-001.bin").write_bytes(raw[60:])
        meta["splits"]["train"]["shards"] = [{"file": "train-000.bin", "tokens": 30},
                                             {"file": "train-001.bin", "tokens": 71}]
        (self.dir / "meta.json").write_text(json.dumps(meta))
        split = open_dataset(self.dir).splits["train"]
        self.assertEqual(split.window(25, 10).tolist(), list(range(25, 35)))

    def test_missing_shard_names_the_file(self):
        write(self.dir, list(range(50)))
        (self.dir / "val-000.bin").unlink()
        with self.assertRaises(ShardError) as caught:
            open_dataset(self.dir)
        self.assertEqual(caught.exception.file, "val-000.bin")
        self.assertIn("val-000.bin", str(caught.exception))

    def test_truncated_shard_names_the_file(self):
        write(self.dir, list(range(50)))
        path = self.dir / "train-000.bin"
        path.write_bytes(path.read_bytes()[:-3])
        with self.assertRaises(ShardError) as caught:
            open_dataset(self.dir)
        self.assertIn("train-000.bin", str(caught.exception))
        self.assertIn("truncated", str(caught.exception))

    def test_checksum_is_checked_only_when_asked(self):
        write(self.dir, list(range(50)))
        path = self.dir / "train-000.bin"
        data = bytearray(path.read_bytes())
        data[0] ^= 1
        path.write_bytes(bytes(data))
        open_dataset(self.dir)  # same size: passes without the sha256 check
        with self.assertRaises(ShardError) as caught:
            open_dataset(self.dir, verify_checksums=True)
        self.assertIn("sha256", str(caught.exception))

    def test_wrong_format_is_rejected(self):
        write(self.dir, list(range(50)))
        meta = json.loads((self.dir / "meta.json").read_text())
        meta["format"] = "something-else@9"
        (self.dir / "meta.json").write_text(json.dumps(meta))
        with self.assertRaises(ShardError):
            open_dataset(self.dir)


class Sampling(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory()
        write(cls.scratch.name, [i % 200 for i in range(1000)])
        cls.split = open_dataset(cls.scratch.name).splits["train"]

    @classmethod
    def tearDownClass(cls):
        cls.scratch.cleanup()

    def test_same_seed_same_batches(self):
        first, second = BatchSampler(self.split, 16, 4, seed=3), BatchSampler(self.split, 16, 4, seed=3)
        for _ in range(20):
            self.assertTrue(torch.equal(first.next_batch(), second.next_batch()))
        self.assertFalse(torch.equal(BatchSampler(self.split, 16, 4, seed=4).next_batch(),
                                     BatchSampler(self.split, 16, 4, seed=3).next_batch()))

    def test_restored_position_continues_the_same_stream(self):
        sampler = BatchSampler(self.split, 16, 4, seed=1)
        for _ in range(17):  # past one epoch (1001 tokens / 17 per window = 58 windows)
            sampler.next_batch()
        state = sampler.state()
        expected = [sampler.next_batch() for _ in range(10)]
        restored = BatchSampler(self.split, 16, 4, seed=1)
        restored.load_state(state)
        for batch in expected:
            self.assertTrue(torch.equal(batch, restored.next_batch()))

    def test_an_epoch_has_no_repeated_window(self):
        sampler = BatchSampler(self.split, 16, 1, seed=0)
        starts = sampler._epoch_order(0)
        self.assertEqual(len(set(starts)), len(starts))
        self.assertTrue(all(b - a >= 17 for a, b in zip(sorted(starts), sorted(starts)[1:])))
        batch = sampler.next_batch()
        self.assertEqual(batch.shape, (1, 17))

    def test_held_out_windows_predict_every_token_once(self):
        targets = [row[1:] for batch in held_out_batches(self.split, 64, 3) for row in batch]
        self.assertEqual(torch.cat(targets).tolist(), self.split.window(1, self.split.tokens - 1).tolist())
        limited = sum(batch[:, 1:].numel() for batch in held_out_batches(self.split, 64, 3, max_tokens=100))
        self.assertEqual(limited, 100)


if __name__ == "__main__":
    unittest.main()
