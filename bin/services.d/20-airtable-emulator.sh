# airtable-emulator (Quarkus fast-jar)
part_name=airtable-emulator
part_port=${HOOKBUS_EMULATOR_PORT:-8704}
part_port_hint=HOOKBUS_EMULATOR_PORT
part_url="http://127.0.0.1:$part_port"
part_artifact=airtable-emulator/target/quarkus-app/quarkus-run.jar
part_ready_url="$part_url/q/health/ready"
part_cmd=(java @"$HOOKBUS_HOME/airtable-emulator/jvm.options" -Dquarkus.http.port="$part_port" -jar "$HOOKBUS_HOME/$part_artifact")
# AIRTABLE_TOKEN set means the real Airtable API: no emulator then.
part_enabled() { [ -z "${AIRTABLE_TOKEN:-}" ]; }
part_skip_reason="AIRTABLE_TOKEN is set: using the real Airtable API"
# persisted under .hookbus/ so the catalog survives a restart of the stack
part_cmd=(java @"$HOOKBUS_HOME/airtable-emulator/jvm.options" -Dquarkus.http.port="$part_port" -Demulator.data-file="$STATE/airtable-emulator.json"
  -jar "$HOOKBUS_HOME/$part_artifact")
part_after_up() {
  echo "                   token ${AIRTABLE_EMULATOR_TOKEN:-patHookbusLocalEmulator.local}  base appHookbusLocal01  (records: $part_url/)"
}
if part_enabled; then
  export AIRTABLE_API_URL="${AIRTABLE_API_URL:-$part_url/v0}"
fi
