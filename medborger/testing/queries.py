from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str, *, expected_status: int = 200) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == expected_status, (url, response.status_code)
    return len(queries)


def assert_constant_queries(
    client, url: str, *, grow, small: int = 10, large: int = 500, warm: bool = False
) -> int:
    """Render `url` with `grow(small)` rows, then with `grow(large)`; the counts must be equal.

    `grow(n)` makes sure the data the page lists holds n rows. Returns the query count so the
    caller can pin it too (with a comment that lists the expected queries). With `warm`, each
    count is of a second visit, as `make bench` counts: a page that caches what it shows
    (`medborger.stamps`) builds it on the first visit only.
    """
    grow(small)
    if warm:
        client.get(url)
    at_small = count_queries(client, url)
    grow(large)
    if warm:
        client.get(url)
    at_large = count_queries(client, url)
    assert at_small == at_large, (
        f"{url} makes {at_small} queries with {small} rows but {at_large} with {large}"
    )
    return at_large
