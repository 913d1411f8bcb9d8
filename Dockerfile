# Corkboard on a glibc image: onnxruntime-node ships glibc-only binaries, so no Alpine.
#
# Base image: Node.js 24 (Active LTS, supported until April 2028; Node 20 reached end of life on
# 2026-04-30) on Debian 13 "trixie" slim, pinned to an exact release. The image DIGEST could not be
# looked up where this was written (no registry access); before building for production, pin it:
#   docker buildx imagetools inspect node:24.20.0-trixie-slim --format '{{json .Manifest.Digest}}'
# and write every FROM line as  node:24.20.0-trixie-slim@sha256:<that digest>.
# To update: pick the newest 24.x tag from https://hub.docker.com/_/node (tags ending in
# -trixie-slim), run the same command for it, change every FROM line, rebuild and run the tests in
# the image (`docker run --rm IMAGE node -e "require('onnxruntime-node'); require('sharp')"` at least).
FROM node:24.20.0-trixie-slim AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
# Production dependencies only. --ignore-scripts: the package's own `prepare` (the TypeScript
# build) needs dev tools and runs in the build stage below; the only production dependency with
# an install script is onnxruntime-node, whose download ONNXRUNTIME_NODE_INSTALL=skip turns off anyway.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# Build stage: compile src/ and views/ to dist/ (tsc); only dist/ leaves this stage.
FROM node:24.20.0-trixie-slim AS build
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
COPY views ./views
RUN npm run build

# Same pinned base as above (keep the three FROM lines identical).
FROM node:24.20.0-trixie-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
COPY --from=deps /app/node_modules ./node_modules
# Compiled JavaScript only: no TypeScript sources, no tsx, no demo/, no test fixtures.
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY models ./models
COPY static ./static
# State (reports, the instance's own AI list, reputation): the one writable place, a volume.
ENV CORKBOARD_DATA_DIR=/data
RUN mkdir -p /data && chown node:node /data
VOLUME /data
# Run as the image's unprivileged user; nothing under /app is writable by it.
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
