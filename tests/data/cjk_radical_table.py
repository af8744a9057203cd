"""Print the CJK radical table of `headhunter_desktop/core/documents/cjk_text.py`.

Usage: python tests/data/cjk_radical_table.py EquivalentUnifiedIdeograph.txt

The source is the Unicode Character Database's EquivalentUnifiedIdeograph.txt (UCD 14.0
or later; download it by hand from the Unicode site: nothing here fetches it). NFKC
already folds the 214 Kangxi radicals (U+2F00..U+2FD5) and two radicals of the supplement
to the same ideographs as that file (checked here), so the table holds only the radicals
of U+2E80..U+2EFF that NFKC leaves alone. It is printed as a Python string literal of
"radical ideograph" hex pairs, eight to a line, to paste over `_RADICAL_PAIRS`.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

RADICAL_BLOCKS = (range(0x2E80, 0x2F00), range(0x2F00, 0x2FE0))


def read_mappings(path: Path) -> dict[int, int]:
    """Code point -> equivalent unified ideograph, ranges expanded."""
    mappings: dict[int, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        data = line.split("#", 1)[0].strip()
        if not data:
            continue
        source, target = (field.strip() for field in data.split(";"))
        first, _, last = source.partition("..")
        for code in range(int(first, 16), int(last or first, 16) + 1):
            mappings[code] = int(target, 16)
    return mappings


def radicals_nfkc_misses(mappings: dict[int, int]) -> dict[int, int]:
    """The radicals NFKC does not fold; fails if NFKC folds one to another ideograph."""
    missed = {}
    for code, target in sorted(mappings.items()):
        if not any(code in block for block in RADICAL_BLOCKS):
            continue
        folded = unicodedata.normalize("NFKC", chr(code))
        if folded == chr(code):
            missed[code] = target
        elif folded != chr(target):
            raise SystemExit(f"NFKC folds U+{code:04X} to {folded!r}, the file to U+{target:04X}")
    return missed


def table_literal(pairs: dict[int, int]) -> str:
    items = [f"{code:04X} {target:04X}" for code, target in pairs.items()]
    lines = [" ".join(items[i : i + 8]) for i in range(0, len(items), 8)]
    return "(\n" + "\n".join(f'    "{line} "' for line in lines) + "\n)"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    print(table_literal(radicals_nfkc_misses(read_mappings(Path(sys.argv[1])))))
