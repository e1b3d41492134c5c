"""``zongjie train|evaluate``: the section classifier (src/zongjie/classify/)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import ZongjieError
from .base import app, fail, output_path, print_text, say, usage
from .messages import msg


class ReportFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def train(
    corpus: Path = typer.Option(Path("corpus"), "--corpus", help="Annotated corpus directory."),
    out: Path = typer.Option(Path("models"), "--out", help="Output directory for classifier.jsonl."),
    force: bool = typer.Option(False, "--force", help="Replace an existing model in --out."),
) -> None:
    """Train the section classifier on the annotated corpus (deterministic; never uses the seed)."""
    from ..classify.model import FILENAME
    from ..classify.train import train as run
    from ..read.source import display_name

    output_path(out / FILENAME, force)
    try:
        path = run(corpus, out, force=force)
    except ZongjieError as err:
        raise fail(err) from None
    except OSError as err:
        raise fail(f"{display_name(out / FILENAME)}: cannot write: {err.strerror or err}") from None
    print_text(msg("wrote", path=display_name(path)) + "\n")


@app.command()
def evaluate(
    realdev: Optional[Path] = typer.Option(None, "--realdev", help="Labelled real pages (pages/*.txt + sections.jsonl), e.g. ../shared/realdev."),
    seed: Optional[Path] = typer.Option(None, "--seed", help="The seed file scored with corpus/dev/seed.labels.jsonl."),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="Cross-validate on this annotated corpus (slow)."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model for the real pages and the seed (default: the shipped one)."),
    folds: int = typer.Option(5, "--folds", min=2, help="GroupKFold folds of the corpus CV (grouped by document)."),
    writer_cv: bool = typer.Option(True, "--writer-cv/--no-writer-cv", help="Also leave one writer out."),
    errors: bool = typer.Option(False, "--errors", help="List every wrong paragraph of the real pages on stderr."),
    format: ReportFormat = typer.Option(ReportFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Section accuracy and macro-F1 on real pages, the seed and corpus CV; genre, plan start and title per page."""
    from ..classify.evaluate import evaluate as run, report

    if realdev is None and seed is None and corpus is None:
        raise usage(msg("nothing_to_evaluate"))
    labels = (corpus or Path("corpus")) / "dev" / "seed.labels.jsonl"
    try:
        result = run(corpus, folds, realdev=realdev, seed=seed, seed_labels=labels, model=model,
                     writer_cv=writer_cv, progress=say)
    except ZongjieError as err:
        raise fail(err) from None
    if errors and "realdev" in result:
        for line in result["realdev"]["errors"]:
            say(line)
    print_text(report(result, format.value) + "\n")


@app.command()
def select(
    grid: Path = typer.Argument(..., help="A JSON list of candidate settings (parameters that differ from the defaults)."),
    realdev: Path = typer.Option(..., "--realdev", help="Labelled real pages that choose between the settings."),
    corpus: Path = typer.Option(Path("corpus"), "--corpus", help="Annotated corpus to fit each candidate on."),
) -> None:
    """Model selection: fit every candidate setting on the corpus, score it on real pages, print the table."""
    from ..classify.selection import load_grid, select as run, table

    try:
        rows = run(corpus, realdev, load_grid(grid), progress=say)
    except (ZongjieError, ValueError) as err:
        raise fail(err) from None
    print_text(table(rows) + "\n")
