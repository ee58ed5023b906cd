"""GX Data Docs that open offline and show report values as text, never as markup.

GX's page templates load bootstrap, jquery, bootstrap-table, popper, vega and font-awesome from
public CDNs and the logo from a public bucket, and put plain-text table cells (the unexpected
values of a failed expectation, straight from a report) into the page unescaped. The views here
are named in the Data Docs site config (:mod:`scorecard.validate.gx_runner`) and render the same
pages with:

- every CDN address rewritten to a copy vendored in ``scorecard/vendor`` (pinned, with its
  licence; see its README), which :mod:`scorecard.validate.data_docs_assets` copies into the
  site's ``static/vendor``;
- the logo from the site's own ``static/images``;
- plain strings of content blocks (table cells, list items) HTML-escaped.
"""

from __future__ import annotations

import html
import re
from typing import Any

from great_expectations.render.view import DefaultJinjaIndexPageView, DefaultJinjaPageView
from jinja2 import BaseLoader, Environment, pass_context

from scorecard.validate.data_docs_assets import CDN_ASSETS

# (pattern, replacement) applied to every template source after the CDN addresses
TEMPLATE_FIXES = (
    # the optional dark theme is not vendored: the pages keep bootstrap's light theme
    (re.compile(r"<link[^>]*bootstrap-prefers-dark[^>]*>\s*"), ""),
    # subresource-integrity attributes make a file: page fetch in CORS mode, which fails
    (re.compile(r'\s+integrity="[^"]*"\s+crossorigin="anonymous"'), ""),
    # the favicon of a validation page is one folder short of the site's root
    (
        re.compile(r'\(expectation_suite_name_dot_count \+ 3\) \* "\.\./"\) \+ "static/images/"'),
        '(expectation_suite_name_dot_count + 4) * "../") + "static/images/"',
    ),
    # the logo from the public bucket -> the copy GX writes to static/images
    (
        re.compile(r'\{%\s*set static_images_dir = "https://[^"]*"\s*-?%\}'),
        '{% if "SiteIndex" in renderer_type %}{% set static_images_dir = "./static/images/" %}'
        "{% endif %}",
    ),
)


class _OfflineLoader(BaseLoader):
    """GX's templates with their CDN addresses pointed at the vendored copies."""

    def __init__(self, inner: BaseLoader) -> None:
        self.inner = inner

    def get_source(self, environment: Environment, template: str) -> Any:
        source, filename, uptodate = self.inner.get_source(environment, template)
        for url, local in CDN_ASSETS.items():
            source = source.replace(f'"{url}"', f'"{{{{ vendor_url("{local}") }}}}"')
        for pattern, replacement in TEMPLATE_FIXES:
            source = pattern.sub(replacement, source)
        return source, filename, uptodate


@pass_context
def vendor_url(context: Any, path: str) -> str:
    """A vendored asset's address relative to the page being rendered."""
    renderer = str(context.get("renderer_type") or "")
    dots = str(context.get("expectation_suite_name") or "").count(".")
    if "ValidationResults" in renderer or "ProfilingResults" in renderer:
        ups = dots + 4
    elif "ExpectationSuite" in renderer:
        ups = dots + 1
    else:
        ups = 0
    return "../" * ups + "static/vendor/" + path


class _OfflineEscaping:
    """Mixin: offline templates, and plain-text content blocks escaped."""

    env: Environment

    def _go_offline(self) -> None:
        assert self.env.loader is not None
        self.env.loader = _OfflineLoader(self.env.loader)
        self.env.globals["vendor_url"] = vendor_url

    @pass_context
    def render_content_block(
        self,
        jinja_context: Any,
        content_block: Any,
        index: Any = None,
        content_block_id: Any = None,
        render_to_markdown: bool = False,
    ) -> Any:
        """GX's content-block rendering, with plain strings (report values) escaped."""
        if not render_to_markdown:
            if isinstance(content_block, str):
                return html.escape(content_block)
            if isinstance(content_block, list):
                content_block = [
                    html.escape(item) if isinstance(item, str) else item for item in content_block
                ]
        return super().render_content_block(  # type: ignore[misc]
            jinja_context, content_block, index, content_block_id, render_to_markdown
        )


class OfflinePageView(_OfflineEscaping, DefaultJinjaPageView):
    """Validation-result and suite pages that load nothing from elsewhere."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._go_offline()


class OfflineIndexPageView(_OfflineEscaping, DefaultJinjaIndexPageView):
    """The Data Docs index page, loading nothing from elsewhere."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._go_offline()
