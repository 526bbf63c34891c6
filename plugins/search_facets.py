"""Compute a table's default facets only on pages that are not searches.

metadata.yml gives tables default facets, and Datasette 0.65.5 computes each of them over
every row that a search matches. On 100,000 synthetic recommendations, where a two-word
search matched 75,290 rows, each of the two default facets took 45 ms, more than the
search's page of rows and its count together. So on a search (`_search` or
`_search_<column>` in the address) the default facets are skipped. A facet that the
address names with `_facet=` is still computed, and the table page links each skipped
facet (templates/_table.html), so the page lists what it left out.

Datasette 0.65.5 also computes a column facet twice, and shows it twice ("report_id" and
"report_id_2"), when the metadata and the address both name it. The repeat is dropped.
"""

from __future__ import annotations

from datasette import hookimpl
from datasette.facets import ColumnFacet, load_facet_configs
from datasette.utils import path_with_added_args, to_css_class


def is_search(request) -> bool:
    """Return whether the request searches, by the rule Datasette's search filter uses."""
    return any(key.startswith("_search") and key != "_searchmode" for key in request.args)


def facet_column(config: dict) -> str:
    return config.get("column") or config["simple"]


def select_configs(configs: list[dict], search: bool) -> list[dict]:
    """Drop repeated column facets, and on a search the ones from the metadata.

    Each item is {"source": "metadata" or "request", "config": {...}}, as
    datasette.facets.load_facet_configs returns them. Of two items for one column the
    first is kept, and the metadata's come first.
    """
    selected = []
    columns = set()
    for item in configs:
        if search and item["source"] == "metadata":
            continue
        column = facet_column(item["config"])
        if column in columns:
            continue
        columns.add(column)
        selected.append(item)
    return selected


class DefaultsOffSearchColumnFacet(ColumnFacet):
    """Datasette's column facet, without the metadata's defaults on search pages."""

    def get_configs(self):
        return select_configs(super().get_configs(), is_search(self.request))


@hookimpl(hookwrapper=True)
def register_facet_classes():
    outcome = yield
    classes = [
        [DefaultsOffSearchColumnFacet if facet_class is ColumnFacet else facet_class
         for facet_class in registered]
        for registered in outcome.get_result()
    ]
    outcome.force_result(classes)


@hookimpl
def extra_template_vars(view_name, request, datasette, database, table):
    """Give a search's table page the default facets it skipped, with links that add them."""
    if view_name != "table" or request is None or not is_search(request):
        return {}
    configs = load_facet_configs(request, datasette.table_metadata(database, table))
    column_configs = configs.get("column", [])
    requested = {facet_column(item["config"])
                 for item in column_configs if item["source"] == "request"}
    skipped = []
    for item in column_configs:
        column = facet_column(item["config"])
        if item["source"] != "metadata" or column in requested:
            continue
        path = datasette.urls.path(path_with_added_args(request, {"_facet": column}))
        skipped.append({"column": column, "url": f"{path}#facet-{to_css_class(column)}"})
    return {"search_skipped_facets": skipped}
