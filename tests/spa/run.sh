#!/bin/sh
# tests/spa/run.sh RBDC: proves the `spa` statement and reactbin's routing against a real nginx: US1 scenario 5 (unknown
# paths get index.html, served with Cache-Control: no-cache; a missing asset is a 404) and scenario 3 (/docs, /redoc and
# /openapi.json reach the API, which answers 404 with its docs flag off), and the API's upload limit.
# Compiles reactbin.rbd, takes default.conf out of the ui-nginx ConfigMap, changes only `listen` (a free loopback port)
# and `root` (a temp dir), runs Debian's nginx as the current user with three servers: the ui's generated server block;
# a stand-in for the api (200 on /api/..., 404 elsewhere, like the API with API_DOCS_ENABLED=false); and the host's
# Ingresses laid out as ingress-nginx lays them out (tests/spa/conf.mjs ingress), whose answers must also agree with the
# spec's model of the Ingress path rules (tests/spec/ingress-match.mjs).
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
host=$(sed -n 's/^[[:space:]]*domain[[:space:]]\{1,\}\([^[:space:]#]*\).*/\1/p' reactbin.rbd | head -1)
write_conf() { # ui-port api-port ingress-port
	node "$here/conf.mjs" rewrite "$tmp/default.conf" "$1" "$tmp/html" >"$tmp/conf.d/default.conf" 2>"$tmp/err" || return 1
	node "$here/conf.mjs" ingress "$tmp/out" "$host" "$3" "$app=$1" "api=$2" >"$tmp/conf.d/ingress.conf" 2>"$tmp/err" || return 1
	# The api's stand-in: its health path, anything under /api/ (uploads included), and 404 for the rest, as FastAPI
	# answers /docs, /redoc and /openapi.json with API_DOCS_ENABLED=false.
	cat >"$tmp/conf.d/api.conf" <<API
server {
    listen 127.0.0.1:$2;
    client_max_body_size 0;
    location = /api/v1/health { return 200 "api-health\n"; }
    location /api/ { return 200 "api-says-hello\n"; }
    location / { return 404 "api-not-found\n"; }
}
API
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
    include $tmp/conf.d/api.conf;
    include $tmp/conf.d/ingress.conf;
}
CONF
}

