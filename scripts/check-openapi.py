"""Validates the OpenAPI document embedded in Sources/KilnAPI/OpenAPIDocument.swift."""
import json
import pathlib
import sys

from openapi_spec_validator import validate

source = pathlib.Path(__file__).resolve().parent.parent / "Sources/KilnAPI/OpenAPIDocument.swift"
text = source.read_text()
start = text.index('#"""') + len('#"""')
end = text.index('"""#', start)
# The kinds are filled in from the node's step registry at run time; any names do here.
document = text[start:end].replace("__TASK_KINDS__", '"probe"').replace("__LISTED_TASK_KINDS__", '"probe"')
validate(json.loads(document))
print("openapi.json: valid OpenAPI 3.1")
