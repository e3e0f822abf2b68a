# syntax=docker/dockerfile:1
# Build: compile TypeScript with every dependency, then keep only production ones (native modules stay compiled).
FROM node:20-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
COPY commands ./commands
RUN npx tsc -p tsconfig.json && npm prune --omit=dev

# Runtime: no compiler, no dev dependencies, not root.
FROM node:20-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    DATABASE_PATH=/data/bot.sqlite
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist/src ./dist/src
COPY --from=build --chown=node:node /app/dist/commands ./dist/commands
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 9464
# SIGTERM lets running Stability calls finish; give it time (docker stop -t 60).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/index.js"]
