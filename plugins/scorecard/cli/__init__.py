"""The ``scorecard`` command line: one sub-command per thing a person does.

Sub-commands live in their own modules (``scorecard.cli.<name>``) and are imported only when
used, so ``scorecard --help`` answers at once and ``scorecard extract`` never imports Airflow.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

from scorecard.settings import apply_runtime_environment

# name -> "module:attribute", in the order --help lists them
COMMANDS: dict[str, str] = {
    "warehouse": "scorecard.cli.warehouse:warehouse",
    "extract": "scorecard.cli.extract:extract",
    "inspect": "scorecard.cli.inspect:inspect",
    "add": "scorecard.cli.add:add",
    "reextract": "scorecard.cli.reextract:reextract",
    "validate": "scorecard.cli.pipeline:validate",
    "load": "scorecard.cli.pipeline:load",
    "transform": "scorecard.cli.transform:transform",
    "fetch": "scorecard.cli.fetch:fetch",
    "run": "scorecard.cli.orchestrate:run",
    "backfill": "scorecard.cli.orchestrate:backfill",
    "report": "scorecard.cli.orchestrate:report",
    "site": "scorecard.cli.site:site",
    "status": "scorecard.cli.scheduler:status",
    "trigger": "scorecard.cli.scheduler:trigger",
    "airflow": "scorecard.cli.airflow_cmd:airflow",
    "airflow-celery": "scorecard.cli.celery_cmd:airflow_celery",
    "env": "scorecard.cli.warehouse:env",
    "settings": "scorecard.cli.settings:settings",
}


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use, and whose errors are one line
    with an exit code of :mod:`scorecard.cli.exits`."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            from scorecard.cli import exits

            if exits.show_traceback():
                raise
            known = exits.typed(error)
            click.echo(f"Error: {exits.one_line(known)}", err=True)
            ctx.exit(exits.code_for(known))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._spec_available(name)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None or not self._spec_available(cmd_name):
            return None
        module_name, attribute = spec.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{spec} is not a click command")
        return command

    @staticmethod
    def _spec_available(name: str) -> bool:
        module_name = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module_name) is not None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Council Scorecard pipeline: PDF reports -> validated data -> PostgreSQL marts.

    With no configuration, everything runs on embedded defaults: a project-local PostgreSQL,
    Airflow on SQLite, and the bundled sample reports (see README.md).
    """
    apply_runtime_environment()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
