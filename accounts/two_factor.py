"""Two-factor sign-in (django-otp) for the admin and signed-in pages (docs/operations.md)."""

import logging
import math
import textwrap
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.timesince import timeuntil
from django.views.generic import FormView, TemplateView
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from pages.site_url import safe_next

logger = logging.getLogger("truvisory.two_factor")


def next_step(user):
    """The URL name of the sign-in step `user` still owes this session, or None."""
    # A user signed in during this request has no is_verified() yet: OTPMiddleware adds it
    # to the user it found at the start.
    if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
        return None
    if user_has_device(user):
        return "two_factor_verify"
    return "two_factor_setup" if settings.ADMIN_2FA_REQUIRED else None


def step_url(step, next_url):
    return f"{reverse(step)}?{urlencode({'next': next_url})}" if next_url else reverse(step)


def anonymous():
    user = AnonymousUser()
    user.is_verified = lambda: False  # as OTPMiddleware gives every user
    return user


class TwoFactorMiddleware:
    """Holds a user who owes a code (or set-up) on that step; elsewhere they are anonymous."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = f"/{settings.ADMIN_PATH}/"

    @cached_property
    def sign_in_paths(self):
        """The admin's sign-in page and Wagtail's front-end one (for view restrictions)."""
        return {reverse("wagtailadmin_login"), reverse("wagtailcore_login")}

    @cached_property
    def open_paths(self):
        """Admin addresses reachable before the second step, and what its page loads."""
        names = ("login", "logout", "javascript_catalog", "sprite")
        return {reverse(f"wagtailadmin_{name}") for name in names}

    def __call__(self, request):
        path = request.path_info
        if path in self.sign_in_paths:
            return self.sign_in(request)
        if not path.startswith(self.admin_prefix):
            user = request.user
            request.user = SimpleLazyObject(lambda: anonymous() if next_step(user) else user)
        elif path not in self.open_paths:
            step = next_step(request.user)
            if step and path != reverse(step):
                return redirect(step_url(step, request.get_full_path()))
        return self.get_response(request)

    def sign_in(self, request):
        """On to the second step, before or right after the password, keeping `next`."""
        if step := next_step(request.user):
            return redirect(step_url(step, request.GET.get("next", "")))
        response = self.get_response(request)
        if response.status_code == 302 and (step := next_step(request.user)):
            return redirect(step_url(step, response["Location"]))
        return response


def time_until(moment):
    seconds = math.ceil((moment - timezone.now()).total_seconds())
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return timeuntil(moment)


def check_code(user, code, confirmed=True):
    """The device of `user` that accepts `code`, or a ValidationError that says what to do."""
    model = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    with transaction.atomic():
        device = (
            model.objects.devices_for_user(user, confirmed=confirmed).select_for_update().first()
        )
        if device is None:
            raise forms.ValidationError(
                "Enter the six digits from your authenticator app"
                + (", or one of your backup codes." if confirmed else ".")
            )
        allowed, info = device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                f"Too many wrong codes. Wait {time_until(info['locked_until'])}, "
                "then enter the newest code."
            )
        if device.verify_token(code):
            return device
    logger.warning(
        "Two-factor code rejected",
        extra={"username": user.get_username(), "failures": device.throttling_failure_count},
    )
    raise forms.ValidationError(
        "That code is not right. Enter the newest code from your authenticator app, and "
        "check that your phone sets its clock automatically."
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=32,
        help_text="The six digits your authenticator app shows now, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, user, confirmed=True, autofocus=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.confirmed = user, confirmed
        self.fields["code"].widget.attrs["autofocus"] = autofocus
        if not confirmed:
            self.fields["code"].help_text = "The six digits your authenticator app shows now."

    def clean_code(self):
        # Codes are accepted with spaces and in either case, as people copy them.
        code = "".join(self.cleaned_data["code"].split()).lower()
        self.device = check_code(self.user, code, confirmed=self.confirmed)
        return code


def make_backup_codes(user):
    """Replace the user's backup codes with ten new ones; returns them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(10)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def turn_off(user, by):
    """Remove all of the user's devices (app and backup codes); returns how many there were."""
    devices = list(devices_for_user(user, confirmed=None))
    for device in devices:
        device.delete()
    if devices:
        logger.warning(
            "Two-factor sign-in turned off", extra={"username": user.get_username(), "by": by}
        )
    return len(devices)


