"""`verify treaties`, `verify compile` and `verify lint`: the packs themselves."""

from __future__ import annotations

import click

from verify.cli.common import EXIT_INVALID, reports_errors
from verify.errors import PackErrors, VerifyError
from verify.treaty import load_pack, shipped_packs


@click.command("treaties")
@reports_errors
def treaties_command() -> None:
    """List the treaty packs shipped with verify."""
    for pack_id, folder in shipped_packs().items():
        pack = load_pack(str(folder))
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
def lint_command(pack: str) -> None:
    """Report every error in PACK at once, each with file, line and text; exit 2 if any."""
    try:
        compiled = load_pack(pack)
    except PackErrors as errors:
        for error in errors.errors:
            click.echo(str(error), err=True)
        click.echo(f"{len(errors.errors)} error(s) in {pack}", err=True)
        raise SystemExit(EXIT_INVALID) from None
    except VerifyError as error:
        click.echo(str(error), err=True)
        click.echo(f"1 error(s) in {pack}", err=True)
        raise SystemExit(EXIT_INVALID) from None
    count = len(compiled.obligations)
    click.echo(f"{pack}: {count} obligation{'' if count == 1 else 's'}, no errors")
