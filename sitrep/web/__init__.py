"""The web dashboard of one case: a JSON API over the situation picture and the static
front end that draws it (``sitrep serve``).

``app.py`` wires the FastAPI app (security headers, static files, the single-page
app's deep links), ``api.py`` holds the routes, ``models.py`` the response shapes
(the contract the front end codes against, published at ``/openapi.json``),
``dashboard.py`` the case, the store and the cached pictures, ``views.py`` the picture
turned into JSON-ready data and ``documents.py`` the read-only queries for one
document's records.
"""
