# hook-ingest (Quarkus fast-jar)
part_name=hook-ingest
part_port=${HOOKBUS_INGEST_PORT:-8700}
part_port_hint=HOOKBUS_INGEST_PORT
part_url="http://127.0.0.1:$part_port"
part_artifact=hook-ingest/target/quarkus-app/quarkus-run.jar
part_ready_url="$part_url/q/health/ready"
part_cmd=(java @"$HOOKBUS_HOME/hook-ingest/jvm.options" -Dquarkus.http.port="$part_port" -jar "$HOOKBUS_HOME/$part_artifact")
