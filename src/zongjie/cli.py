"""The ``zongjie`` command line: parse arguments, call the library, print.

Exit codes: 0 done, 1 bad input (one line on stderr), 2 usage.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer

from .errors import ZongjieError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="zongjie (总结): read, segment, classify and draft Chinese trade-union work summaries.",
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """zongjie (总结): read, segment, classify and draft Chinese trade-union work summaries."""


class SegmentFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"


def _fail(err: Exception) -> "typer.Exit":
    typer.echo(f"error: {err}", err=True)
    return typer.Exit(getattr(err, "exit_code", 1))


@app.command()
def segment(
    file: str = typer.Argument(..., help="A text file, or - for standard input."),
    format: SegmentFormat = typer.Option(SegmentFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Split a file into documents, headings, paragraphs and noise (offsets into the original text)."""
    from . import output
    from .read import read_text
    from .segment import segment as run

    try:
        read = read_text(file)
        seg = run(read.text, read.encoding)
    except ZongjieError as err:
        raise _fail(err)
    output.print_segmentation(seg, format.value)


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


@app.command()
def extract(
    file: str = typer.Argument(..., help="A text file, a directory or a .jsonl file of {id, text} documents, or - for standard input."),
    format: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="Output format."),
    jsonl: bool = typer.Option(False, "--jsonl", help="The input is JSONL ({\"id\", \"text\"} per line); implied by a .jsonl name."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for a directory or JSONL input."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write a readable HTML page (figures by kind, paragraphs by section)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing --html file."),
) -> None:
    """Figures (counts, money, percents, dates ...) with value, unit, kind, placeholder/approx flags and subject.

    A directory or JSONL input is a corpus run: JSONL rows with the document's id, as they are done."""
    from . import output
    from .pipeline import figures_by_block
    from .read import read_text
    from .segment import segment as run

    if _is_batch(file, jsonl):
        _batch("extract", file, format.value, jsonl, jobs, html)
        return
    try:
        read = read_text(file)
        if html is not None:
            _write_html(read, html, force, None)
            return
        found = figures_by_block(run(read.text, read.encoding))
    except ZongjieError as err:
        raise _fail(err)
    output.print_figures(found, format.value)


def _is_batch(name: str, jsonl: bool) -> bool:
    return jsonl or name.endswith(".jsonl") or (name != "-" and Path(name).is_dir())


def _batch(task: str, source: str, fmt: str, jsonl: bool, jobs: int, html: Optional[Path],
           model: Optional[Path] = None) -> None:
    """A corpus run (``zongjie.batch.run``): JSONL to stdout, bad documents on stderr, exit 1 if any."""
    from . import batch

    if html is not None:
        raise _usage("--html works with one text file")
    if fmt not in ("table", "jsonl"):
        raise _usage("a directory or JSONL input is written as JSONL (--format jsonl)")
    total = None if not sys.stderr.isatty() else batch.count_units(source, jsonl or None)
    progress = None
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        progress = Progress(console=Console(stderr=True), transient=True)
        bar = progress.add_task(task, total=total)
    try:
        if progress is not None:
            progress.start()
        stats = batch.run(source, sys.stdout, task, jobs=jobs, jsonl=jsonl or None,
                          model=str(model) if model else None,
                          on_bad=lambda bad: typer.echo(f"error: {bad}", err=True),
                          on_progress=(lambda n: progress.advance(bar, n)) if progress is not None else None)
    except ZongjieError as err:
        raise _fail(err)
    finally:
        if progress is not None:
            progress.stop()
    if not stats.ok:
        typer.echo(f"{stats.n_bad} bad document(s) skipped; {stats.done} done", err=True)
        raise typer.Exit(1)


def _write_html(read, path: Path, force: bool, model: Optional[Path]) -> None:
    """The HTML page of one text, written atomically (refusing to overwrite without --force)."""
    from .draft.atomic import write_atomic
    from .errors import OutputExistsError
    from .html import page_for_text

    if path.exists() and not force:
        raise OutputExistsError(f"{path}: exists; use --force to overwrite")
    title = Path(read.source).name if read.source not in ("", "-", "<bytes>") else "zongjie"
    page = page_for_text(read.text, read.encoding, title=title, model=str(model) if model else None)
    write_atomic(path, page, force=force)
    typer.echo(f"wrote {path}", err=True)


corpus_app = typer.Typer(no_args_is_help=True, help="Check, count and mine the annotated corpus (corpus/).")
app.add_typer(corpus_app, name="corpus")


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


