from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Two-factor sign-in, sign-in locks and the admin's password reset."""

    name = "accounts"
    verbose_name = "Accounts"
