"""Accounts and access: passwords, API tokens, web sessions, CSRF, the access policy and
the audit log. See docs/security.md."""
