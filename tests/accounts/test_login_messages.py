"""The login page speaks plainly (klarspråk): what went wrong and what to do, never Django's default
«Please enter a correct username and password…»."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import translation

from lagrundt.accounts.forms import LoginForm
from lagrundt.web.views import LoginView
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db

OURS = "The username or password is wrong. Check them and try again."
DJANGOS = "Please enter a correct"


def login_page(data):
    """The login page as the project's login view renders it with the plain-language form."""
    request = RequestFactory().post("/logg-inn/", data)
    request._dont_enforce_csrf_checks = True
    request.session = SessionStore()
    request.user = AnonymousUser()
    with translation.override("en"):
        response = LoginView.as_view(authentication_form=LoginForm)(request)
        response.render()
    return response


def test_a_wrong_password_gets_our_message(world):
    user = world.users["integration"]
    with translation.override("en"):
        form = LoginForm(RequestFactory().get("/"), data={"username": user.username, "password": "wrong"})
        assert not form.is_valid()
        assert form.non_field_errors() == [OURS]


def test_empty_fields_say_what_to_write(world):
    with translation.override("en"):
        form = LoginForm(RequestFactory().get("/"), data={"username": "", "password": ""})
        assert not form.is_valid()
        assert form.errors["username"] == ["Write your username."]
        assert form.errors["password"] == ["Write your password."]


def test_the_right_password_still_logs_in(world):
    user = world.users["integration"]
    form = LoginForm(RequestFactory().get("/"), data={"username": user.username, "password": PASSWORD})
    assert form.is_valid(), form.errors
    assert form.get_user() == user


def test_the_login_page_shows_our_message_and_not_djangos(world):
    response = login_page({"username": world.users["integration"].username, "password": "wrong"})
    html = response.content.decode()
    assert OURS in html
    assert DJANGOS not in html
