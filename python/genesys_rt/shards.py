"""Token shards (format ``genesys-ts/shards@1``, docs/verification.md): read, sample, and write.

A split is one stream of tokens, its shard files in order; documents in it are already
separated by EOS, so any window of ``seq_len + 1`` consecutive tokens is a training example.
Nothing is padded, so no loss is ever computed on padding (the original padded every document
to 2048 tokens with EOS and trained on the padding).

Shards are memory-mapped: a batch reads only its own windows. torch 1.13 has no uint16 or
uint32 dtype, so a shard is viewed as int16 / int32 and each batch is widened to int64 and
masked (``& 0xFFFF``), which restores the unsigned value.
"""
from __future__ import annotations

import array
import hashlib
import json
import mmap
from dataclasses import dataclass, field
import sys
from pathlib import Path

import torch

SHARDS_FORMAT = "genesys-ts/shards@1"
# dtype name -> (signed torch dtype of the same width, bytes per token, mask back to unsigned)
DTYPES = {"uint16": (torch.int16, 2, 0xFFFF), "uint32": (torch.int32, 4, 0xFFFFFFFF)}
SPLITS = ("train", "val", "test")


class ShardError(Exception):
    """A dataset folder that does not follow the shard format; ``file`` names the culprit."""

    def __init__(self, message: str, file: str | None = None):
        super().__init__(message)
        self.file = file


@dataclass
class Split:
    """One split as a single token stream over its memory-mapped shards."""

    name: str
    tokens: int
    bytes: int  # UTF-8 bytes of the split's documents (EOS not counted), for bits per byte
    documents: int
    views: list  # one 1-D signed tensor per shard, backed by the mmap
    mask: int
    starts: list = field(default_factory=list)  # stream offset of each view

    def __post_init__(self):
        offset = 0
        for view in self.views:
            self.starts.append(offset)
            offset += view.numel()
        assert offset == self.tokens, f"{self.name}: shards hold {offset} tokens, meta.json says {self.tokens}"

    def window(self, start: int, length: int) -> torch.Tensor:
        """Tokens [start, start + length) of the stream as int64; may span shard boundaries."""
        assert 0 <= start and start + length <= self.tokens, \
            f"window [{start}, {start + length}) outside the {self.name} split of {self.tokens} tokens"
        pieces, position, end = [], start, start + length
        for view, first in zip(self.views, self.starts):
            last = first + view.numel()
            if position < last and first < end:
                pieces.append(view[position - first: min(end, last) - first])
                position = min(end, last)
        tokens = pieces[0] if len(pieces) == 1 else torch.cat(pieces)
        return tokens.to(torch.int64) & self.mask


@dataclass
class Dataset:
    directory: Path
    meta: dict
    splits: dict  # name -> Split

    @property
    def vocab_size(self) -> int:
        return int(self.meta["tokenizer"]["vocabSize"])

    @property
    def eos_id(self) -> int:
        return int(self.meta["tokenizer"]["eosId"])


def _map_shard(path: Path, tokens: int, dtype: str) -> torch.Tensor:
    signed, itemsize, _ = DTYPES[dtype]
    if not path.is_file():
        raise ShardError(f"shard {path.name} is missing from {path.parent}", path.name)
    size = path.stat().st_size
    if size != tokens * itemsize:
        raise ShardError(f"shard {path.name} has {size} bytes, expected {tokens} tokens x {itemsize} bytes = "
                         f"{tokens * itemsize} (truncated or rewritten?)", path.name)
    if tokens == 0:
        return torch.empty(0, dtype=signed)
    with open(path, "rb") as file:
        # ACCESS_COPY: a private, writable mapping (torch.frombuffer warns on read-only buffers);
        # nothing writes to it, so no page is ever copied. The tensor keeps the mapping alive.
        buffer = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_COPY)
    return torch.frombuffer(buffer, dtype=signed)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def open_dataset(directory, splits=SPLITS, verify_checksums: bool = False) -> Dataset:
    """Reads and validates ``meta.json`` and memory-maps the named splits.

    ``verify_checksums`` reads every shard in full to compare its sha256; sizes are always checked.
    """
    directory = Path(directory)
    meta_path = directory / "meta.json"
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise ShardError(f"cannot read {meta_path}: {error}", "meta.json") from error
    if meta.get("format") != SHARDS_FORMAT:
        raise ShardError(f"{meta_path} has format {meta.get('format')!r}, expected {SHARDS_FORMAT!r}", "meta.json")
    if meta.get("dtype") not in DTYPES:
        raise ShardError(f"{meta_path}: dtype must be one of {sorted(DTYPES)}, got {meta.get('dtype')!r}", "meta.json")
    tokenizer = meta.get("tokenizer", {})
    if not isinstance(tokenizer.get("vocabSize"), int) or not isinstance(tokenizer.get("eosId"), int):
        raise ShardError(f"{meta_path}: tokenizer needs integer vocabSize and eosId", "meta.json")
    loaded = {}
    for name in splits:
        entry = meta.get("splits", {}).get(name)
        if entry is None:
            raise ShardError(f"{meta_path} has no {name!r} split", "meta.json")
        views = []
        for shard in entry["shards"]:
            path = directory / shard["file"]
            views.append(_map_shard(path, int(shard["tokens"]), meta["dtype"]))
            if verify_checksums and shard.get("sha256") and _sha256(path) != shard["sha256"]:
                raise ShardError(f"shard {shard['file']} does not match its sha256 in meta.json", shard["file"])
        if sum(v.numel() for v in views) != int(entry["tokens"]):
            raise ShardError(f"{name} split: its shards hold {sum(v.numel() for v in views)} tokens, "
                             f"meta.json says {entry['tokens']}", "meta.json")
        loaded[name] = Split(name, int(entry["tokens"]), int(entry.get("bytes", 0)),
                             int(entry.get("documents", 0)), views, DTYPES[meta["dtype"]][2])
    return Dataset(directory, meta, loaded)


