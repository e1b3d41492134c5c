"""zongjie (总结): read, segment, classify, extract figures from and draft Chinese trade-union work summaries."""

__version__ = "0.1.0"
