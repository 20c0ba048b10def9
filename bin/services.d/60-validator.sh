# validator (Quarkus fast-jar)
part_name=validator
part_port=${HOOKBUS_VALIDATOR_PORT:-8703}
part_port_hint=HOOKBUS_VALIDATOR_PORT
part_url="http://127.0.0.1:$part_port"
part_artifact=validator/target/quarkus-app/quarkus-run.jar
part_ready_url="$part_url/q/health/ready"
part_cmd=(java @"$HOOKBUS_HOME/validator/jvm.options" -Dquarkus.http.port="$part_port" -jar "$HOOKBUS_HOME/$part_artifact")
