"""System checks for how the site is deployed (run by ``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def trusted_proxies_check(app_configs, **kwargs):
    """With HTTPS on, the site expects a proxy in front (it trusts X-Forwarded-Proto); then
    DJANGO_TRUSTED_PROXIES=0 makes every visitor look like the proxy, so one person's wrong
    passwords lock everyone out and one person's form posts use up everyone's limit."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and settings.TRUSTED_PROXIES == 0:
        return [
            Warning(
                "DJANGO_TRUSTED_PROXIES is 0 but the site expects a proxy in front of it "
                "(HTTPS is on).",
                hint="Behind one proxy that adds the visitor's address to X-Forwarded-For, "
                "set DJANGO_TRUSTED_PROXIES=1 (see README: Production deployment).",
                id="oig_site.W001",
            )
        ]
    return []
