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
# The heap budget of the 512 MB instance container.config.json and container.notify.config.json ask for
# ("mem": 0.5): without it V8 sizes the old generation from the host's memory and lets garbage pile up under
# load (RSS past 400 MB measured). Keep it about 40% of the instance's memory: on 1 GB set
# NODE_OPTIONS=--max-old-space-size=384 in the service's envParams (the first start of each container then
# writes a code cache for that flag: V8 refuses a cache made under another heap size).
# --max-semi-space-size=8 halves the young generation's ceiling (16 MB of semi-spaces instead of 32): peak RSS 24 MB
# lower in S2 and 14 MB in S4 with no measurable CPU cost (docs/decisions.md, "Heap budget in the image").
# MALLOC_ARENA_MAX=2: glibc gives each thread that allocates (V8's compiler and GC threads, libuv's pool) an arena of
# its own by default, and native memory freed there stays mapped: peak RSS 37 MB lower in the payment run (S5).
# 8080: a non-root process may bind it on any platform (ports below 1024 need a capability on some).
ENV NODE_ENV=production \
    PORT=8080 \
    MALLOC_ARENA_MAX=2 \
    NODE_OPTIONS="--max-old-space-size=192 --max-semi-space-size=8"
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
USER node
# V8 accepts a code cache only under the flags it was made with: remake it under this stage's NODE_OPTIONS.
# (A start that finds it unusable still writes a matching one beside the bundle for the next start.)
RUN node dist/apps/api/src/write-code-cache.js
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/apps/api/src/start.js"]