def _corpus_dir(directory: Optional[Path]) -> Path:
    from .corpus.loader import default_corpus_dir

    return directory if directory is not None else default_corpus_dir()


@corpus_app.command("check")
def corpus_check(
    directory: Optional[Path] = typer.Argument(None, help="A corpus directory (default: the repository's corpus/)."),
) -> None:
    """Validate labels, offsets, surfaces and figure values; one line per problem, exit 1 when any."""
    from .corpus.check import check_corpus

    problems = check_corpus(_corpus_dir(directory))
    for p in problems:
        typer.echo(str(p), err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s)", err=True)
        raise typer.Exit(1)
    typer.echo("corpus ok")


@corpus_app.command("stats")
def corpus_stats(
    directory: Optional[Path] = typer.Argument(None, help="A corpus directory (default: the repository's corpus/)."),
    format: StatsFormat = typer.Option(StatsFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Documents, paragraphs, characters, figures; counts per label, figure kind, org and genre."""
    from . import output
    from .corpus.loader import corpus_files, load_doc
    from .corpus.stats import corpus_stats as count, stats_table

    try:
        files = corpus_files(_corpus_dir(directory))
        docs = [load_doc(f) for f in files]
        st = count(docs, progress=None) if not _show_progress(len(docs)) else _with_progress(docs, count)
    except ZongjieError as err:
        raise _fail(err)
    typer.echo(output.dumps(st.to_dict()) if format == StatsFormat.json else stats_table(st))


def _show_progress(n_docs: int) -> bool:
    """A progress bar only on a terminal and for a corpus large enough to wait for."""
    return sys.stderr.isatty() and n_docs >= 50


def _with_progress(docs, count):
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("segmenting", total=len(docs))
        return count(docs, progress=lambda _doc: bar.advance(task))


@corpus_app.command("phrases")
def corpus_phrases(
    directory: Optional[Path] = typer.Argument(None, help="A corpus directory (default: the repository's corpus/)."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", help="Where to write (default: the bank shipped in the package)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Build the phrase bank (keywords, headings, sentence patterns per section) as JSON."""
    from .corpus.loader import load_corpus
    from .corpus.phrases import build_phrase_bank, default_bank_path, write_bank

    try:
        bank = build_phrase_bank(load_corpus(_corpus_dir(directory)))
        path = write_bank(bank, out if out is not None else default_bank_path(), force=force)
    except ZongjieError as err:
        raise _fail(err)
    counts = ", ".join(f"{s} {len(e['headings'])}/{len(e['patterns'])}" for s, e in bank["sections"].items())
    typer.echo(f"wrote {path} (headings/patterns: {counts})")


class DraftFormat(str, Enum):
    txt = "txt"
    md = "md"
    docx = "docx"
    json = "json"


class DateStyle(str, Enum):
    arabic = "arabic"
    chinese = "chinese"


def _write_or_print(result, out: Optional[Path], force: bool) -> None:
    """Text or bytes to ``out`` (atomically, refusing to overwrite without ``force``), else to stdout."""
    from .draft.atomic import write_atomic

    if out is not None:
        write_atomic(out, result, force=force)
    else:
        typer.echo(result, nl=False)


def _usage(message: str) -> "typer.Exit":
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


@app.command()
def draft(
    facts: str = typer.Argument(..., help="A facts.json file (see `zongjie schema`), or - for standard input."),
    format: DraftFormat = typer.Option(DraftFormat.txt, "--format", "-f", help="Output format."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here (atomically) instead of stdout; docx needs it."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
    template: Optional[Path] = typer.Option(None, "--template", help="Your own jinja2 template (txt/md; rendered sandboxed)."),
    date_style: DateStyle = typer.Option(DateStyle.arabic, "--date-style", help="Signature date: 2025年12月20日 or 二〇二五年十二月二十日."),
) -> None:
    """Draft a summary and plan from a facts.json: title, opening, sections, problems, plans, signature."""
    from .draft import load_facts, render

    if format == DraftFormat.docx and out is None:
        raise _usage("--format docx needs -o PATH")
    if template is not None and format in (DraftFormat.docx, DraftFormat.json):
        raise _usage("--template works with --format txt or md")
    try:
        result = render(load_facts(facts), format.value, date_style.value, str(template) if template else None)
        _write_or_print(result, out, force)
    except ZongjieError as err:
        raise _fail(err)


@app.command()
def schema() -> None:
    """Print the JSON Schema of facts.json."""
    from .draft import schema_text

    typer.echo(schema_text(), nl=False)


@app.command("facts")
def facts_cmd(
    file: str = typer.Argument(..., help="An existing summary (text file), or - for standard input."),
    out: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the facts.json here instead of stdout."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing output file."),
) -> None:
    """Turn an existing summary into a facts.json skeleton (sections, items, figures, problems, plans)."""
    import json

    from .draft import facts_from_text
    from .read import read_text

    try:
        if out is not None and out.exists() and not force:
            from .errors import OutputExistsError

            raise OutputExistsError(f"{out}: exists; use --force to overwrite")
        read = read_text(file)
        text = json.dumps(facts_from_text(read.text, read.encoding), ensure_ascii=False, indent=2) + "\n"
        _write_or_print(text, out, force)
    except ZongjieError as err:
        raise _fail(err)


# -- classify, train, evaluate (src/zongjie/classify/) ---------------------------------------

@app.command()
def classify(
    files: List[str] = typer.Argument(..., help="Text files or directories (their *.txt files), or - for standard input."),
    format: TableFormat = typer.Option(TableFormat.table, "--format", "-f", help="Output format."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Model file or directory (default: the shipped model)."),
    jsonl: bool = typer.Option(False, "--jsonl", help="The input is JSONL ({\"id\", \"text\"} per line); implied by a .jsonl name."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes: a directory or JSONL input becomes a corpus run."),
    html: Optional[Path] = typer.Option(None, "--html", help="Write a readable HTML page (paragraphs by section, figures by kind)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing --html file."),
) -> None:
    """Label every heading and paragraph with its section (组织建设, 维权帮扶 ...), confidence, topic and figures."""
    from .classify import load_model
    from .classify.render import classify_file, expand, is_large, write

    if len(files) == 1 and (_is_batch(files[0], jsonl) and (jobs > 1 or jsonl or files[0].endswith(".jsonl"))):
        _batch("classify", files[0], format.value, jsonl, jobs, html, model)
        return
    if html is not None:
        if len(files) != 1 or Path(files[0]).is_dir():
            raise _usage("--html works with one text file")
        try:
            from .read import read_text

            _write_html(read_text(files[0]), html, force, model)
        except ZongjieError as err:
            raise _fail(err)
        return
    try:
        names = expand(files)
        mdl = load_model(model)
    except ZongjieError as err:
        raise _fail(err)
    failed: list[ZongjieError] = []

    def results():
        progress = None
        if is_large(names):
            from rich.console import Console
            from rich.progress import Progress

            progress = Progress(console=Console(stderr=True), transient=True)
            progress.start()
            task = progress.add_task("classifying", total=len(names))
        try:
            for name in names:
                try:
                    yield classify_file(name, mdl)
                except ZongjieError as err:
                    typer.echo(f"error: {err}", err=True)
                    failed.append(err)
                if progress is not None:
                    progress.advance(task)
        finally:
            if progress is not None:
                progress.stop()

    write(results(), format.value, sys.stdout)
    if failed:
        raise typer.Exit(1)


@app.command()
def train(
    corpus: Path = typer.Option(Path("corpus"), "--corpus", help="Annotated corpus directory."),
    out: Path = typer.Option(Path("models"), "--out", help="Output directory for classifier.jsonl."),
) -> None:
    """Train the section classifier on the annotated corpus (deterministic; never uses the seed)."""
    from .classify.train import train as run

    try:
        path = run(corpus, out)
    except ZongjieError as err:
        raise _fail(err)
    typer.echo(f"wrote {path}")


@app.command()
def evaluate(
    corpus: Path = typer.Option(Path("corpus"), "--corpus", help="Annotated corpus directory."),
    folds: int = typer.Option(5, "--folds", min=2, help="Number of GroupKFold folds (grouped by document)."),
    format: StatsFormat = typer.Option(StatsFormat.table, "--format", "-f", help="Output format."),
) -> None:
    """Grouped cross-validation of the keyword rules, a bag-of-words model and the full model; seed dev accuracy."""
    from .classify.evaluate import evaluate as run, report

    try:
        result = run(corpus, folds, progress=lambda k, n: typer.echo(f"fold {k}/{n}", err=True))
    except ZongjieError as err:
        raise _fail(err)
    typer.echo(report(result, format.value))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except BrokenPipeError:  # output piped into head and the like
        sys.stderr.close()


if __name__ == "__main__":
    main()
