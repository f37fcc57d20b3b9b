# Sourced by .ci/run: a private redis-server for the real-server tests.
# ci_redis_start picks a port nothing listens on (ETASIM_CI_REDIS_PORT is
# tried first when set), starts redis-server there (loopback only, no
# persistence), checks that the server answering is the one it started
# (INFO's process_id against its pidfile) and exports ETASIM_REDIS_URL.
# ci_redis_stop stops that server only, by its own pid, never by port.

ci_redis_free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# True when something accepts connections on 127.0.0.1:$1.
ci_redis_port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

ci_redis_start() {
  CI_REDIS_DIR="$(mktemp -d "${TMPDIR:-/tmp}/etasim-ci-redis-XXXXXX")"
  CI_REDIS_PID=""
  local preferred="${ETASIM_CI_REDIS_PORT:-}" port pid answering attempt
  for attempt in 1 2 3 4 5; do
    if [ -n "$preferred" ] && [ "$attempt" = 1 ]; then port="$preferred"; else port="$(ci_redis_free_port)"; fi
    if ci_redis_port_busy "$port"; then
      echo "ci: port $port is in use; trying another" >&2
      continue
    fi
    rm -f "$CI_REDIS_DIR/redis.pid"
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
      --dir "$CI_REDIS_DIR" --daemonize yes --pidfile "$CI_REDIS_DIR/redis.pid" \
      --logfile "$CI_REDIS_DIR/redis.log" || continue
    for _ in $(seq 1 50); do
      pid="$(cat "$CI_REDIS_DIR/redis.pid" 2>/dev/null || true)"
      answering="$(redis-cli -p "$port" INFO server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p')"
      if [ -n "$pid" ] && [ "$answering" = "$pid" ]; then
        CI_REDIS_PID="$pid"
        CI_REDIS_PORT="$port"
        export ETASIM_REDIS_URL="redis://127.0.0.1:${port}/15"
        return 0
      fi
      sleep 0.1
    done
    # Ours did not come up there (someone took the port first): stop ours, if it runs, and try another.
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  echo "ci: could not start a private redis-server" >&2
  return 1
}

ci_redis_stop() {
  if [ -n "${CI_REDIS_PID:-}" ] && kill -0 "$CI_REDIS_PID" 2>/dev/null; then
    # Only the server we started: its pid, checked to still be a redis-server.
    if tr '\0' ' ' <"/proc/$CI_REDIS_PID/cmdline" 2>/dev/null | grep -q redis-server; then
      kill "$CI_REDIS_PID" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$CI_REDIS_PID" 2>/dev/null || break; sleep 0.1; done
    fi
  fi
  [ -n "${CI_REDIS_DIR:-}" ] && rm -rf "$CI_REDIS_DIR"
  CI_REDIS_PID=""
}
