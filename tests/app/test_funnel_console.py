"""The console's funnel line: generated → after merging → shortlisted → scored → selected."""

from tests.app.ui import as_seat, texts
from workbench import services


def test_console_shows_the_funnel_and_it_follows_the_workshop(store):
    """Three ideas, two merged into one → 3 generated, 2 after merging; one shortlisted,
    none scored, nothing in Must yet."""
    started = services.start_live_workshop(store, "Offsite", "", "Fay")
    fay = started.seat
    wid, me = fay.workshop.id, fay.participant.id
    a, b, c = (services.add_idea(store, wid, me, t) for t in ("Dark mode", "Night theme", "SSO"))
    at = as_seat(fay, "pages/console.py")
    assert "Funnel: 3 ideas → 3 after merging → 0 shortlisted → 0 scored → not chosen yet" \
        in texts(at)
    services.merge_ideas(store, wid, me, [a, b], "Dark mode")
    services.set_shortlist(store, wid, me, [c])
    at.run()
    assert "Funnel: 3 ideas → 2 after merging → 1 shortlisted → 0 scored → not chosen yet" \
        in texts(at)
