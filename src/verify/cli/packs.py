"""`verify treaties`, `verify compile` and `verify lint`: the packs themselves."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from verify.cli.common import EXIT_INVALID, cached_pack, parse_moment, reports_errors
from verify.errors import PackErrors, VerifyError, display_path
from verify.model.pack import Pack
from verify.treaty import load_pack, shipped_packs


@click.command("treaties")
@reports_errors
def treaties_command() -> None:
    """List the treaty packs shipped with verify."""
    for pack_id, folder in shipped_packs().items():
        pack = cached_pack(str(folder))
        count = len(pack.obligations)
        noun = "obligation " if count == 1 else "obligations"
        click.echo(f"{pack_id:<30} {count:>3} {noun}  {pack.meta.title}")


@click.command("compile")
@click.argument("pack")
@reports_errors
def compile_command(pack: str) -> None:
    """Print PACK compiled to JSON (which `verify check --treaty` accepts)."""
    click.echo(load_pack(pack).model_dump_json(indent=2))


@click.command("lint")
@click.argument("pack")
@click.option(
    "--waivers",
    "waivers_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Also check this waivers file against PACK: form, approval, expiry, names.",
)
@click.option(
    "--as-of", "as_of", metavar="TIME", help="Judge waivers' expiry as at this time (default: now)."
)
def lint_command(pack: str, waivers_file: Path | None, as_of: str | None) -> None:
    """Report every error in PACK at once, each with file, line and text; exit 2 if any."""
    errors: list[VerifyError] = []
    compiled: Pack | None = None
    moment = datetime.now(UTC)
    try:
        moment = parse_moment(as_of) if as_of else moment
    except VerifyError as bad_time:
        errors.append(bad_time)
    try:
        compiled = load_pack(pack)
    except PackErrors as found:
        errors += found.errors
    except VerifyError as bad_pack:
        errors.append(bad_pack)
    if waivers_file is not None:
        from verify.waivers.lint import lint_waivers  # lint of a pack alone needs none of it

        # Against a pack that did not load, the waivers' own form is still checked.
        errors += lint_waivers(
            waivers_file, [compiled] if compiled else [], moment, loaded=compiled is not None
        )
    if errors:
        for each in errors:
            click.echo(str(each), err=True)
        click.echo(f"{len(errors)} error(s) in {_linted(pack, waivers_file)}", err=True)
        raise SystemExit(EXIT_INVALID)
    if compiled is None:  # unreachable: a pack that did not load left an error
        raise SystemExit(EXIT_INVALID)
    count = len(compiled.obligations)
    said = f"{pack}: {count} obligation{'' if count == 1 else 's'}, no errors"
    if waivers_file is not None:
        said += f"; {display_path(waivers_file)}: no errors"
    click.echo(said)


def _linted(pack: str, waivers_file: Path | None) -> str:
    """What lint read: the pack, and the waivers file if one."""
    return pack if waivers_file is None else f"{pack} and {display_path(waivers_file)}"
