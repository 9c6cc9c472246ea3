from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from groups.models import CommunityGroup
from groups.services import coordinator_add


class Command(BaseCommand):
    help = (
        "Make someone a coordinator of a group: creates or updates their account with the "
        "Coordinators role, and e-mails them a link to set their password."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The coordinator's e-mail address (also their username).")
        parser.add_argument("group_slug", help="The group's web address, for example parent-power.")

    def handle(self, *args, email, group_slug, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"'{email}' is not an e-mail address.") from error
        group = CommunityGroup.objects.filter(slug=group_slug).first()
        if group is None:
            known = ", ".join(CommunityGroup.objects.values_list("slug", flat=True)[:20])
            raise CommandError(f"There is no group '{group_slug}'. Groups: {known}.")
        user, created = coordinator_add(email=email, group=group)
        state = "created" if created else "updated"
        self.stdout.write(
            self.style.SUCCESS(
                f"{user.email} ({state}) now coordinates {group.name}; a link to set a password "
                "was e-mailed."
            )
        )
