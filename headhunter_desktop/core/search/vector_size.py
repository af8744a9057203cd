"""The error of a vector from another embedding space, apart from the numpy-based index so
that the services can name it without importing numpy at start-up."""

from __future__ import annotations


class VectorSizeError(ValueError):
    """A vector whose length is not the index's: it comes from another embedding space."""

    def __init__(self, got: int, expected: int):
        super().__init__(
            f"a {got}-dimension vector for an index of {expected} dimensions: "
            "the embedding model changed without re-embedding"
        )
        self.got, self.expected = got, expected
