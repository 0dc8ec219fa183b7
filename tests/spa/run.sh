#!/bin/sh
# tests/spa/run.sh RBDC: proves the `spa` statement against a real nginx (US1 scenario 5: unknown paths get index.html).
# Compiles reactbin.rbd, takes default.conf out of the ui-nginx ConfigMap, changes only `listen` (a free loopback port)
# and `root` (a temp dir), runs Debian's nginx as the current user and asks it for /, a client-side route and an asset.
# Run from the repository root. Needs nginx, curl and node (with tests/node/node_modules).
set -u
rbdc=${1:?usage: tests/spa/run.sh RBDC}
app=ui
here=$(dirname "$0")
pass=0 fail=0
ok() { echo "ok $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }
finish() { echo "spa: $pass passed, $fail failed"; [ "$fail" = 0 ]; exit $?; }
need() { echo "spa: $1" >&2; echo "spa: 0 passed, 1 failed"; exit 1; }

# nginx lives in /usr/sbin, which a normal user's PATH may lack.
nginx=$(command -v nginx 2>/dev/null || true)
[ -z "$nginx" ] && [ -x /usr/sbin/nginx ] && nginx=/usr/sbin/nginx
[ -n "$nginx" ] || need "nginx not found: install it with \`make deps-test\` (Debian package nginx-light)"
command -v curl >/dev/null 2>&1 || need "curl not found: install it with \`make deps-test\` (Debian package curl)"
command -v node >/dev/null 2>&1 || need "node not found: install it with \`make deps-test\` (Debian packages nodejs npm)"
[ -x "$rbdc" ] || need "$rbdc is not an executable (build it with \`make $rbdc\`)"
[ -f reactbin.rbd ] || need "run me from the repository root (reactbin.rbd not found)"
if [ ! -d tests/node/node_modules/yaml ]; then
	npm ci --prefix tests/node --no-audit --no-fund >/dev/null 2>&1 || need "tests/node/node_modules is missing and \`npm ci --prefix tests/node\` failed"
fi

tmp=$(mktemp -d) || need "mktemp failed"
pid=""
# shellcheck disable=SC2317  # called from the trap
cleanup() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		i=0; while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
		kill -9 "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# 1. Compile and take the server block out of the ConfigMap.
if ! "$rbdc" reactbin.rbd -o "$tmp/out" >"$tmp/rbdc.log" 2>&1; then
	bad "compile: $rbdc reactbin.rbd failed"; sed 's/^/  /' "$tmp/rbdc.log"; finish
fi
if node "$here/conf.mjs" extract "$tmp/out" "$app" >"$tmp/default.conf" 2>"$tmp/err"; then
	ok "ConfigMap $app-nginx has data key default.conf"
else
	bad "extract: $(cat "$tmp/err")"; finish
fi
if m=$(node "$here/conf.mjs" mount "$tmp/out" "$app" 2>"$tmp/err"); then
	ok "Deployment $app mounts it at /etc/nginx/conf.d/default.conf ($m)"
else
	bad "mount: $(cat "$tmp/err")"
fi
# try_files must end in /index.html: the fallback that keeps client-side routes working.
# shellcheck disable=SC2016  # $uri is nginx's, not the shell's
if grep -Eq '^[[:space:]]*try_files[[:space:]]+\$uri[[:space:]]+\$uri/[[:space:]]+/index\.html[[:space:]]*;' "$tmp/default.conf"; then
	ok "server block has try_files \$uri \$uri/ /index.html"
else
	bad "server block lacks 'try_files \$uri \$uri/ /index.html;'"; sed 's/^/  | /' "$tmp/default.conf"
fi
# nginx must listen where the Deployment's port (and so its probes and Service) point.
lport=$(sed -n 's/^[[:space:]]*listen[[:space:]]\{1,\}\([^;]*\);.*/\1/p' "$tmp/default.conf" | head -1 | sed 's/.*://; s/[[:space:]].*//')
cports=$(node "$here/conf.mjs" port "$tmp/out" "$app" 2>/dev/null | tr '\n' ' ')
case " $cports" in
*" $lport "*) ok "nginx listens on the container port ($lport)" ;;
*) bad "nginx listens on '$lport' but the $app container's ports are: $cports" ;;
esac

