"""make cluster-check: two app servers sharing one PostgreSQL, one Redis and one S3-compatible
object store behave as one site.

It starts a local S3 server (moto_server, from requirements-dev.txt) with a public and a
private bucket, recreates the PostgreSQL database ``cluster_check``, starts two gunicorn
instances, A and B, with production settings, and checks over HTTP that:

- a picture uploaded through A's admin is on B's public page, and its address is fetchable
  from the S3 server (no file is written on the app servers' disks);
- a sign-in on A is valid on B (the same session cookie reaches B's admin);
- an activity published through A's admin is on B's public page at once (B's page is asked
  before and after, so a page cache on B would be exercised);
- a form limit counts across both (subscription attempts split across A and B);
- a private story photo cannot be read from its bucket anonymously (403 from the S3 server),
  is served by the story's photo view, and is gone from B (404) once consent is withdrawn
  through A.

Everything it started is stopped at the end, even when a check fails. A failure prints what
went wrong and exits with status 1. Run it with ``make cluster-check``.
"""

import argparse
import io
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import traceback
from contextlib import ExitStack
from html.parser import HTMLParser
from pathlib import Path

import boto3
import psycopg
import redis
import requests
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PUBLIC_BUCKET = "cluster-check-uploads"
PRIVATE_BUCKET = "cluster-check-private"
USERNAME, PASSWORD = "cluster-coordinator", secrets.token_urlsafe(16)

# The site's content for the checks, made with the site's own models.
SEED = """
import json
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from activities.models import Activity
from groups.models import CommunityGroup, MemberStory
from newsletters.models import Newsletter

ago = timezone.now() - timedelta(hours=1)
get_user_model().objects.create_superuser("{username}", "check@example.org", "{password}")
group = CommunityGroup.objects.create(
    name="Cluster Check Group", slug="cluster-check", summary="Checks several servers.",
    description="<p>About.</p>", area="Oxford", status="published", publish_at=ago,
)
newsletter = Newsletter.objects.create(
    name="Cluster News", slug="cluster-news", description="News."
)
newsletter.groups.set([group])
activity = Activity.objects.create(
    title="Published through server A", slug="published-through-a", kind="meeting",
    start_date=timezone.localdate() + timedelta(days=3), summary="A meeting.",
    status="draft",
)
activity.groups.set([group])
story = MemberStory(
    group=group, title="A member's story", slug="a-members-story", summary="A story.",
    body="<p>In my own words.</p>", teller_name="Jo", naming="anonymous",
    consent_given_by="The teller", consent_given_at=timezone.now() - timedelta(days=7),
    consent_scope="Story and photo on the website.", status="published", publish_at=ago,
    image_alt="Jo at the community centre",
)
story.image.save("jo.png", ContentFile({photo!r}), save=False)
story.save()
print(json.dumps({{
    "group": group.pk, "group_url": group.get_absolute_url(),
    "activity": activity.pk, "activity_title": activity.title,
    "newsletter": newsletter.pk,
    "story": story.pk, "story_photo_url": story.get_photo_url(), "story_photo": story.image.name,
}}))
"""


class CheckFailed(Exception):
    """A check found the servers not behaving as one site."""


