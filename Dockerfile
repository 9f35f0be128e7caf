# selfheal's image: the CLI jar and its libraries on a JRE. Default verb: worker.
#   docker build -t selfheal:0.1.0 .        (docker compose builds it as the `worker` service)

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# poms first: the dependency layer is rebuilt only when a pom changes, not on every source edit
COPY pom.xml ./
COPY examples/pom.xml examples/
COPY workflows/pom.xml workflows/
COPY activities/pom.xml activities/
COPY worker/pom.xml worker/
COPY starter/pom.xml starter/
RUN mvn -B -q dependency:go-offline
COPY . .
RUN mvn -B -q -Dmaven.test.skip=true package

FROM eclipse-temurin:17-jre
# services' test and deploy commands run with `bash -c` and usually call git; curl serves the
# compose healthcheck. A service whose tests need a toolchain (a JDK, node, ...) needs an image
# built FROM this one that adds it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends bash git curl \
    && rm -rf /var/lib/apt/lists/*
# the workspace is created and owned here so a fresh named volume inherits the owner
RUN useradd --system --create-home --shell /bin/bash selfheal \
    && mkdir -p /var/lib/selfheal /etc/selfheal \
    && chown selfheal:selfheal /var/lib/selfheal
COPY --from=build /src/starter/target/selfheal.jar /opt/selfheal/selfheal.jar
COPY --from=build /src/starter/target/lib/ /opt/selfheal/lib/

ENV SELFHEAL_WORKSPACE=/var/lib/selfheal \
    SELFHEAL_CATALOG=/etc/selfheal/services.yaml \
    SELFHEAL_HEALTH_PORT=8081
USER selfheal
WORKDIR /var/lib/selfheal
VOLUME /var/lib/selfheal
# the worker's /health; no HEALTHCHECK here because only the worker verb serves it, so compose
# declares it on the worker service
EXPOSE 8081

ENTRYPOINT ["java", "-jar", "/opt/selfheal/selfheal.jar"]
CMD ["worker"]
