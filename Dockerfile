# syntax=docker/dockerfile:1
# Build: docker build -t newsfind .
# Run:   docker run -p 8080:8080 -v newsfind-data:/data newsfind

FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# Static binary: the runtime image has no libc to link against.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/newsfind ./cmd/newsfind
# The runtime image has no shell to make /data in, so it is made here.
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/newsfind /newsfind
# /data belongs to nonroot (uid 65532) before VOLUME: a new named volume
# starts as a copy of it, owner included, so the server can write there;
# changes to /data after VOLUME would be discarded.
COPY --from=build --chown=65532:65532 /out/data /data
# The seed articles are embedded in the binary, so a fresh /data serves at once.
ENV NEWSFIND_DATA=/data NEWSFIND_ADDR=:8080 NEWSFIND_LOG=json
USER nonroot:nonroot
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s CMD ["/newsfind", "health"]
ENTRYPOINT ["/newsfind"]
CMD ["serve"]
