"""The engine: discovery, parsing, the worker pool, the caches and digests, on-demand facts and
import resolution; it knows collectors only through the protocol of `prodready.model.collector`."""
