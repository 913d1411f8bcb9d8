# Corkboard on a glibc image: onnxruntime-node ships glibc-only binaries, so no Alpine.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
ENV ONNXRUNTIME_NODE_INSTALL=skip
COPY package.json package-lock.json .npmrc ./
# Production dependencies only (tsx runs the TypeScript sources directly).
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY src ./src
COPY views ./views
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
CMD ["node_modules/.bin/tsx", "src/main.ts"]
