from django.urls import path, reverse
from django_otp import user_has_device
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from accounts import two_factor
from accounts.admin_views import SignInLocksView


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [
        path("two-factor/", two_factor.SetupView.as_view(), name="two_factor_setup"),
        path("two-factor/verify/", two_factor.VerifyView.as_view(), name="two_factor_verify"),
        path("sign-in-locks/", SignInLocksView.as_view(), name="sign_in_locks"),
    ]


@hooks.register("register_settings_menu_item")
def sign_in_locks_menu_item():
    return AdminOnlyMenuItem(
        "Sign-in locks", reverse("sign_in_locks"), name="sign-in-locks", icon_name="lock"
    )


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    if user_has_device(request.user):
        help_text = "On: you enter a code from your authenticator app when you sign in."
    else:
        help_text = "Off. Turn it on to ask for a code from your phone as well as your password."
    return {
        "url": reverse("two_factor_setup"),
        "label": "Two-factor sign-in",
        "help_text": help_text,
    }
