# Container image of the site: the built database, served by scripts/serve with
# the same flags as `make serve`, on 0.0.0.0:$PORT. The database and dist/ are
# build outputs that git does not track, so build them first:
#     make release
#     docker build -t inquiry-index .
#     docker run --rm -p 8080:8080 inquiry-index
# docs/deploy.md covers publishing to Cloud Run.

# This stage gathers the site's files and makes them readable by the
# unprivileged user of the final stage. build_db.py writes inquiries.db with
# mode 0600, and a chmod in the final stage would store a second copy of every
# file it touches in a new layer.
FROM python:3.11-slim-bookworm AS site
WORKDIR /app
COPY inquiries.db metadata.yml ./
COPY templates/ templates/
COPY plugins/ plugins/
COPY static/ static/
COPY dist/ dist/
COPY scripts/serve scripts/serve
RUN chmod -R a+rX,go-w /app && chmod a+x scripts/serve

FROM python:3.11-slim-bookworm
WORKDIR /app

# Serving needs only the runtime dependencies, so the image installs them at the
# versions pyproject.toml pins, read from that file, without building the
# inquiry_index package (whose build backend, setuptools>=68, is not pinned).
# NOTE: pyproject.toml pins direct dependencies only. pip resolves the others
# (uvicorn, Jinja2, httpx, ...) to their newest compatible releases at build
# time, so two builds can differ there.
COPY pyproject.toml ./
RUN python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"], sep="\n")' > requirements.txt
RUN pip install --no-cache-dir --disable-pip-version-check -r requirements.txt

COPY --from=site /app /app
# The inspect file stores the database's hash and table counts, so that Datasette
# does not count the rows of every table when an instance starts.
RUN datasette inspect inquiries.db --inspect-file inspect-data.json

RUN useradd --system --no-create-home datasette
USER datasette

# uvicorn reads the scheme and client address from X-Forwarded-Proto and
# X-Forwarded-For only on connections from FORWARDED_ALLOW_IPS (default
# 127.0.0.1). Cloud Run's front end terminates HTTPS and connects from other
# addresses, so the image trusts all of them. Otherwise Datasette would write
# absolute URLs, such as next_url in the JSON, with http://.
ENV SERVE_HOST=0.0.0.0 PORT=8080 FORWARDED_ALLOW_IPS=*
EXPOSE 8080
CMD ["sh", "-c", "exec scripts/serve inquiries.db inspect-data.json \"$PORT\" dist"]
