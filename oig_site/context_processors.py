from django.conf import settings


def site(request):
    """The site's name and contact details, for the header, footer and page titles."""
    return {
        "site_name": settings.SITE_NAME,
        "site_contact_email": settings.SITE_CONTACT_EMAIL,
        "site_contact_phone": settings.SITE_CONTACT_PHONE,
    }
