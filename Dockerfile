# syntax=docker/dockerfile:1
# ServeDeck: one image with the BFF (a single bundled file) and the built web app.
# Build: docker build -t servedeck:latest .   (what it copies is what `npm run build` produces)
# Node 24 (LTS, supported until April 2028; Node 20 reached end of life in April 2026). The bundle targets node20 so the same
# build also runs where development still uses Node 20 (package.json engines).

FROM node:24-bookworm-slim AS build
WORKDIR /src
ENV TURBO_TELEMETRY_DISABLED=1
RUN npm install -g pnpm@12.4.2
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
COPY apps/bff/package.json apps/bff/
COPY apps/web/package.json apps/web/
COPY apps/sandbox/package.json apps/sandbox/
COPY packages/shared/package.json packages/shared/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
RUN pnpm install --frozen-lockfile --filter @servedeck/bff... --filter @servedeck/web... --filter servedeck
COPY . .
RUN pnpm exec turbo run build --filter @servedeck/bff --filter @servedeck/web

# Runtime: no package manager, no dev dependencies, no node_modules (the BFF is bundled), non-root,
# read-only root filesystem friendly (nothing is written outside /tmp).
FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    SERVEDECK_HOST=0.0.0.0 \
    SERVEDECK_PORT=8080 \
    SERVEDECK_WEB_DIST=/app/web
WORKDIR /app
COPY --from=build --chown=root:root /src/apps/bff/dist /app/bff
COPY --from=build --chown=root:root /src/apps/web/dist /app/web
USER 10001:10001
EXPOSE 8080
CMD ["node", "--enable-source-maps", "/app/bff/main.js"]
