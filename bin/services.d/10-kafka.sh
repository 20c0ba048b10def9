# The local Kafka broker (KRaft, single node) from devstack, data kept under .hookbus/kafka.
part_name=kafka
part_port=${HOOKBUS_KAFKA_PORT:-9092}
part_port_hint=HOOKBUS_KAFKA_PORT
part_url="127.0.0.1:$part_port"
part_artifact=devstack/target/broker-classpath.txt
part_ready_pattern="hookbus-kafka ready"
if [ -f "$HOOKBUS_HOME/$part_artifact" ]; then
  # JVM options as devstack's KafkaBrokerProcess.JVM_OPTIONS
  part_cmd=(java -Xmx512m -XX:+UseParallelGC -cp "$(cat "$HOOKBUS_HOME/$part_artifact"):$HOOKBUS_HOME/devstack/target/classes"
    dev.hookbus.devstack.LocalBroker --port "$part_port"
    --controller-port "${HOOKBUS_KAFKA_CONTROLLER_PORT:-$((part_port + 1))}" --data "$STATE/kafka")
fi
export KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$part_port"
