"""The acts of the channels that are places and records, declared once in the registry."""

from dangwu_core.toolkit import Action

ACTIONS = [
    Action(
        "channels.board_post",
        "张贴、撤除党务公开栏",
        ("liaison", "publisher", "admin"),
        description="002, 003 §7: the office that publishes posts the 公开栏 sheet and takes it "
        "down when its items' time is up; the branch's liaison does so at the branch.",
    ),
    Action(
        "channels.screen_manage",
        "设置电子显示屏",
        ("publisher", "approver", "admin"),
        description="002: the e-screen shows the public items of its organization; those who "
        "publish or approve set screens up and revoke them.",
    ),
    Action(
        "channels.record",
        "记录会议、文件、简报",
        ("liaison", "proposer", "publisher", "admin"),
        description="003 §7: items for the party are disclosed at meetings and in documents and "
        "briefings; those who propose and publish record where, when and to whom.",
    ),
]
