"""``dangwu new-unit``: generate a unit's deployment from ``cookiecutter-unit/``.

A thin wrapper over cookiecutter's Python API: the same questions, the same ``--no-input``
and ``KEY=VALUE`` answers as ``cookiecutter cookiecutter-unit``. When the template is the one
of a framework checkout, the generated project's ``dangwu_source`` (the checkout it installs
dangwu-core and the plugins from) defaults to that checkout.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import DangwuError

#: The framework checkout this dangwu-core runs from (an editable install), if any.
CHECKOUT = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = "cookiecutter-unit"


class NewUnitError(DangwuError):
    """The unit's project cannot be generated; the message says why in one line."""


def default_template() -> Path | None:
    candidate = CHECKOUT / TEMPLATE_DIR
    return candidate if (candidate / "cookiecutter.json").is_file() else None


def parse_answers(pairs: tuple[str, ...]) -> dict[str, str]:
    answers = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise NewUnitError(f"{pair!r} is not KEY=VALUE (e.g. unit_name=某镇党委)")
        answers[key.strip()] = value
    return answers


def generate(
    template: Path,
    output_dir: Path,
    answers: dict[str, str],
    *,
    no_input: bool = False,
    overwrite: bool = False,
) -> Path:
    """Run cookiecutter on ``template``; return the generated project's directory."""
    try:
        from cookiecutter.exceptions import CookiecutterException, OutputDirExistsException
        from cookiecutter.main import cookiecutter
    except ImportError:
        raise NewUnitError(
            "dangwu new-unit needs cookiecutter: pip install 'dangwu-core[template]'"
        ) from None
    if not (template / "cookiecutter.json").is_file():
        raise NewUnitError(f"{template} is not a cookiecutter template (no cookiecutter.json)")
    if not output_dir.is_dir():
        raise NewUnitError(f"output directory {output_dir} does not exist")
    known = _template_keys(template)
    unknown = sorted(set(answers) - known)
    if unknown:
        raise NewUnitError(
            f"unknown question(s) {', '.join(unknown)}; "
            f"the template asks {', '.join(sorted(known))}"
        )
    if "dangwu_source" not in answers and template.resolve() == (CHECKOUT / TEMPLATE_DIR):
        answers = {**answers, "dangwu_source": str(CHECKOUT)}
    try:
        project = cookiecutter(
            str(template),
            no_input=no_input,
            extra_context=answers,
            output_dir=str(output_dir),
            overwrite_if_exists=overwrite,
        )
    except OutputDirExistsException as exc:
        raise NewUnitError(f"{exc}; pass --overwrite to write over it") from None
    except CookiecutterException as exc:
        raise NewUnitError(str(exc).splitlines()[0]) from None
    return Path(project)


def _template_keys(template: Path) -> set[str]:
    import json

    with open(template / "cookiecutter.json", encoding="utf-8") as handle:
        return {key for key in json.load(handle) if not key.startswith("_")}


@click.command("new-unit")
@click.argument("answers", nargs=-1, metavar="[KEY=VALUE]...")
@click.option(
    "--template",
    type=click.Path(file_okay=False, path_type=Path),
    help="The cookiecutter template (default: cookiecutter-unit/ of this dangwu checkout).",
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Where the project directory is created.",
)
@click.option("--no-input", is_flag=True, help="Ask nothing: defaults and KEY=VALUE answers.")
@click.option("--overwrite", is_flag=True, help="Write into an existing project directory.")
def command(answers, template, output_dir, no_input, overwrite):
    """Generate a unit's deployment (settings, its own plugin, tests, deployment samples).

    \b
    Example:
      dangwu new-unit --no-input unit_name=某镇党委 unit_slug=mytown sector=<sector>
    """
    template = template or default_template()
    if template is None:
        raise NewUnitError(
            "no template: this dangwu-core is not a checkout with cookiecutter-unit/; "
            "pass --template PATH"
        )
    project = generate(
        template, output_dir, parse_answers(answers), no_input=no_input, overwrite=overwrite
    )
    click.echo(f"Created {project}")
    click.echo(f"Next: cd {project} && make demo   (README.md tells the rest)")
