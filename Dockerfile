# One image for the worker, the HTTP server and the namespace setup job (see docker-compose.yml).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund
COPY . .
USER node
# The worker by default; docker-compose.yml picks the process per service.
CMD ["node", "--import", "tsx", "worker/main.ts"]
