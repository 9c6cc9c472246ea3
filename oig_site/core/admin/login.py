"""The editing pages' sign-in form, in a coordinator's words: coordinators sign in with their
e-mail address (the welcome e-mail says so), and Django's "staff account" means nothing to
them."""

from django.contrib.admin.forms import AdminAuthenticationForm


class SignInForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "That e-mail address (or username) and password do not match. Check "
        "both and try again: the password must be typed exactly, capital letters included.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "E-mail address or username"
