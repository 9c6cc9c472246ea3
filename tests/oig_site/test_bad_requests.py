"""A NUL byte anywhere in a request gets the site's 400 page, never a 500 (PostgreSQL refuses
text holding one)."""

import pytest

from tests.html import text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/groups/", {"topic": "\x00"}),
        ("get", "/activities/", {"year": "20\x0020"}),
        ("get", "/newsletters/subscribe/", {"newsletter": "\x00"}),
        ("get", "/search/", {"q": "a\x00b"}),
        ("get", "/activities/%00.ics", {}),
        ("get", "/admin/groups/communitygroup/", {"area": "\x00"}),
        ("post", "/newsletters/subscribe/", {"email": "a\x00@example.org"}),
    ],
)
def test_nul_bytes_get_a_clear_400(client, method, url, data):
    response = getattr(client, method)(url, data)
    assert response.status_code == 400
    assert "Something was wrong with the request" in text(response)
