#!/bin/sh
# overlay.sh RBDC: the README's deploy recipe works. The real image tags go in an overlay outside the generated
# directory (deploy/production/kustomization.yaml: resources ../../k8s, images: ...), so the next compile neither
# overwrites them nor makes `rbdc diff` report drift. With kubectl, `kubectl kustomize` renders the overlay and
# every container of each app (the migrate init container too) must carry the overlay's tag; without kubectl, the
# overlay's image names are checked against the images the base's kustomization.yaml declares.
# Prints ok/FAIL lines.
set -u
RBDC=${1:?usage: sh tests/conformance/overlay.sh RBDC}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbdc-overlay.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok   - overlay: $1"; }
nok() { echo "FAIL - overlay: $1"; }

"$RBDC" reactbin.rbd -o "$tmp/k8s" >/dev/null 2>&1 || { nok "rbdc reactbin.rbd -o DIR failed"; exit 0; }
mkdir -p "$tmp/deploy/production"
cat >"$tmp/deploy/production/kustomization.yaml" <<'EOF'
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../k8s
images:
- name: ghcr.io/example/reactbin-api
  newTag: "1.4.2"
- name: ghcr.io/example/reactbin-ui
  newTag: "1.4.2"
EOF

if "$RBDC" reactbin.rbd -o "$tmp/k8s" >/dev/null 2>&1 && "$RBDC" diff reactbin.rbd "$tmp/k8s" >/dev/null 2>&1 &&
	[ -f "$tmp/deploy/production/kustomization.yaml" ]; then
	ok "a recompile keeps the overlay and rbdc diff sees no drift"
else
	nok "a recompile touched the overlay, or rbdc diff reports drift"
fi

if command -v kubectl >/dev/null 2>&1; then
	if ! kubectl kustomize "$tmp/deploy/production" >"$tmp/rendered.yaml" 2>"$tmp/err"; then
		nok "kubectl kustomize deploy/production failed: $(head -n 3 "$tmp/err")"
		exit 0
	fi
	# Every image line of the apps' Deployments: api twice (migrate and api), ui once; all at the new tag.
	api=$(grep -c 'image: ghcr.io/example/reactbin-api:1.4.2$' "$tmp/rendered.yaml")
	ui=$(grep -c 'image: ghcr.io/example/reactbin-ui:1.4.2$' "$tmp/rendered.yaml")
	stale=$(grep -c 'image: .*0\.0\.0-dev' "$tmp/rendered.yaml")
	if [ "$api" = 2 ] && [ "$ui" = 1 ] && [ "$stale" = 0 ]; then
		ok "kubectl kustomize renders every app container (the migrate init container too) at the overlay's tag"
	else
		nok "kubectl kustomize: api at 1.4.2 $api times (want 2), ui $ui (want 1), placeholder tag left $stale (want 0)"
	fi
	# Issue 11: `kubectl apply -k` of each committed directory applies that environment alone.
	if kubectl kustomize k8s >"$tmp/prod.yaml" 2>"$tmp/err" && kubectl kustomize k8s-staging >"$tmp/staging.yaml" 2>>"$tmp/err" &&
		! grep -q 'reactbin-staging' "$tmp/prod.yaml" && [ "$(grep -c '^  namespace: reactbin$' "$tmp/prod.yaml")" -gt 10 ] &&
		[ "$(grep -c '^  namespace: reactbin-staging$' "$tmp/staging.yaml")" -gt 10 ] &&
		! grep -q '^  namespace: reactbin$' "$tmp/staging.yaml" &&
		[ "$(grep -c '^kind: ' "$tmp/prod.yaml")" = "$(grep -c '^kind: ' "$tmp/staging.yaml")" ]; then
		ok "kubectl kustomize k8s/ renders production alone, k8s-staging/ staging alone, the same kinds of objects"
	else
		nok "kubectl kustomize of k8s/ and k8s-staging/ mixes the environments or fails: $(head -n 3 "$tmp/err")"
	fi
else
	# Without kubectl: each overlay entry must name an image the base declares (else kustomize ignores it).
	missing=0
	for name in ghcr.io/example/reactbin-api ghcr.io/example/reactbin-ui; do
		grep -q "^- name: $name\$" "$tmp/k8s/kustomization.yaml" || missing=$((missing + 1))
	done
	if [ "$missing" = 0 ]; then
		ok "(no kubectl) the overlay's image names are the base's images: entries"
	else
		nok "(no kubectl) $missing overlay image name(s) are not in the base's images: entries"
	fi
fi
