"""The web dashboard of one case: a JSON API over the situation picture and the static
front end that draws it (``sitrep serve``).

``app.py`` wires the FastAPI app (security headers, static files, the single-page
app's deep links), ``api.py`` holds the routes, ``models.py`` the shapes of the API's
own requests and answers (the views' shapes are in ``sitrep/outputs/view_models.py``),
``dashboard.py`` the case, the store and the cached pictures, and ``documents.py`` the
documents list and one document's records as JSON. The picture is turned into
JSON-ready data by ``sitrep/outputs/views.py``, which the offline report shares.
"""