# 2. A document root with an index page and an asset, each with a marker.
mkdir -p "$tmp/html/assets" "$tmp/conf.d" "$tmp/logs" "$tmp/temp"
marker="rbdc-spa-index-$$"
jsmark="rbdc-spa-asset-$$"
printf '<!doctype html><title>spa</title><div id="root">%s</div>\n' "$marker" >"$tmp/html/index.html"
printf 'console.log("%s");\n' "$jsmark" >"$tmp/html/assets/app.js"

# 3. Our own nginx.conf around the extracted server block: everything under $tmp, no root needed.
user_line=""
[ "$(id -u)" = 0 ] && user_line="user $(id -un) $(id -gn);"   # as root the workers would otherwise be nobody
temp_paths=""
for t in client_body proxy fastcgi uwsgi scgi; do
	"$nginx" -V 2>&1 | grep -q -- "--without-http_${t}_module" && continue
	temp_paths="$temp_paths    ${t}_temp_path $tmp/temp/$t;
"
done
write_conf() { # port
	node "$here/conf.mjs" rewrite "$tmp/default.conf" "$1" "$tmp/html" >"$tmp/conf.d/default.conf" 2>"$tmp/err" || return 1
	cat >"$tmp/nginx.conf" <<CONF
$user_line
worker_processes 1;
daemon off;
pid $tmp/nginx.pid;
error_log $tmp/logs/error.log info;
events { worker_connections 64; }
http {
    access_log $tmp/logs/access.log;
$temp_paths    types { text/html html; application/javascript js; text/css css; }
    default_type application/octet-stream;
    include $tmp/conf.d/default.conf;
}
CONF
}

free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# 4. Start nginx on a free loopback port; retry with another port if someone took it in between.
started=""
attempt=0
while [ $attempt -lt 3 ] && [ -z "$started" ]; do
	attempt=$((attempt + 1))
	port=$(free_port) || { bad "could not pick a free port"; finish; }
	if ! write_conf "$port"; then bad "rewrite: $(cat "$tmp/err")"; finish; fi
	if [ $attempt = 1 ]; then
		if "$nginx" -t -q -p "$tmp/" -c "$tmp/nginx.conf" -e "$tmp/logs/error.log" >"$tmp/t.log" 2>&1; then
			ok "nginx -t accepts the server block"
		else
			bad "nginx -t rejects the config:"; sed 's/^/  /' "$tmp/t.log" "$tmp/logs/error.log" 2>/dev/null; finish
		fi
	fi
	: >"$tmp/logs/error.log"
	"$nginx" -p "$tmp/" -c "$tmp/nginx.conf" -e "$tmp/logs/error.log" >"$tmp/nginx.out" 2>&1 &
	pid=$!
	i=0
	while [ $i -lt 50 ]; do  # at most ~5 s
		if ! kill -0 "$pid" 2>/dev/null; then wait "$pid" 2>/dev/null; pid=""; break; fi
		if curl -s --noproxy '*' --max-time 1 -o /dev/null "http://127.0.0.1:$port/"; then started=1; break; fi
		sleep 0.1; i=$((i + 1))
	done
	if [ -z "$started" ] && [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
	fi
	grep -q 'Address already in use' "$tmp/logs/error.log" "$tmp/nginx.out" 2>/dev/null || break
done
if [ -z "$started" ]; then
	bad "nginx did not answer on 127.0.0.1:$port"; sed 's/^/  /' "$tmp/nginx.out" "$tmp/logs/error.log" 2>/dev/null; finish
fi
ok "nginx serves on 127.0.0.1:$port"

# 5. What a browser would ask for.
get() { # name path expected-marker
	code=$(curl -s --noproxy '*' --max-time 3 -o "$tmp/body" -w '%{http_code}' "http://127.0.0.1:$port$2") || code="curl-error"
	if [ "$code" = 200 ] && grep -qF "$3" "$tmp/body"; then
		ok "GET $2 -> 200 with $1"
	else
		bad "GET $2 -> $code, wanted 200 with $1 ($3); body: $(head -c 200 "$tmp/body" 2>/dev/null | tr -s "\n\t " "   ")"
	fi
}
get "the index page" / "$marker"
get "the index page (client-side route)" /some/client/route "$marker"
get "the index page (deep route with a query)" "/notes/42/edit?tab=raw" "$marker"
get "the asset itself" /assets/app.js "$jsmark"
if grep -qF "$marker" "$tmp/body"; then bad "GET /assets/app.js returned the index page instead of the file"; fi

finish
