"""`deckbuilder watch`: the loop runs in a thread with a stop event; saves trigger rebuilds."""

import threading
import time

from builder.core.model import Project
from builder.engine.watch import watch_project

TIMEOUT = 10


class Recorder:
    def __init__(self):
        self.rebuilds = []
        self.arrived = threading.Condition()

    def __call__(self, rebuild):
        with self.arrived:
            self.rebuilds.append((time.perf_counter(), rebuild))
            self.arrived.notify_all()

    def wait_for(self, n):
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.rebuilds) >= n, timeout=TIMEOUT), self.rebuilds
        return self.rebuilds[n - 1]


def _start(project):
    recorder, stop = Recorder(), threading.Event()
    thread = threading.Thread(target=watch_project, args=(Project(project), recorder, stop), daemon=True)
    thread.start()
    recorder.wait_for(1)
    time.sleep(0.3)  # let the watcher start before the first save
    return recorder, stop, thread


def _stop(stop, thread):
    stop.set()
    thread.join(TIMEOUT)
    assert not thread.is_alive()


def test_watch_rebuilds_after_a_save(project):
    recorder, stop, thread = _start(project)
    deck = project / "decks" / "test-deck.apkg"
    first = deck.read_bytes()
    cards = project / "cards" / "cards.yaml"
    cards.write_text(cards.read_text().replace("answer: Tuesday, January 13", "answer: Tuesday, 13 January"))
    _, rebuild = recorder.wait_for(2)
    _stop(stop, thread)
    assert rebuild.changed == ("cards/cards.yaml",)
    assert rebuild.result.output == deck and deck.read_bytes() != first


def test_invalid_save_keeps_the_last_good_deck(project):
    recorder, stop, thread = _start(project)
    deck = project / "decks" / "test-deck.apkg"
    good = deck.read_bytes()
    (project / "cards" / "cards.yaml").write_text("cards:\n  - id: [broken\n")
    _, rebuild = recorder.wait_for(2)
    _stop(stop, thread)
    assert rebuild.result.output is None and rebuild.result.load.errors
    assert deck.read_bytes() == good
    assert sorted(p.name for p in deck.parent.iterdir()) == ["test-deck.apkg"]


def test_watch_leaves_lock_and_changelog_to_build(project):
    recorder, stop, thread = _start(project)
    _stop(stop, thread)
    assert not (project / "cards" / "deck.lock").exists()
    assert not (project / "decks" / "CHANGELOG.md").exists()
