"""Shared fixtures: the seed corpus from ../shared (tests skip cleanly when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "000_c17b3569a10509d4.txt"
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip("seed corpus ../shared/seed is not present")
    return SEED


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    from zongjie.read import read_text

    return read_text(seed_path).text


@pytest.fixture(scope="session")
def seed_seg(seed_text: str):
    from zongjie.segment import segment

    return segment(seed_text, "utf-8")
