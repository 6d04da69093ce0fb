"""PNG encoding of social cards that compresses only what differs from the shared background.

A card is its background (drawn once per process) with a few lines of text: most of its rows are
the background's. The image data (each row: filter byte 0, then its palette indices) is cut into
bands of :data:`BAND_ROWS` rows, each deflated on its own and ended on a byte boundary (a sync
flush), so that the bands of the zlib stream can be laid end to end; a band equal to the
background's reuses the background's deflated band, computed once. zlib spends its time per byte
read (a card is 756,000 bytes): this skips the half of them that never change. The checksum of
the whole stream is combined from the bands' own (zlib's ``adler32_combine``).
"""

from __future__ import annotations

import struct
import zlib

from PIL import Image

BAND_ROWS = 10
SIGNATURE = b"\x89PNG\r\n\x1a\n"
ADLER_BASE = 65521
FINAL_BLOCK = b"\x03\x00"  # an empty final block (fixed Huffman codes)


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def _adler_combine(first: int, second: int, second_length: int) -> int:
    """The Adler-32 of A + B from those of A and B and the length of B (zlib's adler32_combine)."""
    rem = second_length % ADLER_BASE
    low = first & 0xFFFF
    high = (rem * low) % ADLER_BASE
    low = (low + (second & 0xFFFF) + ADLER_BASE - 1) % ADLER_BASE
    high = (high + (first >> 16) + (second >> 16) + ADLER_BASE - rem) % ADLER_BASE
    return low | high << 16


class BandEncoder:
    """Encodes "L" images of palette indices the size of ``background``, with ``palette`` (RGB bytes)."""

    def __init__(self, background: Image.Image, palette: bytes, level: int) -> None:
        self.level = level
        self.width, self.height = background.size
        self.head = SIGNATURE + _chunk(b"IHDR", struct.pack(">IIBBBBB", *background.size, 8, 3, 0, 0, 0))
        self.head += _chunk(b"PLTE", palette)
        self.zlib_header = zlib.compress(b"", level)[:2]
        self.band = self.width * BAND_ROWS  # bytes of palette indices in a band (the last may be shorter)
        data = background.tobytes()
        self.background = []
        for start in range(0, len(data), self.band):
            plain = data[start : start + self.band]
            raw = self._filtered(plain)
            self.background.append((plain, self._deflate(raw), zlib.adler32(raw), len(raw)))

    def _filtered(self, plain: bytes) -> bytes:
        """Rows of palette indices as PNG image data: each row after its filter byte (0: none)."""
        width = self.width
        return b"\0" + b"\0".join([plain[i : i + width] for i in range(0, len(plain), width)])

    def _deflate(self, raw: bytes) -> bytes:
        compressor = zlib.compressobj(self.level, zlib.DEFLATED, -15)
        return compressor.compress(raw) + compressor.flush(zlib.Z_SYNC_FLUSH)

    def encode(self, image: Image.Image) -> bytes:
        data, parts, adler = image.tobytes(), [self.zlib_header], 1
        for index, (plain, deflated, band_adler, length) in enumerate(self.background):
            start = index * self.band
            if data[start : start + self.band] == plain:
                parts.append(deflated)
                adler = _adler_combine(adler, band_adler, length)
            else:
                raw = self._filtered(data[start : start + self.band])
                parts.append(self._deflate(raw))
                adler = zlib.adler32(raw, adler)
        parts += [FINAL_BLOCK, struct.pack(">I", adler)]
        return self.head + _chunk(b"IDAT", b"".join(parts)) + _chunk(b"IEND", b"")
