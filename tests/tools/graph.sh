#!/bin/sh
# tests/tools/graph.sh RBDC: `rbdc graph` prints DOT that Graphviz renders (dot -Tsvg), with the nodes and edges of
# reactbin; the target, every host of a site, jobs with their schedule and each store's engine in the examples; a broken
# program prints no graph; the README's committed SVG shows the same nodes and edges as today's.
. "$(dirname "$0")/lib.sh"
command -v dot >/dev/null 2>&1 || { bad "dot installed (Debian package graphviz; make deps-test)"; finish graph; exit 1; }
cd "$root" || exit 2
"$rbdc" graph reactbin.rbd >"$tmp/g.dot" 2>"$tmp/err"
check "rbdc graph reactbin.rbd exits 0" test $? = 0
check "rbdc graph prints nothing on stderr" test ! -s "$tmp/err"
dot -Tsvg "$tmp/g.dot" >"$tmp/g.svg" 2>"$tmp/dot.err"
check "dot -Tsvg renders it" test $? = 0
check "dot has no warning" test ! -s "$tmp/dot.err"
# SVG titles: one per node (KIND:NAME) and per edge (FROM->TO, '-' and '>' as entities).
titles() { sed -n 's/.*<title>\(.*\)<\/title>.*/\1/p' "$1" | sed 's/&#45;/-/g; s/&gt;/>/g; s/&lt;/</g; s/&amp;/\&/g' | sort; }
titles "$tmp/g.svg" >"$tmp/titles"
for want in 'target:ingress' 'target:ingress->host:reactbin.example.com' 'host:reactbin.example.com' 'route:/api' 'route:=/docs' 'route:/' 'app:api' 'app:ui' 'store:minio' \
	'secret:api-env' 'secret:minio-root' 'vault:kv/reactbin/api' 'vault:kv/reactbin/minio' \
	'host:reactbin.example.com->route:/api' 'route:/api->app:api' 'route:/->app:ui' 'route:=/docs->app:api' \
	'app:api->store:minio' 'app:api->secret:api-env' 'store:minio->secret:minio-root' \
	'secret:api-env->vault:kv/reactbin/api' 'secret:minio-root->vault:kv/reactbin/minio'; do
	check "the SVG has $want" grep -qxF "$want" "$tmp/titles"
done
check "no edge from the UI to a secret (it reads none)" sh -c '! grep -q "^app:ui->secret" "$1"' - "$tmp/titles"
# The examples: the target, each host of a site with its certificate or HTTPRoute, routes per site, jobs, engines.
# (A label's DOT line break, backslash-n, is shown as ' | ' in the check's name, which would print it as a newline.)
has_line() { check "$1's graph has $(printf '%s' "$2" | sed 's/\\n/ | /g')" grep -qF "$2" "$3"; }
"$rbdc" graph examples/next-go.rbd >"$tmp/ng.dot" 2>/dev/null
for want in '"target:ingress" -> "host:www.example.com";' '"target:ingress" -> "host:example.com";' \
	'"host:example.com" [label="example.com\nTLS www.example.com-tls"' '"host:example.com" -> "route:www.example.com/";' \
	'"host:api.example.com" -> "route:api.example.com/";' '"route:api.example.com/" -> "app:api";' \
	'"job:cleanup" [label="job cleanup\ncron 0 3 * * * UTC"' '"job:cleanup" -> "app:api" [label="image of", style=dashed];' \
	'"job:cleanup" -> "secret:api-env" [label="env"];' '"app:queue" [label="app queue\nworker, no port"'; do
	has_line next-go "$want" "$tmp/ng.dot"
done
check "next-go's graph has no host edge to the other site's route" sh -c '! grep -qF "\"host:api.example.com\" -> \"route:www.example.com/\"" "$1"' - "$tmp/ng.dot"
"$rbdc" graph examples/django-shop.rbd >"$tmp/dj.dot" 2>/dev/null
for want in '"store:cache" [label="store cache\nredis 1Gi"' '"store:media" [label="store media\nMinIO 20Gi"' \
	'"app:worker" -> "store:cache" [label="redis"];' '"app:web" -> "store:media" [label="S3"];' \
	'"store:cache" -> "secret:cache-auth" [label="password"];'; do
	has_line django-shop "$want" "$tmp/dj.dot"
done
"$rbdc" graph examples/jobs.rbd >"$tmp/jobs.dot" 2>/dev/null
for want in '"job:cleanup" [label="job cleanup\ncron 30 3 * * * Europe/Berlin"' '"job:reindex" [label="job reindex\nrun once"' \
	'"job:cleanup" -> "store:media" [label="S3"];' '"job:reindex" -> "app:web" [label="HTTP"];'; do
	has_line jobs "$want" "$tmp/jobs.dot"
done
"$rbdc" graph examples/k3s-gateway.rbd >"$tmp/gw.dot" 2>/dev/null
for want in '"target:gateway" [label="gateway kube-system/traefik-gateway\nlistener websecure"' \
	'"target:gateway" -> "host:api.notes.example.com";' '"host:api.notes.example.com" [label="api.notes.example.com\nHTTPRoute notes-api"'; do
	has_line k3s-gateway "$want" "$tmp/gw.dot"
done
"$rbdc" graph --env preview examples/environments.rbd >"$tmp/env.dot" 2>/dev/null
check "graph --env preview draws preview's gateway and hosts" sh -c 'grep -qF "\"target:gateway\" -> \"host:www.preview.shop.example.com\";" "$1" && ! grep -q "target:ingress" "$1"' - "$tmp/env.dot"
# The committed picture in the README is today's graph.
check "the README shows docs/reactbin-graph.svg" grep -q 'docs/reactbin-graph.svg' README.md
titles docs/reactbin-graph.svg >"$tmp/committed" 2>/dev/null
check "docs/reactbin-graph.svg has today's nodes and edges (regenerate: rbdc graph reactbin.rbd | dot -Tsvg)" cmp -s "$tmp/titles" "$tmp/committed"
# Every example renders.
for f in examples/*.rbd; do
	"$rbdc" graph "$f" 2>/dev/null | dot -Tsvg >/dev/null 2>"$tmp/dot.err"
	check "$f renders" test ! -s "$tmp/dot.err"
done
printf 'project x\napp a { prot 80 }\n' >"$tmp/bad.rbd"
"$rbdc" graph "$tmp/bad.rbd" >"$tmp/out" 2>"$tmp/err"
check "a broken program exits 1" test $? = 1
check "a broken program prints no graph, only diagnostics" sh -c 'test ! -s "$1" && grep -q "error:" "$2"' - "$tmp/out" "$tmp/err"
"$rbdc" graph >/dev/null 2>&1
check "graph without FILE is a usage error" test $? = 2
"$rbdc" graph reactbin.rbd -o "$tmp/x" >/dev/null 2>&1
check "graph with -o is a usage error" test $? = 2
"$rbdc" graph --stdin-filename r.rbd - <reactbin.rbd >"$tmp/stdin.dot" 2>/dev/null
check "graph reads standard input" cmp -s "$tmp/g.dot" "$tmp/stdin.dot"
finish graph
