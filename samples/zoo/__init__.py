"""The style zoo: the same report content rendered by other PDF producers in many styles.

`samples.zoo.styles` lists the axes, `content` what is drawn and what must be extracted,
`produce` renders a case with reportlab, WeasyPrint or fpdf2, `check` extracts and judges it,
`python -m samples.zoo` runs the whole matrix. `bench_sample()` gives the benchmark its PDFs.
"""

from __future__ import annotations

from pathlib import Path


def bench_sample(out: Path | None = None) -> list[Path]:
    """Render the zoo's bench sample (three producers, the full real report) and return the PDF
    paths; see `samples.zoo.sample.bench_cases`."""
    from samples.zoo.sample import bench_sample as write_sample

    return write_sample(out)
