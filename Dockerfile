# SlimFaas TS image: `docker build -t slimfaas-ts .` then
# `docker run -p 5000:5000 -e SlimFaas__Orchestrator=Docker -v /var/run/docker.sock:/var/run/docker.sock slimfaas-ts`.
# BASE_IMAGE is the runtime base (any image with `node` 20 on PATH); BUILD_IMAGE builds the app
# (it needs npm and a C++ toolchain for better-sqlite3; the official full Node image has both).
# Offline builds: a BUILD_IMAGE that already holds /app/node_modules, /app/dist and /app/.prebuilt
# is used as it is (scripts/docker-build.mjs skips the install and the compile).
ARG BASE_IMAGE=node:20-bookworm-slim
ARG BUILD_IMAGE=node:20-bookworm

FROM ${BUILD_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY scripts/docker-build.mjs ./scripts/docker-build.mjs
RUN ["node", "scripts/docker-build.mjs"]

FROM ${BASE_IMAGE}
WORKDIR /app
ENV NODE_ENV=production \
    SlimData__Directory=/data
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
COPY examples ./examples
EXPOSE 5000
VOLUME /data
CMD ["node", "bin/slimfaas.js", "serve"]
