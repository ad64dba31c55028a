"""What the work module's pages share: who may open them, and opening a person, an employer or an opening."""

from django.http import Http404

from lagrundt.access import policy
from lagrundt.access.audit import Actor
from lagrundt.access.models import AuditChannel
from lagrundt.access.resources import CHANGE, EMPLOYERS, OPENINGS, VIEW
from lagrundt.access.sections import Section
from lagrundt.people.models import Person
from lagrundt.tenancy.models import Municipality

from ..models import Employer, Opening

LIST_SECTIONS = [Section.IDENTITY, Section.WORK]


def readers_only(request) -> None:
    """A page of the module as a whole: 404 for who reads no employers anywhere."""
    if not EMPLOYERS.user_has_permission(request.user, VIEW):
        raise Http404


def person(request, pk: int, *, write: bool = False) -> tuple[Person, policy.Grants]:
    """A person's work section, opened (and its read recorded) through the policy."""
    return policy.access_person(
        Actor.from_request(request),
        pk,
        section=Section.WORK,
        write=write,
        queryset=Person.objects.select_related("municipality"),
    )


def municipalities(ids) -> list[Municipality]:
    return list(Municipality.objects.filter(pk__in=sorted(ids)).order_by("name"))


def employer(request, pk: int, *, manage: bool = False) -> Employer:
    """An employer the user may see (and change, with ``manage``); 404 otherwise."""
    found = (
        EMPLOYERS.instances_user_has_permission_for(request.user, VIEW)
        .select_related("municipality")
        .filter(pk=pk)
        .first()
    )
    if found is None or (
        manage and not EMPLOYERS.user_has_permission_for_instance(request.user, CHANGE, found)
    ):
        raise Http404
    return found


def opening(request, pk: int) -> Opening:
    found = (
        OPENINGS.instances_user_has_permission_for(request.user, VIEW)
        .select_related("employer", "municipality", "job_fair")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    return found


def may_manage_opening(user, found: Opening) -> bool:
    return OPENINGS.user_has_permission_for_instance(user, CHANGE, found)


def record_reads(request, persons, channel=AuditChannel.SEARCH):
    """The reads of the identity and work of every person a list or page names."""
    return policy.record_list_reads(Actor.from_request(request), persons, LIST_SECTIONS, channel=channel)
