"""Uploaded files that nothing refers to any more are removed, once the change is saved.

django-cleanup removes a file when its object is deleted or the file is replaced or cleared
(always after the database transaction commits, so a save that fails keeps the old file); the
receivers here add what it leaves out:

- the smaller copies of a picture go with the picture (``delete_renditions``);
- a revert in History (django-reversion saves the old version "raw", which django-cleanup
  ignores) removes the file it replaces (``files_on_raw_save``);
- a version's file that was removed when it was replaced cannot come back: while reverting,
  such a file is dropped from the object and its parts (``clear_missing_files``), and the
  editor is told to upload it again;
- files stored before uploads had random names get one (``uploads_rename_to_random``, run by
  ``manage.py rename_uploads``);
- files nothing refers to (left by a failed save, or replaced before this existed) are removed
  by ``manage.py remove_orphan_uploads`` (``uploads_remove_orphans``), and with them the files
  kept for a form sent back with a mistake (``oig_site.core.kept_uploads``) once they can no
  longer be used.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta
from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models import FileField, ImageField
from django.utils import timezone

from oig_site.core.kept_uploads import KEPT_FOLDER, KEPT_UPLOAD_MAX_AGE
from oig_site.core.pagecache import content_changed
from oig_site.core.storage import RandomName, private_storage

_cleared: ContextVar[list | None] = ContextVar("cleared_missing_files", default=None)


def _delete_renditions(field, storage, name: str) -> None:
    for rendition in getattr(field, "rendition_names", lambda name: [])(name):
        storage.delete(rendition)


def delete_renditions(sender, file, file_name, **kwargs) -> None:
    """django-cleanup's ``cleanup_post_delete``: a removed picture's smaller copies go too."""
    field = getattr(file, "field", None)
    if field is not None:
        _delete_renditions(field, file.storage, file_name)


def _delete_stored(field, name: str) -> None:
    field.storage.delete(name)
    _delete_renditions(field, field.storage, name)


def files_on_raw_save(sender, instance, raw, using, **kwargs) -> None:
    """``pre_save`` for raw saves (a revert or recovery in History, ``loaddata``).

    While ``clear_missing_files`` is open, a file the saved version names that is no longer
    stored is dropped from it (for the object and its parts alike, such as an issue's
    sections). Then the files the row pointed at until now are removed once the transaction
    commits, if the row no longer points at them."""
    if not raw:
        return
    fields = [f for f in sender._meta.concrete_fields if isinstance(f, FileField)]
    if not fields:
        return
    cleared = _cleared.get()
    if cleared is not None:
        for field in fields:
            file = getattr(instance, field.attname)
            if file and not file.storage.exists(file.name):
                setattr(instance, field.attname, "")
                if isinstance(field, ImageField):
                    field.update_dimension_fields(instance, force=True)
                if getattr(field, "variants_field", ""):
                    setattr(instance, field.variants_field, [])
                cleared.append(str(field.verbose_name))
    if instance.pk is None:
        return
    stored = (
        sender._base_manager.using(using)
        .filter(pk=instance.pk)
        .values(*[f.attname for f in fields])
        .first()
    )
    for field in fields if stored else ():
        old_name = stored[field.attname]
        new_file = getattr(instance, field.attname)
        if old_name and old_name != (new_file.name if new_file else None):
            transaction.on_commit(partial(_delete_stored, field, old_name), using=using)


@contextmanager
def clear_missing_files():
    """While this is open, a version saved back (raw) whose file is no longer stored has that
    field emptied, so pages never link to a missing file. Yields the names of the fields
    emptied."""
    cleared: list[str] = []
    token = _cleared.set(cleared)
    try:
        yield cleared
    finally:
        _cleared.reset(token)


def _is_random(field, name: str) -> bool:
    folder = re.escape(field.upload_to.folder)
    return bool(re.fullmatch(rf"{folder}/[0-9a-f]{{32}}(\.[a-z0-9]{{1,10}})?", name))


def uploads_rename_to_random(*, dry_run: bool = False) -> tuple[list[str], list[str]]:
    """Give every stored upload that still has its uploader's name (stored before uploads got
    random names) a random one, with its smaller copies, and remove the old files once the
    new names are saved. Returns the names renamed and the names whose file is missing (left
    as they are). Versions kept in History still name the old files."""
    renamed, missing = [], []
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, FileField) and isinstance(f.upload_to, RandomName)
        ]
        for field in fields:
            rows = (
                model._base_manager.exclude(**{field.attname: ""})
                .exclude(**{f"{field.attname}__isnull": True})
                .values_list("pk", field.attname)
            )
            for pk, old in rows.iterator():
                if _is_random(field, old):
                    continue
                storage = field.storage
                if not storage.exists(old):
                    missing.append(old)
                    continue
                renamed.append(old)
                if not dry_run:
                    _rename(model, field, pk, old)
    return renamed, missing


def _rename(model, field, pk, old: str) -> None:
    storage = field.storage
    with transaction.atomic():
        with storage.open(old) as content:
            new = storage.save(field.upload_to(None, old), content)
        renditions = getattr(field, "rendition_names", lambda name: [])
        for old_copy, new_copy in zip(renditions(old), renditions(new), strict=True):
            if storage.exists(old_copy):
                with storage.open(old_copy) as content:
                    storage.save(new_copy, content)
        model._base_manager.filter(pk=pk).update(**{field.attname: new})
        content_changed()  # pages link to the file by its name; update() sends no signal
        transaction.on_commit(partial(_delete_stored, field, old))


def _walk(storage, folder: str):
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def uploads_remove_orphans(*, dry_run: bool = False, min_age: timedelta) -> list[str]:
    """Remove files in the uploads folders that no row refers to (nor are the smaller copies
    of one): left by a save that failed after the file was stored, or replaced before
    replaced files were removed. Files younger than ``min_age`` are left alone (their save may
    still be under way). Files kept for a form sent back with a mistake are removed once their
    token has expired. Returns the names removed (or, with ``dry_run``, to remove)."""
    storages, kept = {}, {}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not (isinstance(field, FileField) and isinstance(field.upload_to, RandomName)):
                continue
            key = id(field.storage)
            storages.setdefault(key, (field.storage, set()))[1].add(field.upload_to.folder)
            names = kept.setdefault(key, set())
            for name in model._base_manager.exclude(**{field.attname: ""}).values_list(
                field.attname, flat=True
            ):
                if name:
                    names.add(name)
                    names.update(getattr(field, "rendition_names", lambda name: [])(name))
    cutoff = timezone.now() - min_age
    removed = []
    for key, (storage, folders) in storages.items():
        for folder in sorted(folders):
            for name in _walk(storage, folder):
                if name in kept[key] or storage.get_modified_time(name) > cutoff:
                    continue
                removed.append(name)
                if not dry_run:
                    storage.delete(name)
    storage, kept_cutoff = private_storage(), timezone.now() - KEPT_UPLOAD_MAX_AGE
    for name in _walk(storage, KEPT_FOLDER):
        if storage.get_modified_time(name) <= kept_cutoff:
            removed.append(name)
            if not dry_run:
                storage.delete(name)
    return removed
