"""Run an iterator in a thread, a bounded distance ahead of its consumer.

A bulk ingest alternates between Python work (reading, parsing and preparing
stories) and waits on PostgreSQL (queries, the end of each COPY). psycopg2
releases the GIL while it waits, so a thread that parses the next stories in
those waits puts the machine's second core to use: the database stores one
batch while Python prepares the next (measured with bench/ingest_jsonl.py).

The producer must not touch the database: only pure work belongs here.
Whatever the producer raises is raised in the consumer at the same point of
the sequence, so a parse error still fails the file where it should.
"""

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
_DONE = object()


class _Failure:
    def __init__(self, error: BaseException):
        self.error = error


def read_ahead_of(items: Iterable[T], *, size: int) -> Iterator[T]:
    """Yield ``items`` in order, produced by a thread that keeps up to ``size`` of them ready."""
    ready: queue.Queue = queue.Queue(maxsize=size)
    stop = threading.Event()

    def put(value) -> bool:
        while not stop.is_set():
            try:
                ready.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as exc:
            put(_Failure(exc))
            return
        put(_DONE)

    producer = threading.Thread(target=produce, name="ingest-read-ahead", daemon=True)
    producer.start()
    try:
        while True:
            value = ready.get()
            if value is _DONE:
                return
            if isinstance(value, _Failure):
                raise value.error
            yield value
    finally:
        # The consumer stopped (done, failed or abandoned): let the producer finish and wait for it,
        # so it never reads from a file the caller is about to close.
        stop.set()
        producer.join()
