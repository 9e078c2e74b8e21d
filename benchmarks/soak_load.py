"""The load of a soak run (:mod:`soak`): anonymous readers of the portal and the API, office
workers taking drafts through the workflow in the admin and over the API, and the public
giving opinions within the feedback rate limit. Every answer is counted by kind; any 5xx,
connection error or unexpected status is an error, kept with what was asked.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookiejar import CookieJar

AGENT = "dangwu-soak/1"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CREATED = re.compile(r"[?&]id=(\d+)")
WORDS = ("公开", "党员", "支部", "会议", "决定", "soak")
FINDINGS = {
    "necessity": "有必要公开",
    "accuracy": "内容准确",
    "legality": "符合规定",
    "secrecy": "不涉密",
}


class Stats:
    """Requests served and errors, by kind (thread-safe)."""

    def __init__(self, keep: int = 20):
        self._lock = threading.Lock()
        self.served: dict[str, int] = defaultdict(int)
        self.failed: dict[str, int] = defaultdict(int)
        self.slowest: dict[str, float] = defaultdict(float)
        self.errors: list[str] = []
        self.error_count = 0
        self.events: dict[str, int] = defaultdict(int)
        self._keep = keep

    def served_one(self, kind: str, seconds: float) -> None:
        with self._lock:
            self.served[kind] += 1
            self.slowest[kind] = max(self.slowest[kind], seconds)

    def error(self, kind: str, detail: str) -> None:
        with self._lock:
            self.failed[kind] += 1
            self.error_count += 1
            if len(self.errors) < self._keep:
                self.errors.append(f"{kind}: {detail}")

    def count(self, event: str) -> None:
        with self._lock:
            self.events[event] += 1

    @property
    def total(self) -> int:
        return sum(self.served.values())


@dataclass
class Response:
    status: int
    headers: dict
    text: str

    def json(self):
        return json.loads(self.text)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is an answer to count, not to follow


class Client:
    """One visitor: its own cookies (a session), optionally an API token."""

    def __init__(self, base: str, stats: Stats, token: str = ""):
        self.base = base
        self.stats = stats
        self.token = token
        self.jar = CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def call(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        form: dict | None = None,
        body: dict | None = None,
        expect: tuple[int, ...] = (200,),
    ) -> Response | None:
        """One request; counted under ``kind``; None (and an error) unless ``expect``-ed."""
        headers = {"User-Agent": AGENT, "Accept-Language": "zh-CN"}
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=60) as answer:
                response = Response(answer.status, dict(answer.headers), _text(answer))
        except urllib.error.HTTPError as answer:
            response = Response(answer.code, dict(answer.headers), _text(answer))
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
            self.stats.error(kind, f"{method} {path}: connection error {exc!r}")
            return None
        self.stats.served_one(kind, time.monotonic() - started)
        if response.status not in expect:
            snippet = page_text(response.text)[:300]
            self.stats.error(
                kind, f"{method} {path}: {response.status} (expected {expect}) {snippet}"
            )
            return None
        return response

    def csrf(self, kind: str, path: str) -> str | None:
        page = self.call(kind, "GET", path)
        found = CSRF.search(page.text) if page else None
        if page and not found:
            self.stats.error(kind, f"GET {path}: no CSRF token on the page")
        return found.group(1) if found else None

    def login(self, username: str, password: str) -> bool:
        token = self.csrf("party.login_form", "/party/login")
        form = {"username": username, "password": password}
        if token:
            form["csrf_token"] = token
        return (
            self.call("party.login", "POST", "/party/login", form=form, expect=(302, 303))
            is not None
        )


def page_text(html: str) -> str:
    """What a person reads of an answer: its text without tags, scripts or styles."""
    html = re.sub(r"<(script|style|head)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _text(answer) -> str:
    return answer.read().decode("utf-8", errors="replace")


# --- what the load knows of the unit ---------------------------------------------------------


@dataclass
class Plan:
    """What the load needs to know of the demo unit (read before it starts, see soak.prepare)."""

    organization_code: str
    organization_id: int
    catalog_item_id: int
    scope: str
    channels: list[str]
    proposer: str
    reviewer: str
    approver: str
    publisher: str
    password: str
    tokens: dict[str, str]
    organizations: list[str] = field(default_factory=list)


class PublicIds:
    """The ids of published public disclosures, refreshed as office workers publish more."""

    def __init__(self, ids: list[int]):
        self._lock = threading.Lock()
        self.ids = list(ids)

    def add(self, item_id: int) -> None:
        with self._lock:
            self.ids.append(item_id)

    def pick(self, rng: random.Random) -> int | None:
        with self._lock:
            return rng.choice(self.ids) if self.ids else None


# --- the workers -----------------------------------------------------------------------------


def reader(base: str, stats: Stats, plan: Plan, public: PublicIds, until: float, seed: int):
    """An anonymous visitor: home, lists, detail, search and feeds, portal and API."""
    rng = random.Random(seed)
    client = Client(base, stats)
    orgs = plan.organizations or [plan.organization_code]
    while time.monotonic() < until:
        org = rng.choice(orgs)
        word = urllib.parse.quote(rng.choice(WORDS))
        item = public.pick(rng)
        choice = rng.randrange(12)
        if choice == 0:
            client.call("portal.home", "GET", "/")
        elif choice == 1:
            client.call("portal.organization", "GET", f"/org/{org}")
        elif choice == 2 and item:
            client.call("portal.disclosure", "GET", f"/disclosures/{item}")
        elif choice == 3:
            client.call("portal.search", "GET", f"/search?q={word}")
        elif choice == 4:
            client.call("portal.feed", "GET", rng.choice(["/feed.atom", f"/org/{org}/feed.atom"]))
        elif choice == 5:
            client.call("portal.due", "GET", f"/org/{org}/due")
        elif choice == 6:
            page = rng.randint(1, 3)
            client.call("api.disclosures", "GET", f"/api/v1/disclosures?page={page}&per_page=10")
        elif choice == 7 and item:
            client.call("api.disclosure", "GET", f"/api/v1/disclosures/{item}")
        elif choice == 8:
            client.call("api.search", "GET", f"/api/v1/search?q={word}")
        elif choice == 9:
            client.call("api.organizations", "GET", "/api/v1/organizations")
        elif choice == 10:
            client.call("api.obligations", "GET", f"/api/v1/obligations?organization={org}")
        else:
            client.call("api.catalog_items", "GET", f"/api/v1/catalog-items?organization={org}")
        time.sleep(0.02)


class Office:
    """Office workers: a proposer drafting in the admin, a reviewer, an approver and a
    publisher moving each draft on, over the API (their tokens) or the admin (their sessions),
    in turn; every fourth draft is returned for revision, edited and proposed again."""

    def __init__(self, base: str, stats: Stats, plan: Plan, public: PublicIds, name: str):
        self.base, self.stats, self.plan, self.public, self.name = base, stats, plan, public, name
        self.sessions: dict[str, Client] = {}
        self.api = {who: Client(base, stats, token) for who, token in plan.tokens.items()}

    def session(self, username: str) -> Client | None:
        if username not in self.sessions:
            client = Client(self.base, self.stats)
            if not client.login(username, self.plan.password):
                return None
            self.sessions[username] = client
        return self.sessions[username]

    def run(self, until: float) -> None:
        for cycle in itertools.count():
            if time.monotonic() >= until:
                return
            if not self.cycle(cycle):
                time.sleep(1)  # after an error (counted): do not spin

    def cycle(self, cycle: int) -> bool:
        """One draft from creation to publication (the soak lets a cycle begun finish)."""
        plan = self.plan
        proposer = self.session(plan.proposer)
        if proposer is None:
            return False
        item_id = self.create(proposer, f"耐久测试 {self.name}-{cycle} 公开事项")
        if item_id is None:
            return False
        self.stats.count("drafts created")
        if not self.edit(proposer, item_id, cycle) or not self.fire(
            plan.proposer, item_id, "propose", "submitted", via_admin=True
        ):
            return False
        via_admin = cycle % 2 == 1
        steps = [(plan.reviewer, "start_review", "in_review", {})]
        if cycle % 4 == 3:
            comment = {"comment": "请补充会议时间（耐久测试退回）"}
            steps += [(plan.reviewer, "return_for_revision", "draft", comment)]
        for who, name, state, options in steps:
            if not self.fire(who, item_id, name, state, via_admin=via_admin, **options):
                return False
        if cycle % 4 == 3:
            self.stats.count("returned for revision")
            if not self.edit(proposer, item_id, cycle + 1000) or not self.fire(
                plan.proposer, item_id, "propose", "submitted", via_admin=True
            ):
                return False
            if not self.fire(plan.reviewer, item_id, "start_review", "in_review", via_admin=False):
                return False
        steps = [
            (plan.reviewer, "pass_review", "awaiting_approval", {"findings": FINDINGS}),
            (plan.approver, "approve", "approved", {}),
            (plan.publisher, "publish", "published", {}),
        ]
        for who, name, state, options in steps:
            if not self.fire(who, item_id, name, state, via_admin=via_admin, **options):
                return False
        self.stats.count("published")
        if plan.scope == "public":
            self.public.add(item_id)
            Client(self.base, self.stats).call(
                "portal.disclosure", "GET", f"/disclosures/{item_id}"
            )
        return True

    def create(self, client: Client, title: str) -> int | None:
        token = client.csrf("admin.draft_form", "/admin/disclosure/new/")
        if token is None:
            return None
        form = {
            "csrf_token": token,
            "organization": str(self.plan.organization_id),
            "title": title,
            "body": f"<p>{title}：会议决定事项，供耐久测试。</p>",
            "scope": self.plan.scope,
            "channels": self.plan.channels,
            "catalog_item": str(self.plan.catalog_item_id),
            "_continue_editing": "1",
        }
        answer = client.call(
            "admin.create", "POST", "/admin/disclosure/new/", form=form, expect=(302,)
        )
        found = CREATED.search(answer.headers.get("Location", "")) if answer else None
        if answer and not found:
            self.stats.error("admin.create", f"no new item in {answer.headers.get('Location')!r}")
        return int(found.group(1)) if found else None

    def edit(self, client: Client, item_id: int, cycle: int) -> bool:
        path = f"/admin/disclosure/edit/?id={item_id}"
        token = client.csrf("admin.edit_form", path)
        if token is None:
            return False
        form = {
            "csrf_token": token,
            "title": f"耐久测试 {self.name}-{cycle} 公开事项（修改）",
            "body": f"<p>第{cycle}次修改：会议决定事项，供耐久测试。</p>",
            "scope": self.plan.scope,
            "channels": self.plan.channels,
        }
        if client.call("admin.edit", "POST", path, form=form, expect=(302,)) is None:
            return False
        self.stats.count("drafts edited")
        return True

    def fire(self, who: str, item_id: int, name: str, state: str, *, via_admin: bool, **options):
        """Fire ``name`` as ``who``; check the item is then in ``state`` (over the API)."""
        if via_admin:
            client = self.session(who)
            if client is None:
                return False
            details = f"/admin/disclosure/details/?id={item_id}"
            token = client.csrf("admin.details", details)
            if token is None:
                return False
            form = {"csrf_token": token, "id": str(item_id), "name": name}
            if "comment" in options:
                form["comment"] = options["comment"]
            for aspect, text in options.get("findings", {}).items():
                form[f"finding_{aspect}"] = text
            if (
                client.call(
                    "admin.transition",
                    "POST",
                    "/admin/disclosure/transition/",
                    form=form,
                    expect=(302,),
                )
                is None
            ):
                return False
            answer = self.api[self.plan.publisher].call(
                "api.disclosure_office", "GET", f"/api/v1/disclosures/{item_id}"
            )
            now = answer.json().get("state") if answer else None
        else:
            answer = self.api[who].call(
                "api.transition",
                "POST",
                f"/api/v1/disclosures/{item_id}/transitions",
                body={"name": name, **options},
            )
            now = answer.json()["disclosure"].get("state") if answer else None
        if answer is None:
            return False
        if now != state:
            kind = "admin.transition" if via_admin else "api.transition"
            self.stats.error(kind, f"{name} on #{item_id} by {who}: now {now!r}, not {state!r}")
            return False
        return True


def public_voice(base: str, stats: Stats, plan: Plan, until: float, every: float, seed: int):
    """The public's opinions (意见反馈) through the API and the portal form in turn, one every
    ``every`` seconds (within the feedback rate limit), and their receipts checked."""
    rng = random.Random(seed)
    client = Client(base, stats)
    receipts: list[str] = []
    for number in itertools.count():
        if time.monotonic() >= until:
            return
        body = f"耐久测试意见{number}：建议公开栏增加夜间照明。"
        if number % 2 == 0:
            answer = client.call(
                "api.feedback",
                "POST",
                "/api/v1/feedback",
                body={"organization": plan.organization_code, "body": body, "anonymous": True},
                expect=(201,),
            )
            if answer:
                receipts.append(answer.json()["receipt_number"])
        else:
            path = f"/org/{plan.organization_code}/feedback"
            token = client.csrf("portal.feedback_form", path)
            if token:
                form = {"csrf_token": token, "body": body, "reporter_kind": "public"}
                form |= {"reporter_name": "耐久测试", "reporter_contact": "13800000000"}
                client.call("portal.feedback", "POST", path, form=form, expect=(201,))
        if receipts:
            receipt = urllib.parse.quote(rng.choice(receipts))
            client.call("api.feedback_receipt", "GET", f"/api/v1/feedback/{receipt}")
        stats.count("opinions given")
        wait = min(every, max(until - time.monotonic(), 0))
        time.sleep(wait)
