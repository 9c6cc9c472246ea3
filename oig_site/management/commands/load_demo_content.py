from django.core.management.base import BaseCommand
from django.db import transaction

from activities import demo as activities_demo
from asks import demo as asks_demo
from groups import demo as groups_demo
from groups.models import CommunityGroup
from newsletters import demo as newsletters_demo
from oig_site import easy_read_demo

# Each app's demo module, in the order they load (later apps point at earlier ones' content).
DEMO_MODULES = [groups_demo, activities_demo, newsletters_demo, asks_demo, easy_read_demo]


class Command(BaseCommand):
    help = (
        "Load the demo content: the first groups, their partners, stories and more. Safe to run "
        "again: it only adds or updates what is missing or different."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--flush",
            action="store_true",
            help="First delete the demo content (only the demo groups and what belongs to them), "
            "then load it afresh.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if any group exists already (used by 'make run').",
        )

    def handle(self, *args, flush=False, if_empty=False, **options):
        if if_empty and CommunityGroup.objects.exists():
            self.stdout.write("The site already has content: demo content not loaded.")
            return
        with transaction.atomic():
            if flush:
                for module in reversed(DEMO_MODULES):
                    module.flush(stdout=self.stdout)
            for module in DEMO_MODULES:
                module.load(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
