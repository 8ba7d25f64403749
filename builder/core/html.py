"""HTML, one way: Jinja2 templates with autoescaping for pages, `Markup` for fragments.

Every HTML output of deckbuilder (Anki note fields, the preview page, the handout and quiz
sheets, the TSV's HTML fields) is either a template in `builder/templates/` rendered with
autoescaping on, or a `markupsafe.Markup` built by `html_text` / `Markup.format`, which escape
every argument. `Markup` is the type of "already escaped": a plain `str` that reaches a template
is escaped there, so card text cannot become markup by accident.

Jinja2 is imported only when a page is rendered: a build renders note fields with `Markup`
alone, and its start-up time counts for every rebuild.
"""

from __future__ import annotations

import functools
import html
from importlib import resources
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

if TYPE_CHECKING:
    import jinja2

__all__ = ["Markup", "asset", "escape", "html_text", "render_page"]


def html_text(text: str) -> Markup:
    """Card text as HTML: escaped (quotes too, for attributes), line breaks as <br>.

    The standard library's escaping (`&quot;`, `&#x27;`), not markupsafe's (`&#34;`, `&#39;`):
    note fields are hashed into the lock, and other bytes would make every card look changed."""
    return Markup(html.escape(text, quote=True).replace("\n", "<br>"))


@functools.cache
def _environment() -> jinja2.Environment:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("builder", "templates"),
        autoescape=True,  # every page is HTML: .html templates and the SVG pictures inside them
        undefined=jinja2.StrictUndefined,  # a misspelt variable is an error, not an empty string
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(name: str, **context: Any) -> str:
    """Render the template `name` (e.g. "preview.html") with autoescaping."""
    return _environment().get_template(name).render(**context)


@functools.cache
def asset(name: str) -> str:
    """The text of a file in builder/templates/: CSS and JS inlined into pages, Anki card templates (anki/)."""
    path = resources.files("builder").joinpath("templates")
    for part in name.split("/"):  # "anki/card.css": one joinpath per part works for every resource reader
        path = path.joinpath(part)
    return path.read_text(encoding="utf-8")
