"""Small hand-written designs for checker and composition tests: a residual root around one mixer.

The unit files live in test/fixtures/tiny (shared with the TypeScript tests): `Tiny.py` is the
root, `mixers/<kind>.py` are mixers that are correct or broken in one specific way.
"""
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "tiny"
ROOT = (FIXTURES / "Tiny.py").read_text()


def mixer_code(kind: str) -> str:
    return (FIXTURES / "mixers" / f"{kind}.py").read_text()


def tiny_design(kind: str = "good", name: str | None = None) -> dict:
    """A design dict (inline code) whose mixer is the given kind."""
    return {
        "format": "genesys-ts/design@1",
        "name": name or f"tiny-{kind}",
        "root": "Tiny",
        "units": {
            "Tiny": {"name": "Tiny", "code": ROOT, "children": ["Mixer"]},
            "Mixer": {"name": "Mixer", "code": mixer_code(kind), "children": []},
        },
        "declares": {"Mixer": {"unitname": "Mixer", "requirements": "mixes tokens causally",
                               "inputs": ["X"], "outputs": ["Y"]}},
    }
