# mqttcheck in a container:  docker build -t mqttcheck .
#                            docker run --rm -u "$(id -u)" -v "$PWD/out:/out" mqttcheck run --target broker:1883 --out /out
# Two stages on Debian 12 slim: the first builds the .deb (cpack), the second installs only
# that package and its run-time libraries, and runs as an unprivileged user.
# Checked by ci/test/check_dockerfile.py (structure; a build where a Docker daemon runs).

FROM debian:12-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential cmake ninja-build pkg-config \
      libpcap-dev liblua5.4-dev libjansson-dev libssl-dev libpaho-mqtt-dev libmosquitto-dev dpkg-dev file \
 && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DMQC_TESTS=OFF -DMQC_BENCH=OFF \
 && cmake --build /build \
 && cd /build && cpack -G DEB && mv /build/mqttcheck_*.deb /mqttcheck.deb

FROM debian:12-slim
COPY --from=build /mqttcheck.deb /tmp/mqttcheck.deb
RUN apt-get update \
 && apt-get install -y --no-install-recommends /tmp/mqttcheck.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/mqttcheck.deb \
 && useradd --create-home --uid 10001 mqttcheck
USER mqttcheck
WORKDIR /home/mqttcheck
ENTRYPOINT ["mqttcheck"]
CMD ["--help"]
