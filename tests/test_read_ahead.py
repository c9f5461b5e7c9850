"""The read-ahead thread yields everything in order, raises where the producer failed, and stops when abandoned."""

import threading

import pytest

from articles.ingest.read_ahead import read_ahead_of


def test_items_arrive_in_order_whatever_the_distance_ahead():
    assert list(read_ahead_of(iter(range(1000)), size=7)) == list(range(1000))


def test_an_error_in_the_producer_is_raised_after_the_items_before_it():
    def items():
        yield from (1, 2, 3)
        raise ValueError("line 4: not valid JSON")

    seen = []
    with pytest.raises(ValueError, match="line 4"):
        for item in read_ahead_of(items(), size=100):
            seen.append(item)
    assert seen == [1, 2, 3]


def test_a_consumer_that_stops_early_stops_the_producer():
    produced = []

    def items():
        for n in range(1_000_000):
            produced.append(n)
            yield n

    stream = read_ahead_of(items(), size=10)
    assert next(stream) == 0
    stream.close()  # the generator's finally: stop and join the producer
    assert len(produced) < 100
    assert not any(thread.name == "ingest-read-ahead" for thread in threading.enumerate())
