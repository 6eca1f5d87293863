"""The Coördinator's page "Wijzigingen ter goedkeuring" for a policy document."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from kennisbank.approval import pending_version_changes
from kennisbank.models import PolicyDocumentPage


def task_actions(page, user) -> list[dict]:
    """The workflow actions this user may take on the page now: (approve, reject) with the
    addresses of Wagtail's own action view, so approving here is Wagtail's approval."""
    state = page.current_workflow_state
    task_state = state.current_task_state if state else None
    if task_state is None:
        return []
    task = task_state.task.specific
    actions = []
    for name, label, needs_comment in task.get_actions(page, user):
        if name == "approve" and needs_comment:
            continue  # one approve button; a comment can go with "Vraag wijzigingen"
        actions.append(
            {
                "name": name,
                "label": "Goedkeuren en publiceren" if name == "approve" else label,
                "comment": needs_comment,
                "url": reverse(
                    "wagtailadmin_pages:workflow_action", args=(page.pk, name, task_state.pk)
                ),
            }
        )
    return actions


def policy_changes(request, page_id: int):
    page = get_object_or_404(PolicyDocumentPage, pk=page_id)
    permissions = page.permissions_for_user(request.user)
    if not (permissions.can_edit() or permissions.can_publish()):
        raise PermissionDenied
    changes = pending_version_changes(page)
    return TemplateResponse(
        request,
        "kennisbank/admin/policy_changes.html",
        {
            "page": page,
            "changes": changes,
            "actions": task_actions(page, request.user),
            "edit_url": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
            "history_url": reverse("wagtailadmin_pages:history", args=(page.pk,)),
        },
    )
