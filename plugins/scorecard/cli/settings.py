"""``scorecard settings``: every environment variable the project reads, its default and meaning.

``--markdown`` prints the README's tables (one per group), so the README is generated from the
declarations in :mod:`scorecard.settings` rather than kept in step by hand.
"""

from __future__ import annotations

import click

from scorecard.settings import GROUPS, SETTINGS, markdown


@click.command()
@click.argument("group", required=False, type=click.Choice(list(GROUPS)))
@click.option("--markdown", "as_markdown", is_flag=True, help="Print the README's tables.")
def settings(group: str | None, as_markdown: bool) -> None:
    """List the settings (of one GROUP): variable, set or its default, meaning."""
    groups = [group] if group else list(GROUPS)
    if as_markdown:
        click.echo("\n\n".join(markdown(name) for name in groups))
        return
    for setting in SETTINGS.values():
        if setting.group in groups:
            state = "set" if setting.raw() is not None else f"unset: {setting.default_shown}"
            click.echo(f"{setting.name} ({state}): {setting.doc}")
