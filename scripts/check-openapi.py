"""Validates the OpenAPI document a live `kiln serve` serves at /openapi.json (the template in
Sources/KilnAPI/OpenAPIDocument.swift with the node's kinds filled in) as OpenAPI 3.1.
Usage: python3 scripts/check-openapi.py [path/to/kiln]   (default .build/debug/kiln)"""
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

from openapi_spec_validator import validate

root = pathlib.Path(__file__).resolve().parent.parent
binary = sys.argv[1] if len(sys.argv) > 1 else str(root / ".build/debug/kiln")
data = tempfile.mkdtemp(prefix="kiln-openapi-")
server = subprocess.Popen([binary, "serve", "--port", "0", "--data", data, "--workers", "0", "--log-level", "error"],
                          stdout=subprocess.PIPE, text=True)
try:
    port = None
    for line in server.stdout:
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if match:
            port = int(match.group(1))
            break
    if port is None:
        sys.exit("check-openapi: the server did not start")
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json") as response:
        validate(json.load(response))
finally:
    server.terminate()
    server.wait()
    shutil.rmtree(data, ignore_errors=True)
print("openapi.json: valid OpenAPI 3.1")
