# syntax=docker/dockerfile:1
# Multi-stage: build with dev dependencies, ship production dependencies only, run as non-root.
FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY scripts ./scripts
RUN npm run build

FROM node:24-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

FROM node:24-bookworm-slim
# The heap budget of Cloud Hosting's 512 MB instance: without it V8 sizes the old generation from the
# host's memory and lets garbage pile up under load (RSS past 400 MB measured). Raise it with the
# instance (about 40% of its memory), e.g. NODE_OPTIONS=--max-old-space-size=400 on 1 GB.
ENV NODE_ENV=production \
    PORT=80 \
    NODE_OPTIONS="--max-old-space-size=192"
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
USER node
# V8 accepts a code cache only under the flags it was made with: remake it under this stage's NODE_OPTIONS.
# (A start that finds it unusable still writes a matching one beside the bundle for the next start.)
RUN node dist/apps/api/src/write-code-cache.js
EXPOSE 80
# Binding to port 80 as non-root: Node needs no capability for that on Docker's default
# net.ipv4.ip_unprivileged_port_start=0; set PORT to a high port where the platform differs.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/src/start.js"]
