"""The portable design format (Python mirror of src/core/design.ts).

A design is a DAG of units reached from ``root``; see docs/design-format.md.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

DESIGN_FORMAT = "genesys-ts/design@1"
DESIGN_FILE = "design.json"


class DesignError(ValueError):
    """A design document that does not follow the format."""


@dataclass
class Unit:
    name: str
    code: str
    children: list = field(default_factory=list)
    args: dict = field(default_factory=dict)
    document: str = ""
    inputs: list = field(default_factory=lambda: ["X"])
    outputs: list = field(default_factory=lambda: ["Y"])
    reuseFrom: str | None = None
    rating: float | None = None
    description: str = ""


@dataclass
class Design:
    name: str
    root: str
    units: dict  # name -> Unit
    declares: dict = field(default_factory=dict)  # name -> UnitDecl dict
    args: dict = field(default_factory=dict)
    parents: list = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    format: str = DESIGN_FORMAT

    @classmethod
    def from_dict(cls, data: dict) -> "Design":
        if not isinstance(data, dict):
            raise DesignError("a design must be a JSON object")
        missing = [k for k in ("name", "root", "units") if k not in data]
        if missing:
            raise DesignError(f"design is missing {', '.join(missing)}")
        if data.get("format", DESIGN_FORMAT) != DESIGN_FORMAT:
            raise DesignError(f"unsupported design format {data['format']!r}, expected {DESIGN_FORMAT!r}")
        units = {}
        for name, raw in data["units"].items():
            if "code" not in raw:
                raise DesignError(f"unit {name} has no code")
            known = {k: v for k, v in raw.items() if k in Unit.__dataclass_fields__}
            units[name] = Unit(**{**known, "name": name})
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "units"}
        design = cls(**fields, units=units)
        if design.root not in design.units:
            raise DesignError(f"root unit {design.root!r} has no implementation")
        return design

    def to_dict(self) -> dict:
        return {"format": self.format, "name": self.name, "root": self.root,
                "units": {n: dict(vars(u)) for n, u in self.units.items()},
                "declares": self.declares, "args": self.args,
                "parents": self.parents, "metadata": self.metadata}

    def reachable(self) -> list:
        """Implemented and declared unit names reached from the root, depth first, children in order.

        The order is deterministic so composed files (and line numbers in reports) are stable.
        """
        order, seen = [], set()

        def visit(name: str) -> None:
            if name in seen:
                return
            seen.add(name)
            order.append(name)
            unit = self.units.get(name)
            for child in (unit.children if unit else []):
                visit(child)

        visit(self.root)
        return order


def load_design(path) -> Design:
    """Loads a design folder, a path to its design.json, or a JSON file with inline code."""
    path = Path(path)
    file = path / DESIGN_FILE if path.is_dir() else path
    try:
        data = json.loads(file.read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise DesignError(f"cannot read design {file}: {error}") from error
    for name, unit in data.get("units", {}).items():
        if "code" not in unit and "file" in unit:
            unit["code"] = (file.parent / unit["file"]).read_text()
    return Design.from_dict(data)
