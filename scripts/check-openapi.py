"""Validates the OpenAPI document embedded in Sources/KilnAPI/OpenAPIDocument.swift."""
import json
import pathlib
import sys

from openapi_spec_validator import validate

source = pathlib.Path(__file__).resolve().parent.parent / "Sources/KilnAPI/OpenAPIDocument.swift"
text = source.read_text()
start = text.index('#"""') + len('#"""')
end = text.index('"""#', start)
# The kinds are filled in from the node's step registry at run time; the built-in ones here.
kinds = ["probe", "import", "video", "audio", "image", "animation", "adaptive_video", "export", "speech", "subtitles", "chapters", "summary", "outline", "nsfw"]
document = (
    text[start:end]
    .replace("__TASK_KINDS__", ", ".join(f'"{k}"' for k in kinds))
    .replace("__LISTED_TASK_KINDS__", '"probe"')
    .replace("__TASK_REQUEST_REFS__", ", ".join(f'{{"$ref": "#/components/schemas/CreateTask_{k}"}}' for k in kinds))
    .replace("__TASK_REQUEST_MAPPING__", ", ".join(f'"{k}": "#/components/schemas/CreateTask_{k}"' for k in kinds))
    .replace("__EXTRA_TASK_REQUEST_SCHEMAS__", "")
)
validate(json.loads(document))
print("openapi.json: valid OpenAPI 3.1")
