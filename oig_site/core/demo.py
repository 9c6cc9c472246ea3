"""Helpers for the demo-content loaders: create or update rows without touching what is already
right, so that loading twice changes nothing the second time."""

from pathlib import Path

from django.core.files import File
from django.db import models


def upsert(model: type[models.Model], lookup: dict, values: dict) -> models.Model:
    """Find the row by its natural key (``lookup``), create it if missing, and save it only
    if one of ``values`` differs from what is stored."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
    return obj


def attach_image(obj: models.Model, field_name: str, source: Path) -> None:
    """Copy a sample image into storage for ``obj``, unless it already has one (uploads are
    stored under random names, so the stored name cannot tell which sample it was)."""
    field = getattr(obj, field_name)
    if field and field.storage.exists(field.name):
        return
    with source.open("rb") as handle:
        field.save(source.name, File(handle), save=True)
