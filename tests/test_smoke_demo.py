"""The demo unit builds through the installed test sector and the home page shows it."""

from dangwu_core.app import create_app
from dangwu_core.demo import build_demo
from dangwu_core.models import Event, Organization


def test_demo_builds_once_and_home_page_lists_the_tree(unit):
    _, built = build_demo(unit, "testsector")
    assert built
    count = Organization.select().count()
    events = Event.select().count()
    assert count == 7
    _, built = build_demo(unit, "testsector")
    assert not built
    assert (Organization.select().count(), Event.select().count()) == (count, events)
    client = create_app(unit=unit).test_client()
    page = client.get("/").get_data(as_text=True)
    assert "中共测试单位委员会" in page
    assert "测试第一支部" in page
