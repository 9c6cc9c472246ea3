"""Database lookups that keep numbers the database cannot hold out of its queries."""

from django.core.exceptions import EmptyResultSet
from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    """``pk__in=[...]`` where a number is beyond what the column can hold: that number matches
    nothing, as Django already does for ``=``, ``<`` and ``>``. Without this, a form's
    multiple choice of ids or an admin action's selection holding 99999999999999999999999 is an
    ``OverflowError`` on SQLite (a 500) instead of "Select a valid choice"."""

    def as_sql(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            values = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
            if not values:
                raise EmptyResultSet
            self.rhs = values
        return super().as_sql(compiler, connection)
