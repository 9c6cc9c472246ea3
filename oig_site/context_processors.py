from django.conf import settings

from oig_site.core.sharing import SITE_DESCRIPTION


def site(request):
    """The site's name, description and contact details, for the header, footer and page
    titles."""
    return {
        "site_name": settings.SITE_NAME,
        "site_description": SITE_DESCRIPTION,
        "site_contact_email": settings.SITE_CONTACT_EMAIL,
        "site_contact_phone": settings.SITE_CONTACT_PHONE,
    }
