"""Writes with side effects for newsletters, one module per concern: ``subscriptions``
(double opt-in, confirming, unsubscribing), ``sending`` (issues by e-mail, with retries) and
``questions`` (readers' questions to the editors). Views, admin actions and commands import
from the module they need."""
