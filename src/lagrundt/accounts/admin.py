"""The administrator's powers over users, which stop short of acting as anyone.

An administrator makes users, gives them memberships, deactivates them and can force a password
reset; they never see, set or change another user's password or key. A new user has no password
until they choose one through a link e-mailed to them (or logs in by single sign-on); a forced reset
makes the password unusable at once and e-mails the user such a link. Both links go to the user's
e-mail address, which the administrator gives when making the user and cannot change afterwards:
otherwise they could send the link to themselves.

API keys are listed (never their hash) and can be revoked, not made or changed. Everything done here
reaches the audit log as the administrator's own (``services.record_admin_entry``).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from lagrundt.tenancy.models import Membership

from . import services
from .models import ApiToken

User = get_user_model()


class UserCreationForm(forms.ModelForm):
    """A new user: who they are and where the link to choose a password goes. No password."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name", "email")
        help_texts = {
            "email": _(
                "The user gets an e-mail here with a link to choose a password. Leave it empty for a "
                "user who logs in by single sign-on only."
            )
        }


class UserChangeForm(forms.ModelForm):
    """Django's form without the password field (and its link to setting one)."""

    class Meta:
        model = User
        fields = (
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
        )


# Stacked, not tabular: a tabular inline's fields have no label of their own (only a column heading),
# which screen readers cannot tie to the selects and the delete box (axe: select-name, label).
class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    autocomplete_fields = ()
    verbose_name = _("membership")
    verbose_name_plural = _("memberships (units, sectors and roles the user works in)")


admin.site.unregister(User)
admin.site.unregister(Group)


# The two-box «filter horizontal» widget leaves its select without an accessible name; the plain
# multiple select keeps the field's label.
@admin.register(Group)
class GroupAdmin(auth_admin.GroupAdmin):
    filter_horizontal = ()


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    add_form_template = None
    change_password_form = None
    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Logging in"), {"fields": ("password_state", "password_changed", "api_keys")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "first_name", "last_name", "email")}),
    )
    readonly_fields = ("password_state", "password_changed", "api_keys", "last_login", "date_joined")
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_superuser", "last_login")
    list_filter = ("is_active", "is_superuser", "memberships__sector")
    inlines = [MembershipInline]
    actions = ["deactivate", "force_password_reset"]
    filter_horizontal = ()  # see GroupAdmin

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("email")  # where password links go: never to be turned to another address
        return fields

    # ------------------------------------------------------------------ no one else's password
    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        if not change:
            if services.new_user_made(obj):
                messages.info(request, _("A link to choose a password was e-mailed to the user."))
            elif obj.email:
                messages.warning(request, _("The e-mail with a link to choose a password could not be sent."))
            else:
                messages.info(request, _("The user has no password: they log in by single sign-on."))

    # ------------------------------------------------------------------ what the page shows
    @admin.display(description=_("password"))
    def password_state(self, obj):
        if not obj.has_usable_password():
            return _("None: the user chooses one through an e-mailed link, or logs in by single sign-on.")
        return _("Set by the user (never shown)")

    @admin.display(description=_("password changed"))
    def password_changed(self, obj):
        account = getattr(obj, "account", None) if obj.pk else None
        when = account.password_changed_at if account else None
        return timezone.localtime(when).strftime("%d.%m.%Y %H:%M") if when else "–"

    @admin.display(description=_("API keys"))
    def api_keys(self, obj):
        now = timezone.now()
        active = sum(t.is_usable(now) for t in obj.api_tokens.all()) if obj.pk else 0
        return ngettext("%(count)d active", "%(count)d active", active) % {"count": active}

    # ------------------------------------------------------------------ actions
    @admin.action(description=_("Deactivate the selected users (their sessions and API keys stop working)"))
    def deactivate(self, request, queryset):
        done = 0
        for user in queryset.filter(is_active=True):
            if user.pk == request.user.pk:
                messages.warning(request, _("You cannot deactivate yourself."))
                continue
            user.is_active = False
            user.save(update_fields=["is_active"])
            self.log_change(request, user, [{"changed": {"fields": ["active"]}}])
            done += 1
        if done:
            messages.success(
                request,
                ngettext("%(count)d user deactivated.", "%(count)d users deactivated.", done)
                % {"count": done},
            )

    @admin.action(
        description=_("Force a password reset (the user gets a link by e-mail to choose a new one)")
    )
    def force_password_reset(self, request, queryset):
        for user in queryset:
            if user.pk == request.user.pk:
                messages.warning(request, _("Change your own password on your account page."))
                continue
            if not user.email:
                messages.warning(
                    request,
                    _("%(user)s has no e-mail address for the link: add one first.")
                    % {"user": user.get_username()},
                )
                continue
            sent = services.force_password_reset(user)
            self.log_change(
                request, user, services.FORCED_RESET_MESSAGE if sent else services.FORCED_RESET_UNSENT_MESSAGE
            )
            if sent:
                messages.success(
                    request,
                    _(
                        "The password of %(user)s no longer works; a link to choose a new one was e-mailed "
                        "to them."
                    )
                    % {"user": user.get_username()},
                )
            else:
                messages.error(
                    request,
                    _(
                        "The password of %(user)s no longer works, but the e-mail with the link could not be "
                        "sent."
                    )
                    % {"user": user.get_username()},
                )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every user's API keys, to revoke: never the key or its hash, and no way to make or change one."""

    list_display = (
        "name",
        "prefix",
        "user",
        "scope",
        "parts_display",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "user__username")
    list_select_related = ("user",)
    fields = (
        "name",
        "prefix",
        "user",
        "scope",
        "parts_display",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, never deleted: the list is the keys' history

    @admin.action(description=_("Revoke the selected API keys"), permissions=["view"])
    def revoke(self, request, queryset):
        done = 0
        for token in queryset.select_related("user"):
            if services.api_token_revoke(token):
                self.log_change(request, token, [{"changed": {"fields": ["revoked"]}}])
                done += 1
        messages.success(
            request,
            ngettext("%(count)d API key revoked.", "%(count)d API keys revoked.", done) % {"count": done},
        )
