"""An independent S3 client (boto3) for the tests: checks what Kiln wrote.

Usage: s3-client.py ENDPOINT COMMAND ARGS…
  create-bucket BUCKET            put BUCKET KEY FILE           head BUCKET KEY
  list BUCKET [PREFIX]            get BUCKET KEY FILE           uploads BUCKET
  etag BUCKET KEY                 setup-auth  (an IAM user allowed everything, on a moto started
                                  with INITIAL_NO_AUTH_ACTION_COUNT=3; prints its key)
Credentials come from S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY (default test/test). Prints JSON."""
import hashlib
import json
import os
import sys

import boto3
from botocore.config import Config

endpoint, command, *args = sys.argv[1:]
key_id = os.environ.get("S3_ACCESS_KEY_ID", "test")
secret = os.environ.get("S3_SECRET_ACCESS_KEY", "test")
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key_id, aws_secret_access_key=secret,
                  config=Config(s3={"addressing_style": "path"}))
if command == "setup-auth":
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key_id, aws_secret_access_key=secret)
    iam.create_user(UserName="kiln")
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    iam.put_user_policy(UserName="kiln", PolicyName="everything", PolicyDocument=json.dumps(policy))
    created = iam.create_access_key(UserName="kiln")["AccessKey"]
    print(json.dumps({"access_key_id": created["AccessKeyId"], "secret_access_key": created["SecretAccessKey"]}))
elif command == "etag":
    print(json.dumps({"etag": s3.head_object(Bucket=args[0], Key=args[1])["ETag"].strip('"')}))
elif command == "create-bucket":
    s3.create_bucket(Bucket=args[0])
    print("{}")
elif command == "put":
    s3.upload_file(args[2], args[0], args[1])
    print("{}")
elif command == "head":
    head = s3.head_object(Bucket=args[0], Key=args[1])
    body = s3.get_object(Bucket=args[0], Key=args[1])["Body"].read()
    print(json.dumps({"size": head["ContentLength"], "content_type": head.get("ContentType"), "sha256": hashlib.sha256(body).hexdigest()}))
elif command == "list":
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=args[0], Prefix=args[1] if len(args) > 1 else "")
    print(json.dumps(sorted(o["Key"] for p in pages for o in p.get("Contents", []))))
elif command == "abort-all":
    for u in s3.list_multipart_uploads(Bucket=args[0]).get("Uploads", []):
        s3.abort_multipart_upload(Bucket=args[0], Key=u["Key"], UploadId=u["UploadId"])
    print("{}")
elif command == "uploads":
    print(json.dumps([u["Key"] for u in s3.list_multipart_uploads(Bucket=args[0]).get("Uploads", [])]))
else:
    sys.exit(f"unknown command {command}")
