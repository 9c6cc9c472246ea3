import time

from django.core.management.base import BaseCommand, CommandError

from oig_site import scale_data


class Command(BaseCommand):
    help = (
        "Fill the database with generated content to measure the site at scale: by default "
        "1,004 groups, 100,022 activities, 1,003 newsletter issues with 5,011 sections and "
        "20,000 subscribers. Refuses to touch a database that has content, unless told to."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=sorted(scale_data.PRESETS),
            default="large",
            help="A preset size (default: large). The options below change single counts.",
        )
        for name in scale_data.SIZE_FIELDS:
            parser.add_argument(
                f"--{name}", type=int, default=None, help=f"How many {name} to make."
            )
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same content.")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="First delete ALL groups, activities, newsletters and subscribers (not only "
            "generated ones), then generate.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database has content already (used by 'make bench').",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add the generated content beside what the database has already.",
        )

    def handle(self, *args, size, seed, flush, force, if_empty, **options):
        preset = scale_data.PRESETS[size]
        sizes = scale_data.Sizes(
            **{
                name: getattr(preset, name) if options[name] is None else options[name]
                for name in scale_data.SIZE_FIELDS
            }
        )
        if any(value < 0 for value in vars(sizes).values()):
            raise CommandError("Counts cannot be negative.")
        if sizes.groups < 1 and (sizes.activities or sizes.newsletters):
            raise CommandError("Activities and newsletters need at least one group.")
        started = time.monotonic()
        generator = scale_data.Generator(sizes, seed=seed, out=self.stdout.write)
        if scale_data.has_content():
            if if_empty and not flush:
                self.stdout.write("The database has content already: nothing generated.")
                return
            if flush:
                self.stdout.write("Deleting the content the database has...")
                scale_data.flush()
            elif force:
                # Keep the new names and addresses clear of the ones already there.
                generator.tag = f"s{seed}x{scale_data.counts()['groups.CommunityGroup']}-"
            else:
                raise CommandError(
                    "This database has content already. Use --flush to delete it first, or "
                    "--force to add generated content beside it."
                )
        self.stdout.write(f"Generating content ({size} size, seed {seed})...")
        made = generator.run()
        seconds = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Done in {seconds:.1f} s: "
                + ", ".join(f"{count:,} {label.split('.')[1]}" for label, count in made.items())
            )
        )
