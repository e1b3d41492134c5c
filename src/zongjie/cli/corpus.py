"""``zongjie corpus check|stats|phrases``: the annotated corpus (corpus/)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ..errors import ZongjieError
from .base import app, fail, output_path, print_text, say
from .messages import msg
from .progress import Reporter, stderr_is_terminal

corpus_app = typer.Typer(no_args_is_help=True, help="Check, count and mine the annotated corpus (corpus/).")
app.add_typer(corpus_app, name="corpus")

DIRECTORY = typer.Argument(None, help="A corpus directory (default: the repository's corpus/).")
PROGRESS_MIN_DOCS = 50  # a bar only for a corpus large enough to wait for


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


def _corpus_dir(directory: Optional[Path]) -> Path:
    """The corpus directory given, else ``corpus/`` of the current directory (a checkout's root)."""
    return directory if directory is not None else Path("corpus")


@corpus_app.command("check")
def corpus_check(directory: Optional[Path] = DIRECTORY) -> None:
    """Validate labels, offsets, surfaces and figure values; one line per problem, exit 1 when any."""
    from ..corpus.check import check_corpus

    problems = check_corpus(_corpus_dir(directory))
    for p in problems:
        say(str(p))
    if problems:
        say(msg("problems", n=len(problems)))
        raise typer.Exit(1)
    print_text(msg("corpus_ok") + "\n")


@corpus_app.command("stats")
def corpus_stats(directory: Optional[Path] = DIRECTORY,
                 format: StatsFormat = typer.Option(StatsFormat.table, "--format", "-f", help="Output format.")) -> None:
    """Documents, paragraphs, characters, figures; counts per label, figure kind, org and genre."""
    from ..corpus.loader import corpus_files, load_doc
    from ..corpus.stats import corpus_stats as count, stats_table
    from ..output import dumps

    try:
        docs = [load_doc(f) for f in corpus_files(_corpus_dir(directory))]
        bar = stderr_is_terminal() and len(docs) >= PROGRESS_MIN_DOCS
        with Reporter("segmenting", len(docs), bar=bar) as rep:
            st = count(docs, progress=(lambda _doc: rep.advance()) if bar else None)
    except ZongjieError as err:
        raise fail(err) from None
    print_text((dumps(st.to_dict()) if format == StatsFormat.json else stats_table(st)) + "\n")


@corpus_app.command("phrases")
def corpus_phrases(
    directory: Optional[Path] = DIRECTORY,
    out: Path = typer.Option(..., "--output", "-o", help="Where to write the bank (the shipped one, in a checkout: src/zongjie/data/phrases.json)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Build the phrase bank (keywords, headings, sentence patterns per section) as JSON."""
    from ..corpus.loader import load_corpus
    from ..corpus.phrases import build_phrase_bank, write_bank
    from ..read.source import display_name

    output_path(out, force, exists=False)  # write_bank refuses an existing file itself
    try:
        bank = build_phrase_bank(load_corpus(_corpus_dir(directory)))
        path = write_bank(bank, out, force=force)
    except ZongjieError as err:
        raise fail(err) from None
    except OSError as err:
        raise fail(f"{display_name(out)}: cannot write: {err.strerror or err}") from None
    counts = ", ".join(f"{s} {len(e['headings'])}/{len(e['patterns'])}" for s, e in bank["sections"].items())
    print_text(msg("wrote_bank", path=display_name(path), counts=counts) + "\n")
