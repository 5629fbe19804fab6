"""Downloader middlewares: fix what the watched sites get wrong on the wire."""

from __future__ import annotations

import codecs
import logging

from charset_normalizer import from_bytes
from charset_normalizer.utils import is_multi_byte_encoding
from scrapy.http import Request, Response, TextResponse

logger = logging.getLogger(__name__)

# Encodings in which any byte sequence decodes: a strict decode cannot show they are wrong.
_ANY_BYTES_ENCODINGS = frozenset({"latin_1", "iso8859_1", "cp1252", "iso8859_15"})


def codec_name(encoding: str) -> str | None:
    """Python's canonical name of an encoding (`GBK` → `gbk`, `latin-1` → `iso8859_1`), or None."""
    try:
        return codecs.lookup(encoding).name.replace("-", "_")
    except LookupError:
        return None


def decodes_as_declared(body: bytes, encoding: str) -> bool:
    """Whether the body strictly decodes with the encoding (an unknown encoding never does)."""
    name = codec_name(encoding)
    if name is None:
        return False
    try:
        body.decode(name)
    except UnicodeDecodeError:
        return False
    return True


def detected_encoding(body: bytes) -> str | None:
    """The encoding charset_normalizer finds for the body, if any."""
    match = from_bytes(body).best()
    return match.encoding if match else None


def better_encoding(body: bytes, declared: str) -> str | None:
    """The encoding to read the body with instead of the declared one, or None to keep that."""
    if decodes_as_declared(body, declared):
        if codec_name(declared) not in _ANY_BYTES_ENCODINGS or body.isascii():
            return None
        # Declared Latin-1 or kin, which fits any bytes: believe detection only when it finds a
        # multi-byte encoding (GBK, UTF-8, …), which Western text never looks like.
        found = detected_encoding(body)
        return found if found and is_multi_byte_encoding(found) else None
    found = detected_encoding(body)
    return found if found and codec_name(found) != codec_name(declared) else None


class CharsetFixMiddleware:
    """Re-decode pages whose declared charset does not fit their bytes (e.g. GBK sent as UTF-8)."""

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        declared = response.encoding
        found = better_encoding(response.body, declared)
        if found is None:
            return response
        logger.info("%s: declared charset %s does not fit the body; decoding as %s", response.url, declared, found)
        return response.replace(encoding=found)
