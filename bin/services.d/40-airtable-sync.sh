# airtable-sync (Quarkus fast-jar)
part_name=airtable-sync
part_port=${HOOKBUS_SYNC_PORT:-8701}
part_port_hint=HOOKBUS_SYNC_PORT
part_url="http://127.0.0.1:$part_port"
part_artifact=airtable-sync/target/quarkus-app/quarkus-run.jar
part_ready_url="$part_url/q/health/ready"
part_cmd=(java @"$HOOKBUS_HOME/airtable-sync/jvm.options" -Dquarkus.http.port="$part_port" -jar "$HOOKBUS_HOME/$part_artifact")
