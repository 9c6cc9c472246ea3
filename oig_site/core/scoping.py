"""Who may edit what: content belongs to groups, and a user edits what belongs to the groups
they coordinate (site editors edit everything).

The rule itself belongs to the group model, at the end of every path below. It answers two
questions, and the core asks them without knowing which app it lives in:

- ``GroupModel.objects.coordinated_by(user)``: the groups this user may edit;
- ``GroupModel.edits_everything(user)``: whether they edit every group's content (a site
  editor), including content that belongs to no group yet.

Each model owned by groups declares, once, the path from it to its groups in ``group_path``
("pk" for a group itself, "group", "groups", "newsletter__groups", ...) and gets
``editable_by(user)`` from ``GroupOwnedQuerySet``. The admin, the editors' preview, the start
page and "view on site" all go through it.
"""

from django.db import models


def group_model_of(model: type[models.Model]) -> type[models.Model]:
    """The group model that ``model.group_path`` leads to."""
    current = model
    if model.group_path != "pk":
        for name in model.group_path.split("__"):
            current = current._meta.get_field(name).related_model
    return current


def edits_everything(user, model: type[models.Model]) -> bool:
    """Whether ``user`` edits every group's content (so every ``model`` object), by the rule of
    the group model that owns ``model``."""
    return group_model_of(model).edits_everything(user)


def coordinated_groups(user, model: type[models.Model]) -> models.QuerySet:
    """The groups whose ``model`` objects ``user`` may edit."""
    return group_model_of(model)._default_manager.coordinated_by(user)


def is_group_owned(model: type[models.Model] | None) -> bool:
    """Whether ``model`` belongs to groups (declares its path to them and can say who edits it)."""
    return model is not None and isinstance(model._default_manager.all(), GroupOwnedQuerySet)


class GroupOwnedQuerySet(models.QuerySet):
    """For models owned by groups: ``editable_by(user)`` follows the model's ``group_path``."""

    def editable_by(self, user) -> models.QuerySet:
        """The objects ``user`` may edit: those of the groups they coordinate, each once (a joint
        activity of two of their groups too); everything for a site editor; nothing for an
        inactive user."""
        model = self.model
        if edits_everything(user, model):
            return self.all()
        mine = coordinated_groups(user, model)
        allowed = model._default_manager.filter(**{f"{model.group_path}__in": mine})
        # A subquery rather than a join, so that rows are not repeated and counts stay right.
        return self.filter(pk__in=allowed.values("pk"))
