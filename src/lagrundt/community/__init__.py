"""Everyday integration: the volunteer centre's volunteers and the guide pairs it makes with refugees
who consented, welcome letters and welcome meetings, interpreters used in meetings and tasks, and the
follow-up talks after three and five years."""
