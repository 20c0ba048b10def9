# tilt-orchestrator (Quarkus fast-jar); pipelines from HOOKBUS_PIPELINES (default: this checkout's pipelines/)
part_name=tilt-orchestrator
part_port=${HOOKBUS_TILT_PORT:-8702}
part_port_hint=HOOKBUS_TILT_PORT
part_url="http://127.0.0.1:$part_port"
part_artifact=tilt-orchestrator/target/quarkus-app/quarkus-run.jar
part_ready_url="$part_url/q/health/ready"
part_cmd=(java @"$HOOKBUS_HOME/tilt-orchestrator/jvm.options" -Dquarkus.http.port="$part_port" -Dtilt.pipelines-dir="${HOOKBUS_PIPELINES:-$HOOKBUS_HOME/pipelines}" -jar "$HOOKBUS_HOME/$part_artifact")
