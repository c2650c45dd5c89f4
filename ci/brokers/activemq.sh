#!/usr/bin/env bash
# Starts and stops a private ActiveMQ 5 "classic" with its MQTT transport on a free loopback port.
#   activemq.sh start STATE_DIR   -> prints the MQTT port once the broker answers MQTT
#   activemq.sh stop STATE_DIR    -> stops the JVM by its pid
# ACTIVEMQ_BASE is STATE_DIR (conf/, data/, lib/): the packaged instance under /var/lib is unused.
set -euo pipefail
BROKER=activemq
# shellcheck source=ci/brokers/lib.sh
. "$(dirname "$0")/lib.sh"
check_usage "$@"
state=$2
home=/usr/share/activemq

case "$1" in
start)
  [ -f "$home/bin/activemq.jar" ] || die 2 "activemq is not installed (ci/setup.sh)"
  # Debian's activemq-mqtt.jar needs fusesource's MQTT codec, which the package does not
  # depend on: without it the port accepts connections and never answers.
  [ -f /usr/share/java/mqtt-client.jar ] || die 2 "libmqtt-client-java is not installed (ci/setup.sh)"
  command -v java >/dev/null || die 2 "java is not installed (ci/setup.sh installs activemq, which pulls it in)"
  mkdir -p "$state/conf" "$state/data" "$state/lib"
  state=$(cd "$state" && pwd)
  ln -sf /usr/share/java/mqtt-client.jar "$state/lib/mqtt-client.jar"
  read -r port openwire < <(free_ports 2)
  echo "$port" >"$state/port"
  # No JMX, no persistence, no web console: only what the MQTT tests need, on loopback.
  cat >"$state/conf/activemq.xml" <<XML
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
       xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans-2.0.xsd
         http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <broker xmlns="http://activemq.apache.org/schema/core" brokerName="mqttcheck"
          useJmx="false" persistent="false" dataDirectory="$state/data">
    <transportConnectors>
      <transportConnector name="openwire" uri="tcp://127.0.0.1:$openwire"/>
      <transportConnector name="mqtt" uri="mqtt://127.0.0.1:$port"/>
    </transportConnectors>
  </broker>
</beans>
XML
  # Debian's ActiveMQ logs through log4j 1.2: without this file it logs nothing at all.
  cat >"$state/conf/log4j.properties" <<PROPS
log4j.rootLogger=INFO, file
log4j.logger.org.springframework=WARN
log4j.logger.org.apache.xbean=WARN
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=$state/data/activemq.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=%d | %-5p | %m | %c | %t%n
PROPS
  # /usr/bin/activemq forces its own base dir and a 512 MB heap: start the JVM directly,
  # with the module flags Java 17 needs (copied in meaning from that script).
  # -XX:-UsePerfData: no /tmp/hsperfdata_* file outside STATE_DIR.
  spawn "$state/pid" "$state/stdout.log" java -Xms64M -Xmx256M -XX:-UsePerfData \
    -Dlog4j.configuration="file:$state/conf/log4j.properties" \
    --add-reads=java.xml=java.logging \
    --add-opens java.base/java.security=ALL-UNNAMED \
    --add-opens java.base/java.net=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED \
    --add-opens java.base/java.util=ALL-UNNAMED \
    --add-opens java.naming/javax.naming.spi=ALL-UNNAMED \
    --add-opens java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent=ALL-UNNAMED \
    --add-opens java.base/java.util.concurrent.atomic=ALL-UNNAMED \
    -Dactivemq.classpath="$state/conf" \
    -Dactivemq.home="$home" -Dactivemq.base="$state" \
    -Dactivemq.conf="$state/conf" -Dactivemq.data="$state/data" \
    -jar "$home/bin/activemq.jar" start "xbean:file:$state/conf/activemq.xml"
  # A JVM and Spring take 1-3 s idle; much more on a loaded 2-core machine.
  if ! wait_mqtt "$port" "$state/pid" 90 "$state/data/activemq.log" "$state/stdout.log"; then
    stop_pid "$state/pid" 20
    exit 1
  fi
  echo "$port"
  ;;
stop)
  stop_pid "$state/pid" 30
  ;;
esac
