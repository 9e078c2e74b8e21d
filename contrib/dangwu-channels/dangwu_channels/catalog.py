"""The channels of 003 §7 (and 000 三), each declared with the scopes it may carry.

003 §7: 只向个人公开的，通过面谈、公文、书信、电子邮件等形式公开；适宜在党内公开的，通过有关会议、
文件、简报、局域网等形式公开；可以面向社会公开的，通过党务公开栏、公开电话、电子显示屏、电视、报刊、
广播、手机、新闻媒体、民情访谈会以及党建网站等形式公开。

A channel that carries a wider scope is not assumed to carry a narrower one: a bulletin board
is seen by everyone passing, so it never carries a party-only or person-only item.
"""

from dangwu_core.toolkit import Channel, Scope

PERSON = frozenset({Scope.SPECIFIC})
INSIDE = frozenset({Scope.PARTY, Scope.UNIT})
PUBLIC = frozenset({Scope.PUBLIC})

CHANNELS = [
    # To one person (只向个人公开)
    Channel("interview", "面谈", PERSON),
    Channel("official_letter", "公文", PERSON | INSIDE),
    Channel("letter", "书信", PERSON),
    Channel("email", "电子邮件", PERSON),
    # Inside the party (党内公开)
    Channel("meeting", "有关会议", INSIDE | PERSON),
    Channel("document", "文件", INSIDE),
    Channel("briefing", "简报", INSIDE),
    Channel("lan", "局域网", INSIDE),
    # To the public (面向社会公开)
    Channel("bulletin_board", "党务公开栏", PUBLIC),
    Channel("hotline", "公开电话", PUBLIC),
    Channel("e_screen", "电子显示屏", PUBLIC),
    Channel("tv", "电视", PUBLIC),
    Channel("press", "报刊", PUBLIC),
    Channel("radio", "广播", PUBLIC),
    Channel("sms", "手机短信", PUBLIC | INSIDE | PERSON),
    Channel("news_media", "新闻媒体", PUBLIC),
    Channel("hearing", "民情访谈会", PUBLIC),
    Channel("spokesman", "新闻发言人", PUBLIC),
]
