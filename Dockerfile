# The svcmirror image: `node dist/src/cli.js`, i.e. the `svcmirror` binary, run as a non-root user.
# Build: docker build -t svcmirror:0.1.0 .   (manifests/deployment.yaml uses that name and tag)

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# Only development packages have install scripts (testcontainers' ssh2 and cpu-features, tsx's
# esbuild) and none of them is needed to compile; skipping the scripts avoids native builds.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The image's `node` user, by number so that Kubernetes can check runAsNonRoot.
USER 1000:1000
EXPOSE 9999
ENTRYPOINT ["node", "dist/src/cli.js"]
