"""Access-matrix rows of the interpreter pages (merged into tests/community/url_access.py).

A person's interpreter uses are seen in the sections the user reads and recorded in a section the user
writes; a task's by who may act on the task; a welcome meeting's by who keeps the meetings. The list of
meetings without an interpreter is the integration service's, the statistics also leadership's."""

from tests.access_matrix import PERSON_READERS, answers, health_task, nothing, person
from tests.community.url_access_welcome import KEEPERS, meeting

READERS = {k: v for k, v in PERSON_READERS.items() if k != "dpo"}

MATRIX = {
    "community:interpreter_person": (person, "get", answers(404, **READERS), answers(404)),
    "community:interpreter_person_add": (person, "get", answers(404, **READERS), answers(404)),
    "community:interpreter_task_add": (
        lambda w, r, p: {"task_pk": health_task(w, r, p)["pk"]},
        "get",
        answers(404, health=200),
        answers(404),
    ),
    "community:interpreter_meeting_add": (meeting, "get", answers(404, **KEEPERS), answers(404)),
    "community:interpreter_missing": (
        nothing,
        "get",
        answers(404, integration=200),
        answers(404, integration=200),
    ),
    "community:interpreter_statistics": (
        nothing,
        "get",
        answers(404, integration=200, leadership=200),
        answers(404, integration=200, leadership=200),
    ),
}
