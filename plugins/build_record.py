"""Expose the database's build record (data version, git commit, staleness window) to templates.

The database is served immutable, so the record is read once and cached.
"""

from datasette import hookimpl

DATABASE = "inquiries"
_cache: dict = {}


async def _load_build_record(datasette) -> dict:
    if DATABASE not in _cache:
        try:
            db = datasette.get_database(DATABASE)
        except KeyError:
            return {}
        rows = await db.execute(
            "select data_version, git_commit, git_dirty, built_at, staleness_days "
            "from build_record"
        )
        row = rows.first()
        _cache[DATABASE] = dict(row) if row else {}
    return _cache[DATABASE]


@hookimpl
def extra_template_vars(datasette):
    async def inner():
        return {
            "build_record": await _load_build_record(datasette),
            # Table and row pages pass only their own metadata to templates, so the
            # site-wide licence and source come from here.
            "site_metadata": {
                key: datasette.metadata(key)
                for key in ("license", "license_url", "source", "source_url")
            },
        }

    return inner
