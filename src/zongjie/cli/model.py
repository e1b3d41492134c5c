"""``zongjie train|evaluate``: the section classifier (src/zongjie/classify/)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from ..errors import ZongjieError
from .base import app, fail, output_path, print_text, say
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
        path = run(corpus, out)
    except ZongjieError as err:
        raise fail(err) from None
    except OSError as err:
        raise fail(f"{display_name(out / FILENAME)}: cannot write: {err.strerror or err}") from None
    print_text(msg("wrote", path=display_name(path)) + "\n")


@app.command()
def evaluate(
    corpus: Path = typer.Option(Path("corpus"), "--corpus", help="Annotated corpus directory."),
    folds: int = typer.Option(5, "--folds", min=2, help="Number of GroupKFold folds (grouped by document)."),
    format: ReportFormat = typer.Option(ReportFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Grouped cross-validation of the keyword rules, a bag-of-words model and the full model; seed dev accuracy."""
    from ..classify.evaluate import evaluate as run, report

    try:
        result = run(corpus, folds, progress=lambda k, n: say(msg("fold", k=k, n=n)))
    except ZongjieError as err:
        raise fail(err) from None
    print_text(report(result, format.value) + "\n")
