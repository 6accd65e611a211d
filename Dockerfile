# gerbang on Node 24 (slim), as a non-root user, with a health check.
#   docker build -t gerbang .
#   docker run -d -p 5000:5000 -v gerbang-data:/data --env-file .env gerbang
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the package's own `prepare` step is the build, which needs the sources copied
# below; the SQLite driver ships prebuilt binaries and the image brings its own Node 24.
RUN npm install --no-audit --no-fund --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:24-slim
ENV NODE_ENV=production \
    PORT=5000 \
    HOST=0.0.0.0 \
    DATABASE_URL=sqlite:/data/gerbang.sqlite
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/bin ./bin
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 5000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||5000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
STOPSIGNAL SIGTERM
# glibc: two malloc arenas instead of one per thread (see docs/deployment.md, memory on a small VPS).
ENV MALLOC_ARENA_MAX=2
CMD ["node", "--max-semi-space-size=32", "--heap-growing-percent=10", "--no-maglev", "bin/gerbang.js", "serve"]