def expect(condition, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def png(size=(40, 30), colour="purple") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(size=(1200, 800), colour="teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


# Reading pages ----------------------------------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str, name: str) -> list[dict]:
    reader = _Tags()
    reader.feed(html)
    return [attrs for tag, attrs in reader.tags if tag == name]


class _Form(HTMLParser):
    """What a browser would submit from the form with the given id (files aside)."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.found = form_id, False, False
        self.data: list[tuple[str, str]] = []
        self._textarea: int | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = self.found = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data.append((name, attrs.get("value", "on")))
            elif kind not in {"submit", "button", "file", "image", "reset"}:
                self.data.append((name, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self.data.append((name, ""))
            self._textarea = len(self.data) - 1
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self.inside and self._textarea is not None:
            name, value = self.data[self._textarea]
            self.data[self._textarea] = (name, value + data)


def form_fields(html: str, form_id: str) -> list[tuple[str, str]]:
    reader = _Form(form_id)
    reader.feed(html)
    expect(reader.found, f"The page has no form with id {form_id!r}.")
    return reader.data


def csrf_token(html: str) -> str:
    for attrs in tags(html, "input"):
        if attrs.get("name") == "csrfmiddlewaretoken":
            return attrs["value"]
    raise CheckFailed("The page has no CSRF token.")


# The checks, on what the servers answered (tested with mismatched pages) ----------------------


def image_on_page(html: str, stored_name: str, media_origin: str) -> dict:
    """The <img> of the picture stored as ``stored_name``, served from the object store."""
    for attrs in tags(html, "img"):
        if stored_name in attrs.get("src", ""):
            expect(
                attrs["src"].startswith(media_origin),
                f"The picture's address {attrs['src']} is not on the object store "
                f"({media_origin}).",
            )
            return attrs
    raise CheckFailed(f"The page does not show the picture stored as {stored_name}.")


def signed_in_admin(response) -> None:
    """The admin's start page for a signed-in user, not the sign-in form."""
    expect(
        response.status_code == 200,
        f"The admin answered {response.status_code} instead of its start page "
        f"(the session was not recognised).",
    )
    expect(
        'id="login-form"' not in response.text and "/admin/logout/" in response.text,
        "The admin showed its sign-in form: the session was not recognised.",
    )


def shows(html: str, text: str, where: str) -> None:
    expect(text in html, f"{where} does not show {text!r}.")


def does_not_show(html: str, text: str, where: str) -> None:
    expect(text not in html, f"{where} already shows {text!r}.")


def status(response, expected: int, what: str) -> None:
    expect(
        response.status_code == expected,
        f"{what}: expected {expected}, got {response.status_code} from {response.url}.",
    )


# Running the servers ----------------------------------------------------------------------


def wait_for(url: str, process: subprocess.Popen, name: str, log: Path, seconds=60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CheckFailed(f"{name} stopped at start-up:\n{tail(log)}")
        try:
            requests.get(url, timeout=5)
            return
        except requests.RequestException:  # not listening yet, or still loading the site
            time.sleep(0.2)
    raise CheckFailed(f"{name} did not answer at {url} within {seconds} s:\n{tail(log)}")


def tail(log: Path, lines=30) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def start(stack: ExitStack, name: str, command: list[str], env: dict, log: Path):
    handle = stack.enter_context(log.open("wb"))
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    stack.callback(stop, process)
    print(f"   started {name} (process {process.pid})")
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def manage(env: dict, *commands: list[str]) -> list[str]:
    """Run manage.py commands side by side; their output, in order."""
    began = time.monotonic()
    running = [
        subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    outputs = []
    for command, process in zip(commands, running, strict=True):
        out, err = process.communicate()
        if process.returncode != 0:
            raise CheckFailed(f"manage.py {command[0]} failed:\n{out}\n{err}")
        outputs.append(out)
    names = " and ".join(command[0] for command in commands)
    print(f"   manage.py {names} ({time.monotonic() - began:.1f} s)")
    return outputs


def recreate_database(server_url: str, name: str) -> str:
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def create_buckets(endpoint: str) -> None:
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="cluster-check",
        aws_secret_access_key="cluster-check",
    )
    s3.create_bucket(Bucket=PUBLIC_BUCKET)
    s3.create_bucket(Bucket=PRIVATE_BUCKET)
    s3.put_public_access_block(
        Bucket=PRIVATE_BUCKET,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )


def site_environment(args, database_url: str, work: Path, s3_endpoint: str) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_")) and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_HTTPS="0",
        DJANGO_CACHE_URL=args.redis,
        DATABASE_URL=database_url,
        DJANGO_S3_BUCKET=PUBLIC_BUCKET,
        DJANGO_S3_PRIVATE_BUCKET=PRIVATE_BUCKET,
        DJANGO_S3_ENDPOINT_URL=s3_endpoint,
        DJANGO_S3_REGION="us-east-1",
        AWS_ACCESS_KEY_ID="cluster-check",
        AWS_SECRET_ACCESS_KEY="cluster-check",
        DJANGO_STATIC_ROOT=str(work / "static"),
        # Uploads must go to the object store: these stay empty (checked at the end).
        DJANGO_MEDIA_ROOT=str(work / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(work / "private-media"),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        DJANGO_EMAIL_FILE_PATH=str(work / "mail"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


# The checks, over HTTP ----------------------------------------------------------------------


def sign_in(browser: requests.Session, server: str) -> None:
    page = browser.get(f"{server}/admin/login/", timeout=10)
    status(page, 200, "The admin's sign-in page on A")
    response = browser.post(
        f"{server}/admin/login/?next=/admin/",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "username": USERNAME,
            "password": PASSWORD,
            "next": "/admin/",
        },
        headers={"Referer": f"{server}/admin/login/"},
        allow_redirects=False,
        timeout=10,
    )
    expect(
        response.status_code == 302 and response.headers.get("Location") == "/admin/",
        f"Signing in on A failed (status {response.status_code}).",
    )


def check_sign_in_shared(a: str, b: str) -> requests.Session:
    anonymous = requests.get(f"{b}/admin/", allow_redirects=False, timeout=10)
    status(anonymous, 302, "B's admin before signing in")
    browser = requests.Session()
    sign_in(browser, a)
    expect("sessionid" in browser.cookies, "Signing in on A set no session cookie.")
    signed_in_admin(browser.get(f"{b}/admin/", allow_redirects=False, timeout=10))
    return browser


def admin_action(browser, server, changelist: str, action: str, pk: int) -> None:
    page = browser.get(f"{server}{changelist}", timeout=10)
    status(page, 200, f"The admin list {changelist}")
    response = browser.post(
        f"{server}{changelist}",
        data={
            "csrfmiddlewaretoken": csrf_token(page.text),
            "action": action,
            "select_across": "0",
            "index": "0",
            "_selected_action": str(pk),
        },
        headers={"Referer": f"{server}{changelist}"},
        allow_redirects=False,
        timeout=10,
    )
    status(response, 302, f"The admin action {action!r} on A")


def check_upload_shared(browser, a, b, seed, media_origin) -> None:
    url = f"{a}/admin/groups/communitygroup/{seed['group']}/change/"
    page = browser.get(url, timeout=10)
    status(page, 200, "The group's admin page on A")
    fields = [(k, v) for k, v in form_fields(page.text, "communitygroup_form") if k != "image_alt"]
    fields.append(("image_alt", "Members around a table"))
    response = browser.post(
        url,
        data=fields,
        files={"image": ("Members at the meeting.jpg", jpeg(), "image/jpeg")},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=30,
    )
    expect(
        response.status_code == 302,
        f"Uploading a picture through A's admin failed (status {response.status_code}).",
    )
    group_page = requests.get(f"{b}{seed['group_url']}", timeout=10)
    status(group_page, 200, "The group's page on B")
    image = image_on_page(group_page.text, "groups/", media_origin)
    srcset = image.get("srcset", "").split(", ")
    copies = [candidate.split()[0] for candidate in srcset if candidate]
    for address in [image["src"], *copies]:
        picture = requests.get(address, timeout=10)
        status(picture, 200, f"The picture at {address}, fetched anonymously")
        expect(
            picture.headers.get("Content-Type") == "image/jpeg",
            f"{address} is not served as a JPEG picture.",
        )
    expect("srcset" in image, "B's page lists no smaller copies of the picture.")


def check_publish_shared(browser, a, b, seed) -> None:
    title = seed["activity_title"]
    before = requests.get(f"{b}{seed['group_url']}", timeout=10)
    status(before, 200, "The group's page on B")
    does_not_show(before.text, title, "B's group page, before publishing")
    before_list = requests.get(f"{b}/whats-on/", timeout=10)
    does_not_show(before_list.text, title, "B's what's on page, before publishing")
    admin_action(browser, a, "/admin/activities/activity/", "publish_now", seed["activity"])
    after = requests.get(f"{b}{seed['group_url']}", timeout=10)
    shows(after.text, title, "B's group page, straight after publishing through A")
    after_list = requests.get(f"{b}/whats-on/", timeout=10)
    shows(after_list.text, title, "B's what's on page, straight after publishing through A")


def check_throttle_shared(a, b, seed, limit=3) -> None:
    visitor = requests.Session()
    form = visitor.get(f"{a}/newsletters/subscribe/", timeout=10)
    status(form, 200, "The subscribe page on A")
    # A public form on a cached page: no CSRF token, the post names its own site as its origin.
    expect(
        "csrfmiddlewaretoken" not in form.text,
        "The subscribe page carries a per-visitor CSRF token, so it could not be cached.",
    )
    data = {
        "email": f"throttle-{secrets.token_hex(4)}@example.org",
        "newsletters": str(seed["newsletter"]),
        "source": "cluster-check",
    }
    servers = [a, b] * limit
    for attempt, server in enumerate(servers[: limit + 1], start=1):
        response = visitor.post(
            f"{server}/newsletters/subscribe/",
            data=data,
            headers={"Origin": server, "Referer": f"{server}/newsletters/subscribe/"},
            allow_redirects=False,
            timeout=10,
        )
        name = "A" if server == a else "B"
        if attempt <= limit:
            status(response, 302, f"Subscription attempt {attempt} of {limit} allowed, on {name}")
        else:
            expect(
                response.status_code == 429,
                f"Attempt {attempt} (on {name}) was allowed (status {response.status_code}): "
                f"the limit of {limit} is not counted across both servers.",
            )


def check_private_photo(browser, a, b, seed, s3_endpoint) -> None:
    direct = requests.get(f"{s3_endpoint}/{PRIVATE_BUCKET}/{seed['story_photo']}", timeout=10)
    expect(
        direct.status_code == 403,
        f"The private story photo answered {direct.status_code} when read anonymously from "
        f"its bucket (403 expected): it must never be publicly readable.",
    )
    served = requests.get(f"{b}{seed['story_photo_url']}", timeout=10)
    status(served, 200, "The story's photo view on B")
    expect(served.content.startswith(b"\x89PNG"), "The story's photo view did not send the PNG.")
    admin_action(browser, a, "/admin/groups/memberstory/", "withdraw_consent", seed["story"])
    gone = requests.get(f"{b}{seed['story_photo_url']}", timeout=10)
    status(gone, 404, "The story's photo view on B after consent was withdrawn through A")


def check_no_local_files(work: Path) -> None:
    local = [p for folder in ("media", "private-media") for p in (work / folder).rglob("*")]
    expect(
        not [p for p in local if p.is_file()],
        f"Uploads were written on the app server's disk: {local}",
    )


# The whole run ----------------------------------------------------------------------------


def run(args) -> None:
    a, b = f"http://127.0.0.1:{args.port_a}", f"http://127.0.0.1:{args.port_b}"
    s3_endpoint = f"http://127.0.0.1:{args.s3_port}"
    with ExitStack() as stack:
        work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cluster-check-")))
        print("== S3-compatible server (moto_server)")
        moto = start(
            stack,
            "moto_server",
            [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(args.s3_port)],
            dict(os.environ),
            work / "moto.log",
        )
        wait_for(s3_endpoint, moto, "moto_server", work / "moto.log")
        create_buckets(s3_endpoint)

        print(f"== PostgreSQL database {args.database} (recreated), Redis {args.redis} (emptied)")
        database_url = recreate_database(args.postgres, args.database)
        redis.Redis.from_url(args.redis).flushdb()
        env = site_environment(args, database_url, work, s3_endpoint)
        manage(env, ["migrate", "--noinput"], ["collectstatic", "--noinput", "-v0"])
        [seeded] = manage(
            env, ["shell", "-c", SEED.format(username=USERNAME, password=PASSWORD, photo=png())]
        )
        seed = json.loads(seeded.splitlines()[-1])

        print("== Two app servers (gunicorn, production settings)")
        for name, port in (("A", args.port_a), ("B", args.port_b)):
            log = work / f"gunicorn-{name}.log"
            process = start(
                stack,
                f"gunicorn {name} on port {port}",
                [
                    str(BIN / "gunicorn"),
                    "oig_site.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                ],
                env,
                log,
            )
            wait_for(f"http://127.0.0.1:{port}/robots.txt", process, f"gunicorn {name}", log)

        media_origin = f"{s3_endpoint}/{PUBLIC_BUCKET}/"
        print("== Checks")
        browser = check_sign_in_shared(a, b)
        print("   ok: a sign-in on A is valid on B (the same session cookie reaches B's admin)")
        for label, check in [
            (
                "a picture uploaded through A's admin is on B's page and fetchable from S3",
                lambda: check_upload_shared(browser, a, b, seed, media_origin),
            ),
            (
                "an activity published through A is on B's pages at once",
                lambda: check_publish_shared(browser, a, b, seed),
            ),
            (
                "a form limit counts attempts on A and B together",
                lambda: check_throttle_shared(a, b, seed),
            ),
            (
                "a private story photo: 403 from its bucket, served by the view, 404 on B "
                "once consent is withdrawn through A",
                lambda: check_private_photo(browser, a, b, seed, s3_endpoint),
            ),
            ("no upload was written on the app servers' disks", lambda: check_no_local_files(work)),
        ]:
            check()
            print(f"   ok: {label}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port-a", type=int, default=8201)
    parser.add_argument("--port-b", type=int, default=8202)
    parser.add_argument("--s3-port", type=int, default=9200)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="cluster_check")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/8")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        run(args)
    except CheckFailed as failure:
        print(f"\ncluster-check FAILED: {failure}", file=sys.stderr)
        return 1
    except Exception:
        traceback.print_exc()
        print("\ncluster-check FAILED: the error above stopped it.", file=sys.stderr)
        return 1
    print(f"\ncluster-check passed in {time.monotonic() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
