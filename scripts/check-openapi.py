"""Validates the OpenAPI document embedded in Sources/KilnAPI/OpenAPIDocument.swift."""
import json
import pathlib
import sys

from openapi_spec_validator import validate

source = pathlib.Path(__file__).resolve().parent.parent / "Sources/KilnAPI/OpenAPIDocument.swift"
text = source.read_text()
start = text.index('#"""') + len('#"""')
end = text.index('"""#', start)
validate(json.loads(text[start:end]))
print("openapi.json: valid OpenAPI 3.1")
