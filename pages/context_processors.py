def fragment_defaults(request):
    """Views that are not pages render their content uncached (see pages/cache.py)."""
    return {"fragment_seconds": 0, "fragment_key": ""}
