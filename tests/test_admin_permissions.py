"""Every admin URL, as every kind of user: the whole matrix, each expected answer derived from the user's permissions.

The URLs are read from the admin site's registry, so a model or view added later
is walked too, and a URL of a kind this test does not know fails it until its
rule is written here. The expected answer comes from ``user.has_perm`` (what the
Editors group and the superuser are given by the migrations) and from the few
restrictions the admin classes add on purpose (READ_ONLY, below): never from a
record of what the server answered before.

    anonymous          -> 302 to the login page, everywhere
    staff, no group    -> 403 on every model page and the import page
    editor             -> the Editors group's permissions (README, "Admin users")
    editor + merge     -> the same, and the merge action
    superuser          -> everything but what no one may do (READ_ONLY)
"""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.test import Client
from django.urls import reverse

from articles.models import Provenance, RelatedLink, Section, Tag
from tests.factories import make_article, make_author, make_link

pytestmark = pytest.mark.django_db

# Records the system writes and no one edits by hand: never added through the admin, and
# provenance never deleted (it is how a story's every version can be parsed again).
NO_ADD = {Provenance, AccessAttempt, AccessLog, AccessFailureLog}
NO_DELETE = {Provenance}
ROLES = ["anonymous", "staff", "editor", "editor+merge", "superuser"]


def user_for(role: str) -> User | None:
    if role == "anonymous":
        return None
    if role == "superuser":
        return User.objects.create_superuser("chief", "chief@example.org", "pw")
    user = User.objects.create_user(role.replace("+", "-"), password="pw", is_staff=True)
    if role.startswith("editor"):
        user.groups.add(Group.objects.get(name="Editors"))
    if role == "editor+merge":
        user.user_permissions.add(Permission.objects.get(codename="merge_author"))
    return User.objects.get(pk=user.pk)  # a fresh instance: permissions are cached per instance


def one_of_each():
    """One object of every registered model, so that every per-object URL has something to show."""
    author = make_author("Manar al-Freih")
    make_author("Manar Freih")
    economy = Section.objects.create(name="Economy")
    story = make_article("Wheat harvest begins", authors=[author], places=["Hasaka"], section=economy)
    story.tags.add(Tag.objects.create(name="harvest"))
    make_link(story, title="A story still to come")
    Provenance.objects.create(article=story, source="upload.txt", raw="raw", checksum="0", parser="plaintext/1")
    AccessAttempt.objects.create(username="someone", ip_address="192.0.2.1", failures_since_start=1)
    AccessLog.objects.create(username="someone", ip_address="192.0.2.1")
    AccessFailureLog.objects.create(username="someone", ip_address="192.0.2.1", locked_out=False)
    User.objects.get_or_create(username="some-reader")
    assert RelatedLink.objects.exists()


def admin_urls() -> list[tuple[str, type, str, str]]:
    """(kind, model, method, url) for every URL of every registered model, the import page and the merge action."""
    urls = []
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}_"
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"one_of_each() makes no {model.__name__}: add one, so that its pages are walked"
        for pattern in model_admin.get_urls():
            if not getattr(pattern, "name", None):
                continue  # the admin's catch-all redirect for old /<pk>/ addresses
            kind = pattern.name.removeprefix(prefix)
            if kind in {"changelist", "add"}:
                args = []
            elif kind in {"change", "delete", "history", "password_change"}:
                args = [obj.pk]
            elif kind == "simple_history":
                args = [obj.pk, obj.history.order_by("history_id").first().history_id]
            else:
                pytest.fail(f"admin URL {pattern.name}: write its permission rule in this test")
            urls.append((kind, model, "get", reverse(f"admin:{pattern.name}", args=args)))
    urls.append(("import", None, "get", reverse("admin-import")))
    urls.append(("merge", None, "post", reverse("admin:articles_author_changelist")))
    return urls


def expected(user: User | None, kind: str, model) -> int | str:
    if user is None:
        return 302  # to the login page
    if kind == "import":
        return 200 if user.has_perm("articles.add_article") else 403
    if kind == "merge":
        if not user.has_perm("articles.view_author") and not user.has_perm("articles.change_author"):
            return 403
        # Without the permission the action is not offered: the list is shown again, nothing merged.
        return "merge form" if user.has_perm("articles.merge_author") else 200

    def may(action: str) -> bool:
        return user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")

    sees = may("view") or may("change")
    allowed = {
        "changelist": sees,
        "change": sees,
        "history": sees,
        "simple_history": sees,  # the revert form: read-only without the change permission
        "add": may("add") and model not in NO_ADD,
        "delete": may("delete") and model not in NO_DELETE,
        "password_change": may("change"),
    }[kind]
    return 200 if allowed else 403


def answer(client: Client, kind: str, method: str, url: str) -> int | str:
    if kind == "merge":
        from articles.models import Author

        pks = list(Author.objects.values_list("pk", flat=True)[:2])
        response = client.post(url, {"action": "merge", "_selected_action": pks})
        if response.status_code == 200 and "Keep which author?" in response.content.decode():
            return "merge form"
        return response.status_code
    response = getattr(client, method)(url)
    if response.status_code == 302:
        assert response["Location"].startswith(reverse("admin:login")), (url, response["Location"])
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_admin_url_answers_each_role_as_its_permissions_say(role):
    one_of_each()
    user = user_for(role)
    client = Client()
    if user is not None:
        client.force_login(user)
    urls = admin_urls()
    matrix = {(kind, url): answer(client, kind, method, url) for kind, model, method, url in urls}
    wanted = {(kind, url): expected(user, kind, model) for kind, model, method, url in urls}
    wrong = {key: f"answered {matrix[key]}, expected {wanted[key]}" for key in matrix if matrix[key] != wanted[key]}
    assert not wrong, "\n".join(f"{role} {kind} {url}: {verdict}" for (kind, url), verdict in wrong.items())
    assert len(matrix) > 60  # every registered model's URLs were walked


def test_the_readmes_promises_hold_in_the_matrix():
    """Editors add and change, delete nothing but a login lockout, never reach users or groups, and do not merge."""
    one_of_each()
    editor = user_for("editor")
    for kind, model, _, url in admin_urls():
        if kind == "delete" and model is not AccessAttempt:
            assert expected(editor, kind, model) == 403, url
        if model in {User, Group}:
            assert expected(editor, kind, model) == 403, url
    assert expected(editor, "merge", None) == 200  # the list again: not the merge form
    assert expected(editor, "import", None) == 200
    assert expected(user_for("staff"), "changelist", Section) == 403
