"""The project as an Airflow provider, for one thing: lineage names a report's web address.

Airflow's OpenLineage provider turns the locations a task tells the hook-lineage collector into
datasets through converters that providers register per URI scheme (``file``, ``postgres``,
``s3``, ...). No installed provider registers ``https``, so a report fetched from a council's
website would be left out of the events. This module is the project's provider information
(the ``apache_airflow_provider`` entry point in ``pyproject.toml``, Airflow's documented way for
any package to add to it): it registers a converter for ``https`` and ``http`` locations only.
A test fails if the OpenLineage provider stops finding it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


def get_provider_info() -> dict[str, Any]:
    """What Airflow's providers manager reads from the entry point."""
    return {
        "package-name": "council-scorecard",
        "name": "Council Scorecard",
        "description": "Lineage for reports fetched over HTTP(S): their web address as a dataset.",
        "asset-uris": [
            {
                "schemes": ["https", "http"],
                "handler": None,  # Airflow's no-op normaliser: the address is kept as it is
                "to_openlineage_converter": "scorecard.orchestration.provider.report_dataset",
            }
        ],
    }


def report_dataset(asset: Any, lineage_context: Any) -> Any:
    """A report's address as an OpenLineage dataset: the site (``https://host[:port]``) is
    the namespace, the path and query the name."""
    from airflow.providers.common.compat.openlineage.facet import Dataset

    parts = urlsplit(asset.uri)
    name = parts.path or "/"
    if parts.query:
        name = f"{name}?{parts.query}"
    return Dataset(namespace=f"{parts.scheme}://{parts.netloc}", name=name)
