"""The generated protocol files (`shared-protocol/`) match `lichen.protocol`."""

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("generate", ROOT / "shared-protocol" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rendered():
    return _generator().render()


def test_generated_files_are_current(rendered):
    for path, text in rendered.items():
        assert path.exists(), f"{path.name} missing: run python shared-protocol/generate.py"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.relative_to(ROOT)} is stale: run python shared-protocol/generate.py"
        )


def test_every_method_is_in_the_schema_and_the_typescript(rendered):
    from lichen.protocol import EDITOR_METHODS

    schema = json.loads(rendered[ROOT / "shared-protocol" / "schema.json"])
    ts = rendered[ROOT / "shared-protocol" / "src" / "protocol.ts"]
    for method in EDITOR_METHODS:
        assert method.name in schema["methods"]
        assert f'{method.key}: "{method.name}",' in ts
        assert f"export interface {method.params.__name__} {{" in ts


def test_event_kinds_are_required_discriminants(rendered):
    ts = rendered[ROOT / "shared-protocol" / "src" / "protocol.ts"]
    for kind in ("queued", "running", "stream", "done", "stale"):
        assert f'  kind: "{kind}";' in ts


def test_fields_with_defaults_are_optional_only_where_the_editor_sends_them(rendered):
    schema = json.loads(rendered[ROOT / "shared-protocol" / "schema.json"])
    defs = schema["$defs"]
    assert "metadata" not in defs["CellData"]["required"]  # a new cell comes without metadata
    assert set(defs["DoneEvent"]["required"]) == set(defs["DoneEvent"]["properties"])
    assert defs["Settings"]["required"] == []


def test_the_shared_constants_and_named_types_are_exported_with_their_values(rendered):
    from lichen import protocol

    ts = rendered[ROOT / "shared-protocol" / "src" / "protocol.ts"]
    assert f'export const UI_MIME = "{protocol.UI_MIME}";' in ts
    assert 'export const RUN_MODES = ["autorun", "lazy"] as const;' in ts
    assert 'export const RAN = ["error", "interrupted", "stopped", "success"] as const;' in ts
    assert 'export type OnCellChange = "autorun" | "lazy";' in ts
    assert "  status: CellStatus;" in ts  # a field of a named type is written as its name
    assert "  invalidParams: -32602," in ts and "  parseError: -32700," in ts
