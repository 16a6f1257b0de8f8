"""Templates: one Jinja environment, pages rendered whole or, for htmx, one block of the same
template (a partial is never a second template)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from runstrong.errors import RunstrongError

TEMPLATES = Path(__file__).parent / "templates"


def href(request: Request, path: str) -> str:
    """A path of this site as the browser must ask for it (behind a proxy's root path)."""
    return f"{request.scope.get('root_path', '')}{path}"


@cache
def environment() -> Environment:
    """The one Jinja environment (autoescaped HTML, undefined names fail loudly in tests)."""
    from jinja2 import StrictUndefined

    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # packaged templates never change under a running server
    )
    env.filters["number"] = number
    env.filters["day"] = day_label
    env.filters["json"] = lambda v: json.dumps(v, separators=(",", ":"))
    env.filters["script_json"] = script_json
    from runstrong.present import prescription

    env.globals["rx"] = prescription
    # The macros as a global too: a block rendered alone (htmx) skips the page's own import.
    env.globals["m"] = env.get_template("macros.html").module
    return env


def number(value: float | int | None) -> str:
    """A number as a runner writes it: 82.5, 80, never 80.0."""
    if value is None:
        return "-"
    return f"{round(float(value), 2):g}"


_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def script_json(value: Any) -> Markup:
    """JSON for a `<script type="application/json">` block: `<`, `>` and `&` as \\u escapes, so
    no text inside (a name, a note) can close the tag; the parsed value is unchanged."""
    text = json.dumps(value, separators=(",", ":"), allow_nan=False)
    return Markup(text.translate(_SCRIPT_UNSAFE))


def day_label(value: dt.date | str) -> str:
    """`Tue 1 Dec`: short enough for a phone's column."""
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day:%a} {day.day} {day:%b}"


def page(
    request: Request,
    name: str,
    values: dict[str, Any] | None = None,
    *,
    status: int = 200,
    block: str | None = None,
) -> HTMLResponse:
    """Render template `name`: whole, or only `block` when htmx asked for that part."""
    template = environment().get_template(name)
    data = {**_common(request), **(values or {})}
    if block is not None and request.headers.get("hx-request") == "true":
        context = template.new_context(data)
        text = "".join(template.blocks[block](context))
    else:
        text = template.render(data)
    return HTMLResponse(text, status_code=status)


def _common(request: Request) -> dict[str, Any]:
    viewer = getattr(request.state, "viewer", None)
    return {
        "request": request,
        "root": request.scope.get("root_path", ""),
        "viewer": viewer,
        "csrf": viewer.csrf if viewer is not None else getattr(request.state, "form_token", ""),
        "path": request.url.path,
        "href": lambda path: href(request, path),
        "min_password": _min_password(),
        "version": _version(),  # the service worker's caches are named by it (static/sw.js)
        "coach_nav": lambda: _coaching(request, viewer),  # read only when the nav is drawn
    }


def _coaching(request: Request, viewer: Any) -> bool:
    """Whether the signed-in user coaches (the nav's Coach link)."""
    if viewer is None:
        return False
    from runstrong.app import coaching

    return coaching.is_coach(request.app.state.context, viewer.user)


def _version() -> str:
    from runstrong.version import __version__

    return __version__


def _min_password() -> int:
    from runstrong.app.accounts import MIN_PASSWORD

    return MIN_PASSWORD


def message(error: RunstrongError, labels: dict[str, str]) -> str:
    """An error in a form's words: a field named by its label, an action by its page."""
    return error.worded(lambda f: labels.get(f, f), lambda a: f"'{a}'")


def field_errors(
    error: RunstrongError, labels: dict[str, str], inline: frozenset[str] | None = None
) -> dict[str, str]:
    """{form field: message} for an error on a field shown `inline` (by default every labelled
    one), the message without the field's name (it sits next to it); {'': message} else."""
    field = (error.field or "").split("[")[0].split(".")[0]
    text = message(error, labels)
    if field not in (labels.keys() if inline is None else inline):
        return {"": text}
    label = labels.get(error.field or "", error.field or "")
    return {field: text.removeprefix(f"{label}: ")}
