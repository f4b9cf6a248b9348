"""Tiny synthetic datasets for the verification tests: byte tokenizer (vocab 257, EOS 256).

The corpus is a few template sentences repeated with varied words, so a tiny model learns a lot
of it in a hundred steps; evaluation files hold one small task per kind.
"""
import json
import random
from pathlib import Path

from genesys_rt.design import load_design
from genesys_rt.shards import write_dataset

VOCAB, EOS = 257, 256
GPT = Path(__file__).resolve().parents[2] / "library" / "gpt"
SUBJECTS = ["the cat", "a dog", "the bird", "my friend", "the old man"]
VERBS = ["sat on", "looked at", "walked to", "jumped over"]
OBJECTS = ["the mat", "a tree", "the house", "the river"]


def gpt_design():
    return load_design(GPT)


def encode(text: str) -> list:
    return list(text.encode())


def sentences(count: int, seed: int) -> list:
    rng = random.Random(seed)
    return [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}." for _ in range(count)]


def documents(count: int, seed: int) -> list:
    rng = random.Random(seed)
    texts = sentences(count * 3, seed)
    return [encode(" ".join(texts[i * 3: i * 3 + rng.randint(1, 3)])) for i in range(count)]


def option(context: str | None, continuation: str) -> dict:
    context_ids = [EOS] + (encode(context) if context else [])
    return {"context": context_ids, "continuation": encode(continuation), "bytes": len(continuation.encode())}


def eval_items() -> dict:
    """task -> items: a choice, a pair and a cloze task built on the corpus' own sentences."""
    choice = [{"id": f"choice/{i}", "task": "toy_choice", "kind": "choice", "gold": 0,
               "options": [option("the cat sat on", " the mat."), option("the cat sat on", " zqxv wq."),
                           option("the cat sat on", " ?!?!?!?.")]} for i in range(4)]
    pair = [{"id": f"pair/{i}", "task": "toy_pair", "kind": "pair", "gold": 0,
             "options": [option(None, good), option(None, bad)]}
            for i, (good, bad) in enumerate([("a dog walked to a tree.", "a dog walked to a tree.zz"),
                                             ("the bird sat on the mat.", "the bird sat on the qqq."),
                                             ("my friend looked at the river.", "my friend looked xx the river.")])]
    cloze = [{"id": f"cloze/{i}", "task": "toy_cloze", "kind": "cloze", "gold": 0,
              "options": [option(context, word)]}
             for i, (context, word) in enumerate([("the old man jumped over the", " river"),
                                                  ("a dog looked at the", " house")])]
    return {"toy_choice": choice, "toy_pair": pair, "toy_cloze": cloze}


def make_dataset(directory, train_documents: int = 400, seed: int = 0) -> Path:
    """Writes train/val/test shards and eval/<task>.jsonl files into directory."""
    directory = Path(directory)
    write_dataset(directory, {"train": documents(train_documents, seed), "val": documents(40, seed + 1),
                              "test": documents(40, seed + 2)}, VOCAB, EOS)
    (directory / "eval").mkdir(exist_ok=True)
    for task, items in eval_items().items():
        (directory / "eval" / f"{task}.jsonl").write_text("".join(json.dumps(item) + "\n" for item in items))
    return directory
