# syntax=docker/dockerfile:1
# Three stages: compile TypeScript with every root dependency, install production dependencies alone, and ship only
# the compiled bot (dist/src, dist/commands) with those. The workspaces under packages/ (the Discord emulator and the
# playground) are development tools: their package.json files are never copied, and `npm pkg delete workspaces` keeps
# the lockfile's workspace entries (ajv, ws, playwright-core…) out of every stage.
FROM node:20-slim AS base
WORKDIR /app
# better-sqlite3 and re2 compile from source when no prebuilt binary matches.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm pkg delete workspaces

FROM base AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
RUN npx tsc -p tsconfig.build.json

FROM base AS prod-deps
RUN npm ci --omit=dev --no-audit --no-fund

# Runtime: no compiler, no dev dependencies, not root.
FROM node:20-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    DATABASE_PATH=/data/bot.sqlite
COPY --from=prod-deps --chown=node:node /app/package.json ./package.json
COPY --from=prod-deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist/src ./dist/src
COPY --from=build --chown=node:node /app/dist/commands ./dist/commands
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 9464
# SIGTERM lets running Stability calls finish; give it time (docker stop -t 60).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/index.js"]
