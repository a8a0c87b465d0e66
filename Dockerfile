# One image for the worker, the HTTP server and the namespace setup job (see docker-compose.yml).
# Build stage: `npm run build` compiles the runtime code to dist/ and bundles the workflows once
# (dist/workflow-bundle.js). Runtime stage: the production dependencies and dist/ only, run with
# plain node: no TypeScript sources, no tsx, no bundling at start-up.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY --from=build /app/dist ./dist
# The `arende` CLI: `node bin/arende.js …` runs dist/client/cli when the sources are absent.
COPY bin ./bin
USER node
# The worker by default; docker-compose.yml picks the process per service.
CMD ["node", "dist/worker/main.js"]
