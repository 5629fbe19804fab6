"""Downloader middlewares: fix what the watched sites get wrong on the wire."""

from __future__ import annotations

import codecs
import logging

from charset_normalizer import from_bytes
from scrapy.http import Request, Response, TextResponse

logger = logging.getLogger(__name__)

# Encodings that map every byte to some character: a strict decode can never fail with them,
# so a page declared so is checked by detection whenever it holds non-ASCII bytes.
_ANY_BYTES_ENCODINGS = frozenset({"latin_1", "iso8859_1", "cp1252", "iso8859_15"})


def codec_name(encoding: str) -> str | None:
    """Python's canonical name of an encoding (`gb2312` → `gb2312`, `latin-1` → `iso8859_1`), or None."""
    try:
        return codecs.lookup(encoding).name.replace("-", "_")
    except LookupError:
        return None


def decodes_as_declared(body: bytes, encoding: str) -> bool:
    """Whether the body is plausibly text in its declared encoding (a strict decode succeeds)."""
    name = codec_name(encoding)
    if name is None:
        return False
    try:
        body.decode(name)
    except UnicodeDecodeError:
        return False
    return name not in _ANY_BYTES_ENCODINGS or body.isascii()


def detected_encoding(body: bytes) -> str | None:
    """The encoding charset_normalizer finds for the body, if any."""
    match = from_bytes(body).best()
    return match.encoding if match else None


class CharsetFixMiddleware:
    """Re-decode pages whose declared charset is wrong (e.g. GBK bodies sent as UTF-8)."""

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        declared = response.encoding
        if decodes_as_declared(response.body, declared):
            return response
        found = detected_encoding(response.body)
        if not found or codec_name(found) == codec_name(declared):
            return response
        logger.info("%s: declared charset %s does not fit the body; decoding as %s", response.url, declared, found)
        return response.replace(encoding=found)
