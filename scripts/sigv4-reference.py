"""Signs a request with botocore's SigV4 (S3) signer, for comparing with Kiln's own signer.

Reads JSON on stdin: {method, url (path percent-encoded as sent on the wire), headers, access_key,
secret_key, region, timestamp (YYYYMMDDTHHMMSSZ), unsigned_payload (bool)}; prints the headers
botocore adds, as JSON."""
import datetime
import json
import sys
from unittest import mock

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

spec = json.load(sys.stdin)
when = datetime.datetime.strptime(spec["timestamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
request = AWSRequest(method=spec["method"], url=spec["url"], headers=spec.get("headers", {}), data=b"")
if spec.get("unsigned_payload"):
    request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
auth = S3SigV4Auth(Credentials(spec["access_key"], spec["secret_key"]), "s3", spec["region"])
with mock.patch("botocore.auth.get_current_datetime", return_value=when):
    auth.add_auth(request)
print(json.dumps({k: v for k, v in request.headers.items() if k.lower() in ("authorization", "x-amz-date", "x-amz-content-sha256")}))
