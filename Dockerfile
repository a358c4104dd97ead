FROM rust:1-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin certgraph

FROM debian:bookworm-slim
RUN useradd --system certgraph
COPY --from=build /src/target/release/certgraph /usr/local/bin/certgraph
USER certgraph
EXPOSE 8080
ENTRYPOINT ["certgraph"]
CMD ["serve"]
