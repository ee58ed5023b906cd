"""``scorecard site``: build the static scorecard site from the marts (as the BI reader)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder to write the site to (default: .scorecard/docs/site).",
)
def site(out: Path | None) -> None:
    """Build the scorecard site: an overview of the latest quarter, a page per measure and per
    directorate, charts drawn as SVG. It opens offline from disk and loads nothing from elsewhere.
    """
    import psycopg

    from scorecard.settings import get_settings
    from scorecard.site.build import build_site
    from scorecard.site.data import EmptyMarts
    from scorecard.warehouse import ensure_running

    settings = get_settings()
    try:
        ensure_running(settings)
        result = build_site(settings, out)
    except EmptyMarts as error:
        raise click.ClickException(str(error)) from error
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise click.ClickException(
            f"cannot read the marts as the BI reader role: {reason} "
            "(run `make run` or `scorecard transform` first)"
        ) from error
    click.echo(result.describe())
