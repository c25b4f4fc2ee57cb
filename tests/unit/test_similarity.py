"""The similarity engine and its services: known answers on tiny inputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from workbench import services
from workbench.domain.models import InvalidInput
from workbench.similarity import alike_groups, engine, number_clash, number_key, text_hash
from workbench.similarity.engines import load
from workbench.similarity.lexical import LexicalEngine

ROOT = Path(__file__).resolve().parents[2]


def unit(*rows: list[float]) -> np.ndarray:
    m = np.asarray(rows, dtype=np.float32)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_groups_hold_ideas_that_are_all_alike_best_first():
    """A~B (cos .8), B~C (cos .8·.8+.6·.6=1.0 → C = B), A·C = .8; D alone at 90° to all.

    Rows: A=(1,0,0), B=(.8,.6,0), C=(.8,.6,0) → one group {A,B,C}, score 1.0 (B·C); D none.
    """
    m = unit([1, 0, 0], [0.8, 0.6, 0], [0.8, 0.6, 0], [0, 0, 1])
    groups = alike_groups(m, threshold=0.75)
    assert groups == [((1, 2, 0), pytest.approx(1.0))]


def test_a_chain_does_not_join_ends_that_are_not_alike():
    """At 0°, 40° and 75°: A·B = cos 40° ≈ .77, B·C = cos 35° ≈ .82, A·C = cos 75° ≈ .26.
    B–C pairs first (closest); A is alike to B but not to C, so it does not join."""
    a, b, c = (np.radians(d) for d in (0, 40, 75))
    m = unit([np.cos(a), np.sin(a)], [np.cos(b), np.sin(b)], [np.cos(c), np.sin(c)])
    [(rows, score)] = alike_groups(m, threshold=0.7)
    assert sorted(rows) == [1, 2]
    assert score == pytest.approx(np.cos(np.radians(35)), abs=1e-6)


def test_two_separate_pairs_make_two_groups_best_first():
    """(A, A') at cos 1.0 and (B, B') at cos .8, A ⟂ B: two groups, the closer pair first."""
    m = unit([1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0.8, 0.6])
    assert alike_groups(m, threshold=0.7) == [((0, 1), pytest.approx(1.0)),
                                              ((2, 3), pytest.approx(0.8))]


def test_lexical_vectors_are_unit_length_and_share_words():
    vectors = LexicalEngine().embed(["Dark mode for the app", "dark mode in the app", "", "x"])
    assert np.allclose(np.linalg.norm(vectors[[0, 1, 3]], axis=1), 1.0)
    assert not vectors[2].any()  # no words, no direction
    assert float(vectors[0] @ vectors[1]) > LexicalEngine.threshold


def test_missing_model_folder_falls_back_to_lexical_and_says_so(tmp_path):
    chosen, status = load(tmp_path / "no-such-model")
    assert isinstance(chosen, LexicalEngine)
    assert status.semantic is False and "missing" in status.note


def test_a_damaged_model_file_falls_back_to_lexical_and_says_why(tmp_path):
    (tmp_path / "model.onnx").write_bytes(b"not an onnx graph")
    (tmp_path / "tokenizer.json").write_text("{}")
    chosen, status = load(tmp_path)
    assert isinstance(chosen, LexicalEngine)
    assert status.semantic is False and "could not be loaded" in status.note


def test_a_text_gets_the_same_vector_alone_or_among_others():
    """Texts run side by side on several threads: each row must belong to its own text, and
    a text's vector must not depend on what else was embedded with it (the int8 graph scales
    activations per run, so the engine never batches)."""
    chosen = engine()
    texts = [f"idea number {'very ' * (i % 7)}long {i}" for i in range(150)]
    together = chosen.embed(texts)
    alone = np.vstack([chosen.embed([t]) for t in texts[:: 37]])
    assert together.shape == (150, 384)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(together[:: 37], alone)
    assert chosen.embed([]).shape == (0, 384)


def test_text_hash_changes_with_title_or_description():
    assert text_hash("a", "b") != text_hash("a", "c") != text_hash("ab", "")
    assert text_hash("a", "b") == text_hash("a", "b")


def test_similar_to_and_duplicate_groups_on_a_workshop(fresh_store):
    w = fresh_store.create_workshop("Sim", "")
    ids = fresh_store.add_ideas(w, None, [("Add a dark mode to the mobile app", ""),
                                          ("Dark mode in the mobile app", ""),
                                          ("Invoice export to CSV", "")], [])
    found = services.similar_to(fresh_store, w, "A dark mode for the mobile app")
    assert {m.idea_id for m in found[:2]} == set(ids[:2])
    assert ids[2] not in [m.idea_id for m in found]
    assert all(engine().threshold <= m.score <= 1 for m in found)
    assert services.similar_to(fresh_store, w, "Dark mode in the mobile app",
                               exclude_id=ids[1])[0].idea_id == ids[0]
    [group] = services.duplicate_groups(fresh_store, w)
    assert sorted(group.idea_ids) == ids[:2]


@pytest.mark.parametrize("text", ["", "   ", None])
def test_similar_to_refuses_empty_text(fresh_store, text):
    w = fresh_store.create_workshop("Sim", "")
    with pytest.raises(InvalidInput):
        services.similar_to(fresh_store, w, text)


def test_the_model_loads_offline_and_writes_nothing_under_home(tmp_path):
    """A fresh process whose sockets refuse to connect (and whose proxies point at a closed
    port), with an empty HOME and ``HF_HUB_OFFLINE=0`` inherited, loads the shipped model
    (semantic), tries no connection, imports no torch, sets the offline flags itself, and
    leaves HOME empty (no cache, no telemetry queue)."""
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "HTTPS_PROXY": "http://127.0.0.1:9",
           "HTTP_PROXY": "http://127.0.0.1:9", "HF_HUB_OFFLINE": "0"}
    env.pop("XDG_CACHE_HOME", None)
    env.pop("HF_HOME", None)
    code = ("import os, socket, sys\n"
            "tried = []\n"
            "def refuse(*args, **kwargs):\n"
            "    tried.append(args)\n"
            "    raise OSError('network blocked by the test')\n"
            "socket.socket.connect = socket.socket.connect_ex = refuse\n"
            "socket.create_connection = refuse\n"
            "from workbench.similarity import engine_status, engine\n"
            "s = engine_status(); engine().embed(['dark mode'])\n"
            "print(s.semantic, 'torch' in sys.modules, os.environ['HF_HUB_OFFLINE'], len(tried))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["True", "False", "1", "0"]
    assert list(home.rglob("*")) == []


def test_the_shipped_model_knows_a_reworded_duplicate_from_an_unrelated_idea():
    """Cosine on the shipped model: the issue's own example pair is above the threshold, an
    unrelated pair below (the engine is the semantic one when the model folder is present)."""
    chosen = engine()
    assert chosen.semantic
    v = chosen.embed(["Add a dark theme to the mobile app",
                      "Offer a night-time colour scheme on iOS and Android",
                      "Free fruit in the office kitchen"])
    assert float(v[0] @ v[1]) >= chosen.threshold > float(v[0] @ v[2])


def test_vectors_are_stored_per_idea_and_recomputed_only_when_the_text_changes(fresh_store):
    w = fresh_store.create_workshop("Sim", "")
    a, b = fresh_store.add_ideas(w, None, [("Dark mode", ""), ("CSV export", "")], [])
    services.similar_to(fresh_store, w, "night theme")
    name = engine().name
    first = fresh_store.idea_vectors(w, name).set_index("idea_id")["text_hash"].to_dict()
    assert set(first) == {a, b}
    fresh_store.update_idea(w, None, a, "Dark mode", "for phones", [])
    services.duplicate_groups(fresh_store, w)
    second = fresh_store.idea_vectors(w, name).set_index("idea_id")["text_hash"].to_dict()
    assert second[b] == first[b] and second[a] != first[a]
    assert second[a] == text_hash("Dark mode", "for phones")


def test_merged_away_ideas_are_neither_matched_nor_grouped(fresh_store):
    """After merging idea 2 into idea 1, only idea 1 of the pair is live: no group is left
    (a group needs two live ideas) and a look-alike search returns idea 1 alone."""
    from workbench.services.ideas import merge_ideas
    w = fresh_store.create_workshop("Sim", "")
    ids = fresh_store.add_ideas(w, None, [("Dark mode in the mobile app", ""),
                                          ("Add a dark mode to the mobile app", ""),
                                          ("Invoice export to CSV", "")], [])
    assert len(services.duplicate_groups(fresh_store, w)) == 1
    merge_ideas(fresh_store, w, None, ids[:2], "Dark mode in the mobile app")
    live = set(fresh_store.list_ideas(w)["id"].astype(int))
    assert services.duplicate_groups(fresh_store, w) == []
    found = [m.idea_id for m in services.similar_to(fresh_store, w, "dark mode mobile app")]
    assert len(found) == 1 and found[0] in live


def test_ideas_that_differ_in_their_numbers_never_match():
    """Digits weigh almost nothing in the model ("Phase 1 rollout" ~ "Phase 2 rollout" at
    cosine ≈ 1), so a clash of named numbers blocks the pair; no numbers on one side: no clash."""
    assert number_key("Phase 2, for 10 users or 10.5") == "10|10.5|2"
    clash = number_clash(["1", "", "1|2"], ["2", "1", "", "1|2"])
    assert clash.tolist() == [[True, False, False, True], [False] * 4,
                              [True, True, False, False]]
    m = unit([1, 0], [1, 0], [1, 0])
    # 0–2 and 1–2 are alike, 0–1 are not (other numbers): 0 and 2 pair up; 1 cannot join.
    assert alike_groups(m, 0.5, number_clash(["1", "2", ""], ["1", "2", ""])) == [
        ((0, 2), pytest.approx(1.0))]


def test_similar_to_skips_an_idea_with_other_numbers(fresh_store):
    w = fresh_store.create_workshop("Sim", "")
    one, _ = fresh_store.add_ideas(w, None, [("Phase 1 rollout", ""), ("Phase 2 rollout", "")],
                                   [])
    assert [m.idea_id for m in services.similar_to(fresh_store, w, "Rollout phase 1")] == [one]
    assert services.duplicate_groups(fresh_store, w) == []