free_port() {
	node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# 4. Start nginx on free loopback ports; retry with others if someone took one in between.
started=""
attempt=0
while [ $attempt -lt 3 ] && [ -z "$started" ]; do
	attempt=$((attempt + 1))
	port=$(free_port) && aport=$(free_port) && iport=$(free_port) || { bad "could not pick a free port"; finish; }
	if [ "$port" = "$aport" ] || [ "$port" = "$iport" ] || [ "$aport" = "$iport" ]; then continue; fi
	if ! write_conf "$port" "$aport" "$iport"; then bad "config: $(cat "$tmp/err")"; finish; fi
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
		if curl -s --noproxy '*' --max-time 1 -o /dev/null "http://127.0.0.1:$port/" &&
			curl -s --noproxy '*' --max-time 1 -o /dev/null "http://127.0.0.1:$iport/"; then started=1; break; fi
		sleep 0.1; i=$((i + 1))
	done
	if [ -z "$started" ] && [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
	fi
	grep -q 'Address already in use' "$tmp/logs/error.log" "$tmp/nginx.out" 2>/dev/null || break
done
if [ -z "$started" ]; then
	bad "nginx did not answer on 127.0.0.1:$port and :$iport"; sed 's/^/  /' "$tmp/nginx.out" "$tmp/logs/error.log" 2>/dev/null; finish
fi
ok "nginx serves the ui on 127.0.0.1:$port, the api stand-in on :$aport, the Ingresses of $host on :$iport"

# 5. What a browser would ask for, first of the ui's nginx itself, then of the host through its Ingresses.
fetch() { # port path [curl options...]: sets code, leaves the body in $tmp/body and the headers in $tmp/headers
	p=$1 path=$2; shift 2
	code=$(curl -s --noproxy '*' --max-time 10 -D "$tmp/headers" -o "$tmp/body" -w '%{http_code}' "$@" "http://127.0.0.1:$p$path") || code="curl-error"
}
header() { sed -n "s/^$1:[[:space:]]*//Ip" "$tmp/headers" | tr -d '\r' | head -1; }
get() { # name path expected-marker [port]
	fetch "${4:-$port}" "$2"
	if [ "$code" = 200 ] && grep -qF "$3" "$tmp/body"; then
		ok "GET $2 -> 200 with $1"
	else
		bad "GET $2 -> $code, wanted 200 with $1 ($3); body: $(head -c 200 "$tmp/body" 2>/dev/null | tr -s "\n\t " "   ")"
	fi
}
status() { # name path want-code [port] [curl options...]
	name=$1 path=$2 want=$3 p=${4:-$port}; shift 3; [ $# -gt 0 ] && shift
	fetch "$p" "$path" "$@"
	if [ "$code" = "$want" ]; then ok "$name: $path -> $code"; else bad "$name: $path -> $code, wanted $want; body: $(head -c 200 "$tmp/body" 2>/dev/null | tr -s "\n\t " "   ")"; fi
}
no_cache() { # what: the last response must carry Cache-Control: no-cache
	cc=$(header Cache-Control)
	if [ "$cc" = "no-cache" ]; then ok "$1 carries Cache-Control: no-cache"; else bad "$1 carries Cache-Control: '$cc', wanted no-cache"; fi
}
get "the index page" / "$marker"; no_cache "GET /"
get "the index page (client-side route)" /some/client/route "$marker"; no_cache "the client-side route's index page"
get "the index page (deep route with a query)" "/notes/42/edit?tab=raw" "$marker"
get "the index page (a route with a dot)" "/users/jane.doe" "$marker"
get "the asset itself" /assets/app.js "$jsmark"
if grep -qF "$marker" "$tmp/body"; then bad "GET /assets/app.js returned the index page instead of the file"; fi
cc=$(header Cache-Control)
if [ -z "$cc" ]; then ok "the hashed asset keeps nginx's default caching (no Cache-Control)"; else bad "the asset carries Cache-Control: $cc"; fi
status "a missing hashed asset is a 404, not index.html" /assets/app-0d1e2f3a.js 404
if grep -qF "$marker" "$tmp/body"; then bad "the missing asset's 404 is the index page"; fi
status "a missing stylesheet" /assets/index-9b8c7d.css 404
status "a missing source map" /assets/app-0d1e2f3a.js.map 404

# Through the Ingresses, as a browser reaches https://$host.
routed() { # name path want-code want-backend [marker]
	fetch "$iport" "$2"
	to=$(header X-Routed-To)
	if [ "$code" = "$3" ] && [ "$to" = "$4" ] && { [ -z "${5:-}" ] || grep -qF "$5" "$tmp/body"; }; then
		ok "$1: $2 -> $code from the $to"
	else
		bad "$1: $2 -> $code from '${to:-nothing}', wanted $3 from the $4${5:+ with $5}; body: $(head -c 120 "$tmp/body" 2>/dev/null | tr -s "\n\t " "   ")"
	fi
}
routed "US1 scenario 1: the UI at the root" / 200 "$app" "$marker"; no_cache "the root through the Ingress"
routed "US1 scenario 2: the API health" /api/v1/health 200 api api-health
for d in /docs /redoc /openapi.json; do routed "US1 scenario 3: the API docs, off" "$d" 404 api api-not-found; done
routed "US1 scenario 5: an unknown path gets the SPA" /some/client/route 200 "$app" "$marker"
routed "US1 scenario 5: a route below /docs stays the SPA's" /docs/getting-started 200 "$app" "$marker"
routed "a bare /api reaches the API" /api 404 api api-not-found
routed "/apix is not under /api" /apix 200 "$app" "$marker"
routed "a missing asset through the Ingress" /assets/app-0d1e2f3a.js 404 "$app"

# The real nginx and the spec's model of the Ingress path rules agree on every one of these paths.
probe="/ /docs /docs/ /docs/x /redoc /openapi.json /openapi.json/x /api /api/ /api/v1/health /apix /DOCS /some/route /assets/a.js"
# shellcheck disable=SC2086  # one argument per path
node "$here/conf.mjs" route "$tmp/out" "$host" $probe >"$tmp/model" 2>"$tmp/err" || { bad "route: $(cat "$tmp/err")"; finish; }
disagree=""
while read -r path want; do
	fetch "$iport" "$path"; to=$(header X-Routed-To)
	[ "$to" = "$want" ] || disagree="$disagree $path(nginx:${to:-none},model:$want)"
done <"$tmp/model"
if [ -z "$disagree" ]; then ok "nginx and the Ingress path model agree on $(wc -l <"$tmp/model") paths"; else bad "nginx and the model disagree:$disagree"; fi

# Uploads (issue 9 item 3): the API's Ingress takes 20 MiB bodies, the UI's keeps ingress-nginx's 1m.
head -c $((5 * 1024 * 1024)) /dev/zero >"$tmp/5m"
head -c $((21 * 1024 * 1024)) /dev/zero >"$tmp/21m"
head -c $((2 * 1024 * 1024)) /dev/zero >"$tmp/2m"
status "a 5 MiB image upload to the API passes" /api/images 200 "$iport" --data-binary "@$tmp/5m"
status "a 21 MiB upload to the API is refused by the Ingress" /api/images 413 "$iport" --data-binary "@$tmp/21m"
status "a 2 MiB body to the UI is refused by the Ingress" /some/route 413 "$iport" --data-binary "@$tmp/2m"

finish
