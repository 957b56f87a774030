"""TOTP second factor, on top of django-otp's TOTPDevice (with its built-in throttling)."""

from __future__ import annotations

from base64 import b32encode

import segno
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

DEVICE_NAME = "Application d'authentification"


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up (created on first call, reused afterwards)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def secret_for_display(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The setup QR code as an inline SVG (no style attribute, allowed by the strict CSP)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title="QR code"
    )


def verify(request: HttpRequest, device: TOTPDevice, token: str) -> bool:
    """Check a code; on success confirm the device and mark the session as verified."""
    if not device.verify_token(token):
        return False
    if not device.confirmed:
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return True


def current_code(device: TOTPDevice) -> str:
    """The code an authenticator would show now (used by the demo helper command only)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"
