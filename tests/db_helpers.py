"""PostgreSQL helpers for the backend's tests (tracker.postgresql)."""


def other_connection(wrapper):
    """A second, plain psycopg connection to the same database, as another worker or an
    administrator would hold: autocommit, none of Django's cursor factory or preparing."""
    import psycopg

    params = wrapper.get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(key, None)
    return psycopg.connect(**params, autocommit=True)
