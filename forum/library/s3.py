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

from forum.library.storage import CHUNK, FileMissing, checked

_MISSING = ("404", "NoSuchKey", "NotFound")


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

    def _get(self, key: str) -> Any:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._name(key))["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING:
                raise FileMissing(key) from error
            raise

    def read(self, key: str) -> bytes:
        return self._get(key).read()

    def chunks(self, key: str) -> Iterator[bytes]:
        """Asked for now (a missing object raises `FileMissing` before any answer
        starts), streamed as the answer is sent."""
        return self._stream(self._get(key))

    @staticmethod
    def _stream(body: Any) -> Iterator[bytes]:
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _MISSING:
                return False
            raise
        return True