class BatchSampler:
    """Deterministic random windows of ``seq_len + 1`` tokens, in epochs without repeats.

    Epoch e cuts the stream into non-overlapping windows starting at a random offset (so window
    boundaries move between epochs) and visits them in a random order; both come from a
    generator seeded by (seed, e). The position is just (epoch, index), so ``state()`` /
    ``load_state()`` resume exactly where a run stopped.
    """

    def __init__(self, split: Split, seq_len: int, batch_size: int, seed: int):
        self.split, self.window, self.batch_size, self.seed = split, seq_len + 1, batch_size, seed
        if split.tokens < self.window:
            raise ShardError(f"the {split.name} split has {split.tokens} tokens, fewer than one window of "
                             f"{self.window}", None)
        self.epoch, self.index = 0, 0
        self._order = self._epoch_order(0)

    def _epoch_order(self, epoch: int) -> list:
        generator = torch.Generator().manual_seed(self.seed * 1_000_003 + epoch)
        offset = int(torch.randint(0, self.window, (1,), generator=generator)) if self.split.tokens >= 2 * self.window else 0
        count = (self.split.tokens - offset) // self.window
        order = torch.randperm(count, generator=generator)
        return (offset + order * self.window).tolist()

    def next_batch(self) -> torch.Tensor:
        """The next (batch_size, seq_len + 1) int64 batch."""
        rows = []
        for _ in range(self.batch_size):
            if self.index == len(self._order):
                self.epoch, self.index = self.epoch + 1, 0
                self._order = self._epoch_order(self.epoch)
            rows.append(self.split.window(self._order[self.index], self.window))
            self.index += 1
        return torch.stack(rows)  # (B, seq_len + 1)

    def state(self) -> dict:
        return {"epoch": self.epoch, "index": self.index, "seed": self.seed, "window": self.window}

    def load_state(self, state: dict) -> None:
        if (state["seed"], state["window"]) != (self.seed, self.window):
            raise ValueError(f"sampler state is for seed {state['seed']} / window {state['window']}, "
                             f"this run uses seed {self.seed} / window {self.window}")
        self.epoch, self.index = state["epoch"], state["index"]
        self._order = self._epoch_order(self.epoch)


def held_out_batches(split: Split, seq_len: int, batch_size: int, max_tokens: int | None = None):
    """Sequential windows over a held-out split; every token after the first is predicted once.

    Windows of ``seq_len + 1`` tokens overlap by one token (stride ``seq_len``), so targets never
    overlap. Yields (B, T + 1) int64 batches; the last window may be shorter. ``max_tokens``
    bounds the number of predicted tokens.
    """
    limit = split.tokens - 1 if max_tokens is None else min(split.tokens - 1, max_tokens)
    rows, start = [], 0
    while start < limit:
        length = min(seq_len, limit - start)
        row = split.window(start, length + 1)
        if rows and row.numel() != rows[0].numel():
            yield torch.stack(rows)
            rows = []
        rows.append(row)
        if len(rows) == batch_size:
            yield torch.stack(rows)
            rows = []
        start += length
    if rows:
        yield torch.stack(rows)


def write_dataset(directory, splits: dict, vocab_size: int, eos_id: int, tokenizer: str = "byte") -> Path:
    """Writes a dataset folder from ``{split: [[token ids of a document], ...]}`` (one shard per split).

    The TypeScript side prepares real datasets; this writer serves tests and benchmarks.
    ``bytes`` counts one byte per non-EOS token, which is exact for the byte tokenizer.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    dtype = "uint16" if vocab_size <= 1 << 16 else "uint32"
    meta_splits = {}
    for name, documents in splits.items():
        stream = [token for document in documents for token in [*document, eos_id]]
        data = array.array("H" if dtype == "uint16" else "I", stream)
        assert data.itemsize == DTYPES[dtype][1], f"array type has {data.itemsize} bytes, {dtype} needs {DTYPES[dtype][1]}"
        if sys.byteorder == "big":
            data.byteswap()  # shards are little-endian
        raw = data.tobytes()
        file = f"{name}-000.bin"
        (directory / file).write_bytes(raw)
        meta_splits[name] = {"documents": len(documents), "tokens": len(stream),
                             "bytes": sum(len(d) for d in documents),
                             "shards": [{"file": file, "tokens": len(stream), "sha256": hashlib.sha256(raw).hexdigest()}]}
    meta = {"format": SHARDS_FORMAT, "tokenizer": {"name": tokenizer, "vocabSize": vocab_size, "eosId": eos_id},
            "dtype": dtype, "source": {"corpus": "synthetic", "documents": sum(len(d) for d in splits.values())},
            "splits": meta_splits, "createdAt": "1970-01-01T00:00:00Z"}
    (directory / "meta.json").write_text(json.dumps(meta, indent=2))
    return directory