class VerifyView(FormView):
    """The second step of signing in: one code, then on to where the user was going."""

    template_name = "accounts/two_factor/verify.html"
    form_class = CodeForm

    def dispatch(self, request, *args, **kwargs):
        if next_step(request.user) != "two_factor_verify":
            return redirect(safe_next(request, reverse("wagtailadmin_home")))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=safe_next(self.request, ""), **kwargs)

    def form_valid(self, form):
        request = self.request
        otp_login(request, form.device)
        logger.info("Two-factor sign-in", extra={"username": request.user.get_username()})
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            messages.warning(
                request,
                f"You used a backup code. {left} backup code{'s' if left != 1 else ''} left: "
                "make new ones from your account’s Two-factor sign-in page.",
            )
        return redirect(safe_next(request, reverse("wagtailadmin_home")))


class SetupView(WagtailAdminTemplateMixin, TemplateView):
    """Turn two-factor sign-in on, make new backup codes, or turn it off."""

    page_title = "Two-factor sign-in"
    header_icon = "key"
    template_name = "accounts/two_factor/setup.html"
    breadcrumbs_items = [
        *WagtailAdminTemplateMixin.breadcrumbs_items,
        {"url": reverse_lazy("wagtailadmin_account"), "label": "Account"},
        {"url": "", "label": page_title},
    ]

    @cached_property
    def app_device(self):
        return TOTPDevice.objects.devices_for_user(self.request.user, confirmed=True).first()

    def new_app_device(self):
        """The unconfirmed device, kept across reloads: the QR code scanned stays valid."""
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(
            user=self.request.user, name="Authenticator app", confirmed=False
        )

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(required=settings.ADMIN_2FA_REQUIRED, **kwargs)
        user = self.request.user
        if self.app_device:
            backup = StaticDevice.objects.filter(user=user).first()
            context.update(
                device=self.app_device,
                backup_codes_left=backup.token_set.count() if backup else 0,
                form=form or CodeForm(user=user, autofocus=False),
            )
        else:
            device = self.new_app_device()
            context.update(
                qr_code=segno.make(device.config_url, error="m").svg_inline(
                    scale=5, title="QR code for your authenticator app"
                ),
                secret=" ".join(textwrap.wrap(b32encode(device.bin_key).decode(), 4)),
                form=form or CodeForm(user=user, confirmed=False),
                next=safe_next(self.request, ""),
            )
        return context

    def post(self, request):
        user = request.user
        action = request.POST.get("action")
        if self.app_device is None:
            form = CodeForm(request.POST, user=user, confirmed=False)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
            device = form.device
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            logger.info("Two-factor sign-in turned on", extra={"username": user.get_username()})
            return self.show_codes(make_backup_codes(user), turned_on=True)
        if action == "backup-codes":
            logger.info("New backup codes", extra={"username": user.get_username()})
            return self.show_codes(make_backup_codes(user))
        if action == "turn-off":
            form = CodeForm(request.POST, user=user)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form))
            turn_off(user, by="the user")
            messages.success(request, "Two-factor sign-in is off.")
            return redirect("wagtailadmin_account")
        return redirect("two_factor_setup")

    def show_codes(self, codes, turned_on=False):
        """The new backup codes, shown this once."""
        self.template_name = "accounts/two_factor/backup_codes.html"
        return self.render_to_response(
            super().get_context_data(
                codes=codes,
                turned_on=turned_on,
                continue_url=safe_next(self.request, reverse("two_factor_setup")),
            )
        )
