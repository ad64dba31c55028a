"""Access-matrix rows for the routines' actions, each posted to its own address, and for the page of what
a household's registration set in motion (see tests/test_url_access_matrix.py, which has the rows of
the other routines' pages).

A task is acted on by who may act on it: for the health talk, health. A form posted empty answers with
its errors (200); assigning answers by going back to the task (302). The calendar address and the daily
e-mail are every task worker's own.
"""

from tests.access_matrix import FAMILY_READERS, PERSON_READERS, answers, health_task, household, nothing

ACTS_ON_TASK = (answers(404, health=200), answers(404))
ASSIGNS = (answers(404, health=302), answers(404))
TASK_WORKERS_BACK = answers(404, **dict.fromkeys(PERSON_READERS, 302))

MATRIX = {
    # What a registration set in motion: opened by who may see the household, like its own page.
    "routines:household_started": (household, "get", answers(404, **FAMILY_READERS), answers(404)),
    "routines:task_done": (health_task, "post", *ACTS_ON_TASK),
    "routines:task_not_applicable": (health_task, "post", *ACTS_ON_TASK),
    "routines:task_postpone": (health_task, "post", *ACTS_ON_TASK),
    "routines:task_assign": (health_task, "post", *ASSIGNS),
    "routines:task_unassign": (health_task, "post", *ASSIGNS),
    # One click from the home page's rows: without htmx, back to the home page.
    "routines:task_done_today": (health_task, "post", *ASSIGNS),
    # Many tasks at once: the confirmation (nothing chosen: it asks to choose), and the confirmed change
    # (nothing chosen: back with a message). Every task worker's; which tasks is the policy's.
    "routines:task_bulk": (nothing, "get", answers(404, **PERSON_READERS), answers(404, **PERSON_READERS)),
    "routines:task_bulk_confirm": (nothing, "post", TASK_WORKERS_BACK, TASK_WORKERS_BACK),
    # The new address is shown once, on the page itself.
    "routines:notice_feed_new": (
        nothing,
        "post",
        answers(404, **PERSON_READERS),
        answers(404, **PERSON_READERS),
    ),
    "routines:notice_feed_stop": (nothing, "post", TASK_WORKERS_BACK, TASK_WORKERS_BACK),
    "routines:notice_digest": (nothing, "post", TASK_WORKERS_BACK, TASK_WORKERS_BACK),
}
