"""The S3-compatible backend of `storage.py` (AWS S3, MinIO, Garage, Ceph…), with boto3.

Chosen with `FORUM_LIBRARY_STORAGE=s3`; the bucket is private (files are only ever served
through Convene, which checks who may read them). Credentials come the usual boto3 way
(`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, or an instance role), never from Convene's
settings.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
from botocore.exceptions import ClientError

from forum.library.storage import CHUNK, checked


class S3Storage:
    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""

    @classmethod
    def from_config(cls, config: dict) -> S3Storage:
        client = boto3.client(
            "s3",
            endpoint_url=config["FORUM_LIBRARY_S3_ENDPOINT"] or None,
            region_name=config["FORUM_LIBRARY_S3_REGION"] or None,
        )
        return cls(client, config["FORUM_LIBRARY_S3_BUCKET"], config["FORUM_LIBRARY_S3_PREFIX"])

    def _name(self, key: str) -> str:
        return self.prefix + checked(key)

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self._name(key), Body=data)

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"].read()

    def chunks(self, key: str) -> Iterator[bytes]:
        body = self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"]
        yield from body.iter_chunks(CHUNK)

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True
