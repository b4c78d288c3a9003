"""Posts by org with who holds them now and the seats left, one post's holders and history, and the
movements (rotations, transfers, secondments) with their due-back days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from tochuc.accounts.roles import Action
from tochuc.core.scope import in_scope, require, root_path, scope
from tochuc.core.text import fold
from tochuc.orgs.models import Org

from ..models import Movement, Post, Tenure


def post_get(*, actor, pk: int, action: str = Action.VIEW) -> Post:
    """One post inside the actor's scope (404 outside; 403 when the role lacks `action`)."""
    post = get_object_or_404(Post.objects.select_related("org"), pk=pk)
    require(actor, action, post.org.path)
    return post


def tenure_get(*, actor, pk: int, action: str = Action.EDIT) -> Tenure:
    tenure = get_object_or_404(Tenure.objects.select_related("post__org", "cadre__org"), pk=pk)
    require(actor, action, tenure.post.org.path)
    return tenure


def holders_now() -> Prefetch:
    """The open tenures of a page of posts, with their cadres, in one query (`post.holders`)."""
    return Prefetch(
        "tenures",
        queryset=Tenure.objects.filter(ended_on__isnull=True).select_related("cadre").order_by("started_on", "pk"),
        to_attr="holders",
    )


def post_list(
    *,
    actor,
    org: Org | None = None,
    body: str = "",
    title: str = "",
    vacant: bool = False,
    closed: bool = False,
    q: str = "",
) -> QuerySet[Post]:
    """The posts of the orgs under `org` (the actor's subtree when None), each annotated with `held` (open
    tenures) and `vacancies` (seats − held), holders prefetched. Closed posts only when `closed`."""
    if org is not None:
        require(actor, Action.LIST, org.path)
        qs = Post.objects.filter(org__path__under=org.path)
    else:
        require(actor, Action.LIST)
        qs = scope(Post.objects.all(), actor, "org__path")
    if not closed:
        qs = qs.filter(closed_on__isnull=True)
    if body:
        qs = qs.filter(body=body)
    if title:
        qs = qs.filter(title=title)
    qs = qs.annotate(held=Count("tenures", filter=Q(tenures__ended_on__isnull=True)))
    qs = qs.annotate(vacancies=F("seats") - F("held"))
    if vacant:
        qs = qs.filter(closed_on__isnull=True, held__lt=F("seats"))
    q = " ".join(q.split())
    if q:
        # Folded like the cadres' names: "truong phong van hoa" finds "Trưởng phòng Văn hóa - Xã hội".
        qs = qs.filter(Q(name_folded__contains=fold(q)) | Q(org__code__istartswith=q))
    return qs.select_related("org").prefetch_related(holders_now()).order_by("org__path", "-body", "title", "pk")


@dataclass
class PostRecord:
    post: Post
    holders: list[Tenure]
    history: list[Tenure]

    @property
    def vacancies(self) -> int:
        return max(self.post.seats - len(self.holders), 0)


def post_record(*, actor, post: Post) -> PostRecord:
    require(actor, Action.VIEW, post.org.path)
    tenures = list(post.tenures.select_related("cadre", "movement").order_by("-started_on", "-pk"))
    return PostRecord(
        post=post,
        holders=[t for t in tenures if t.ended_on is None],
        history=[t for t in tenures if t.ended_on is not None],
    )


def post_choices(*, actor, org: Org | None = None) -> QuerySet[Post]:
    """Open posts in scope (under `org` when given), for a picker."""
    qs = scope(Post.objects.filter(closed_on__isnull=True), actor, "org__path")
    if org is not None:
        qs = qs.filter(org=org)
    return qs.select_related("org").order_by("org__path", "title", "name")


# --- Movements --------------------------------------------------------------------------------------------


def movement_get(*, actor, pk: int, action: str = Action.EDIT) -> Movement:
    """One movement; ending it (EDIT) needs both the sending and the receiving org in scope, as starting it did."""
    movement = get_object_or_404(Movement.objects.select_related("cadre__org", "from_org", "to_org"), pk=pk)
    require(actor, action, movement.from_org.path)
    if action == Action.EDIT:
        require(actor, action, movement.to_org.path)
    return movement


def movement_can_end(actor, movement: Movement) -> bool:
    """Whether the actor may record the end of `movement` (the list shows its button only then)."""
    return (
        movement.returned_on is None
        and actor.can(Action.EDIT)
        and in_scope(actor, movement.from_org.path)
        and in_scope(actor, movement.to_org.path)
    )


def movement_list(
    *, actor, org: Org | None = None, kind: str = "", state: str = "open", on: date | None = None
) -> QuerySet[Movement]:
    """Movements from or to the orgs under `org` (the actor's subtree), newest first; each with `overdue`
    (due back before `on` and not yet returned). `state`: "open", "overdue", "ended" or "" (all)."""
    on = on or timezone.localdate()
    if org is not None:
        require(actor, Action.LIST, org.path)
        prefix = org.path
    else:
        require(actor, Action.LIST)
        prefix = root_path(actor)
        if prefix is None:
            return Movement.objects.none()
    qs = Movement.objects.all()
    if prefix:
        qs = qs.filter(Q(from_org__path__under=prefix) | Q(to_org__path__under=prefix))
    if kind:
        qs = qs.filter(kind=kind)
    if state == "open":
        qs = qs.filter(returned_on__isnull=True)
    elif state == "overdue":
        qs = qs.filter(returned_on__isnull=True, due_back_on__lt=on)
    elif state == "ended":
        qs = qs.filter(returned_on__isnull=False)
    return qs.select_related("cadre__org", "from_org", "to_org").order_by("-started_on", "-pk")


def overdue(movement: Movement, on: date | None = None) -> bool:
    on = on or timezone.localdate()
    return movement.returned_on is None and movement.due_back_on is not None and movement.due_back_on < on
