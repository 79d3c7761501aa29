# passo: a local AWS Step Functions emulator. Build: docker build -t passo .
# Run: docker run --rm -p 8083:8083 passo

FROM rust:1-slim AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked

FROM debian:bookworm-slim
COPY --from=build /src/target/release/passo /usr/local/bin/passo
ENV PASSO_HOST=0.0.0.0 PASSO_PORT=8083
EXPOSE 8083
# The image has no curl: passo checks itself.
HEALTHCHECK --interval=10s --timeout=3s --start-period=2s --retries=3 \
  CMD ["passo", "health"]
CMD ["passo", "serve", "--host", "0.0.0.0"]
