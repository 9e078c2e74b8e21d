"""The channels of 003 §7 carry exactly the scopes the paragraph allows."""

import pytest

from dangwu_core.toolkit import ValidationError


def test_channels_are_registered_through_the_entry_point(unit):
    assert "bulletin_board" in unit.registry.channels
    assert "meeting" in unit.registry.channels


def test_person_only_item_never_goes_to_the_bulletin_board_003_7(unit):
    with pytest.raises(ValidationError, match="bulletin_board"):
        unit.registry.channels.check_fit("specific", ["interview", "bulletin_board"])
    unit.registry.channels.check_fit("specific", ["interview", "letter", "email"])


def test_party_items_go_by_meetings_documents_briefings_lan_003_7(unit):
    unit.registry.channels.check_fit("party", ["meeting", "document", "briefing", "lan"])
    with pytest.raises(ValidationError, match="e_screen"):
        unit.registry.channels.check_fit("party", ["document", "e_screen"])


def test_public_items_go_by_board_screen_press_003_7(unit):
    names = ["bulletin_board", "hotline", "e_screen", "tv", "press", "radio", "news_media"]
    unit.registry.channels.check_fit("public", names)
    public = {c.name for c in unit.registry.channels.for_scope("public")}
    assert {"bulletin_board", "e_screen", "website"} <= public
    assert "document" not in public
