"""The worked examples of `docs/writing-rules.md` come from shipped packs, so they are tested."""

from __future__ import annotations

import re
from pathlib import Path

from verify.treaty import shipped_packs

DOCS = Path(__file__).resolve().parents[2] / "docs" / "writing-rules.md"


def gherkin_blocks() -> list[str]:
    """The ```gherkin blocks of the guide that are worked examples, not `<placeholder>` outlines."""
    blocks = re.findall(r"```gherkin\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    return [block for block in blocks if not re.search(r"<[a-z][^>]*>", block)]


def test_every_worked_example_stands_in_a_shipped_pack() -> None:
    """Each run of lines between `# …` elisions appears word for word in some feature file."""
    features = "\n".join(
        path.read_text(encoding="utf-8")
        for folder in shipped_packs().values()
        for path in sorted(folder.glob("*.feature"))
    )
    blocks = gherkin_blocks()
    assert blocks
    for block in blocks:
        for piece in re.split(r"^\s*# …\s*$", block, flags=re.MULTILINE):
            if piece.strip():
                assert piece.strip("\n") in features, piece


def test_the_phrase_reference_is_the_registry_s() -> None:
    """The guide's phrase reference is exactly what the kinds registry generates."""
    from verify.kinds.reference import with_reference

    text = DOCS.read_text(encoding="utf-8")
    assert with_reference(text) == text, "run: python -m verify.kinds.reference " + str(DOCS)
