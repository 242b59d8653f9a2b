"""Signing in to the admin: two-factor sign-in (two_factor.py), sign-in locks over django-axes
(sign_in_locks.py), the throttled password reset (password_reset.py), and their commands."""
