"""Stop Datasette printing a traceback, with every local variable, for each error response.

Datasette 0.65.5's own exception handler (datasette/handle_exception.py) prints
a rich traceback with show_locals=True for every exception it handles, 404s and
400s included, whenever the rich package can be imported; frictionless brings
it in through typer. Rendering one took 150-260 ms of CPU against 1-8 ms for the
page itself (measured in-process on a 2-core machine), so anyone requesting
missing pages could keep the server busy.

Datasette uses the module's `rich` global only for that traceback. With it set
to None the handler skips it. Server errors still leave a traceback:
plugins/error_pages.py logs those of HTML pages, and Datasette prints a plain
one for every exception that is not a DatasetteError.
"""

from __future__ import annotations

import datasette.handle_exception

datasette.handle_exception.rich = None
