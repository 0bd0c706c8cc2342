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

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/newsfind /newsfind
# The seed articles are embedded in the binary, so a fresh /data serves at once.
ENV NEWSFIND_DATA=/data NEWSFIND_ADDR=:8080 NEWSFIND_LOG=json
VOLUME /data
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=3s --start-period=30s CMD ["/newsfind", "health"]
ENTRYPOINT ["/newsfind"]
CMD ["serve"]
