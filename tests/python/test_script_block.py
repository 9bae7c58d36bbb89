"""The PEP 723 `# /// script` block: its metadata read, packages added without touching any other
byte of the header."""

import pytest

from lichen.notebook import parse, serialize
from lichen.notebook.script_block import (
    ScriptBlockError,
    ScriptMetadata,
    read_script_metadata,
    with_dependencies,
)

MARIMO = ('# /// script\n# requires-python = ">=3.12"\n# dependencies = [\n#     "marimo",\n'
          '#     "polars==1.20",\n# ]\n# ///\n')


def test_metadata_of_a_block_as_marimo_writes_it():
    assert read_script_metadata(MARIMO) == ScriptMetadata(("marimo", "polars==1.20"), ">=3.12")
    assert read_script_metadata("# a comment\n") is None


@pytest.mark.parametrize("header, added", [
    # One requirement a line, as marimo writes: the new one goes before `# ]`.
    (MARIMO, '#     "six",\n'),
    # Comments and odd spacing inside the block are kept; the list's own indent is followed.
    ('# /// script\n# dependencies = [\n#   "a",  # the one we need\n# ]\n# note = 1\n# ///\n',
     '#   "six",\n'),
])
def test_a_package_is_one_more_line_in_the_list(header, added):
    updated = with_dependencies(header, ["six"])
    assert updated.replace(added, "", 1) == header
    assert read_script_metadata(updated).dependencies[-1] == "six"


@pytest.mark.parametrize("header, updated", [
    ('# /// script\n# dependencies = []\n# ///\n',
     '# /// script\n# dependencies = ["six"]\n# ///\n'),
    ('# /// script\n# dependencies = ["a", "b"]  # pinned\n# ///\n',
     '# /// script\n# dependencies = ["a", "b", "six"]  # pinned\n# ///\n'),
    ('# /// script\n# dependencies = [\n#     "a"\n# ]\n# ///\n',
     '# /// script\n# dependencies = [\n#     "a",\n#     "six",\n# ]\n# ///\n'),
    ('# /// script\n# requires-python = ">=3.11"\n# ///\n',
     '# /// script\n# requires-python = ">=3.11"\n# dependencies = [\n#     "six",\n# ]\n# ///\n'),
    ('#!/usr/bin/env python\n"""Doc."""\n',
     '#!/usr/bin/env python\n# /// script\n# dependencies = [\n#     "six",\n# ]\n# ///\n\n"""Doc."""\n'),
    ("", '# /// script\n# dependencies = [\n#     "six",\n# ]\n# ///\n'),
])
def test_each_layout_of_the_list_is_extended_as_it_is_written(header, updated):
    assert with_dependencies(header, ["six"]) == updated


def test_a_listed_package_is_not_added_twice_whatever_its_spelling():
    header = '# /// script\n# dependencies = ["Typing_Extensions>=4"]\n# ///\n'
    assert with_dependencies(header, ["typing-extensions"]) == header


def test_a_list_it_cannot_extend_is_left_alone_with_a_message():
    header = '# /// script\n# dependencies = [ "a",\n#   "b" ]\n# ///\n'
    with pytest.raises(ScriptBlockError, match="add six to it by hand"):
        with_dependencies(header, ["six"])


def test_a_bad_block_is_an_error_naming_it():
    with pytest.raises(ScriptBlockError, match="not valid TOML"):
        with_dependencies("# /// script\n# dependencies = [\n# ///\n", ["six"])


def test_the_rest_of_the_notebook_is_unchanged_byte_for_byte():
    text = (MARIMO + "# Notes kept here.\n\nimport marimo\n\n__generated_with = \"0.25.2\"\n"
            "app = marimo.App(width=\"medium\")\n\n\n@app.cell\ndef _():\n    x = 1  # odd  spacing\n"
            "    return (x,)\n\n\nif __name__ == \"__main__\":\n    app.run()\n")
    notebook = parse(text)
    assert serialize(notebook) == text
    from dataclasses import replace

    updated = serialize(replace(notebook, header=with_dependencies(notebook.header, ["six"])))
    assert updated == text.replace('#     "polars==1.20",\n', '#     "polars==1.20",\n#     "six",\n')
