# Corkboard on a glibc image: onnxruntime-node ships glibc-only binaries, so no Alpine.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
# Production dependencies only. --ignore-scripts: the package's own `prepare` (the TypeScript
# build) needs dev tools and runs in the build stage below; the only production dependency with
# an install script is onnxruntime-node, whose download ONNXRUNTIME_NODE_INSTALL=skip turns off anyway.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# Build stage: compile src/ and views/ to dist/ (tsc); only dist/ leaves this stage.
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc tsconfig.json tsconfig.build.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY src ./src
COPY views ./views
RUN npm run build

FROM node:20-bookworm-slim
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
