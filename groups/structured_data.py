"""A group as a schema.org ``Organization`` (JSON-LD), for search engines."""

from oig_site.core.links import absolute_url
from oig_site.core.sharing import share_image

SCHEMA = "https://schema.org"


def organisation_reference(group) -> dict:
    """The group named as an organiser or member: its name and page."""
    return {
        "@type": "Organization",
        "name": group.name,
        "url": absolute_url(group.get_absolute_url()),
    }


def organisation_data(group) -> dict:
    """The group's page: what it is, its picture, its own website and social media pages
    (``sameAs``), its public contact details, and the organisations that host it."""
    data = {"@context": SCHEMA, **organisation_reference(group), "description": group.summary}
    if group.image:
        data["image"] = share_image(group).url
    if group.area:
        data["areaServed"] = group.area
    if group.email:
        data["email"] = group.email
    if group.phone:
        data["telephone"] = group.phone
    same_as = [group.website] if group.website else []
    same_as += [link.url for link in group.links.all() if link.url not in same_as]
    if same_as:
        data["sameAs"] = same_as
    hosts = [p.organisation for p in group.partnerships.all() if p.role == p.Role.HOST]
    if hosts:
        data["parentOrganization"] = [
            {
                "@type": "Organization",
                "name": host.name,
                "url": host.website or absolute_url(host.get_absolute_url()),
            }
            for host in hosts
        ]
    return data
