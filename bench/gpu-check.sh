#!/usr/bin/env bash
# The WebGPU device check (issue 16), for a lent GPU machine that reaches no network. It
# installs nothing from the network: it runs what `npm run bench:gpu-bundle` put in .gpucheck/
# (the bundled bench/gpu-bench.ts, dawn.node, and Node itself where the machine has no Node >= 20)
# and the Vulkan loader packages in .gl/. With the device tool:
#   run(command='bash bench/gpu-check.sh', carry=['.gpucheck', '.gl'], timeout_s=590)
# Extra arguments go to the bench (e.g. --sizes '100,10000,128' --threshold '40,4000,64').
# Exit code: the bench's (0 measured; 3 no WebGPU adapter, reported before any measurement).
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=$root/.gpucheck
if [ ! -f "$src/gpu-bench.mjs" ]; then
  echo "gpu-check: $src/gpu-bench.mjs is missing: run 'npm run bench:gpu-bundle' first (and carry .gpucheck and .gl)" >&2
  exit 2
fi
work=$(mktemp -d /tmp/ncverify-gpucheck.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$src"/. "$work"/

unxz_to() {
  if command -v xz >/dev/null 2>&1; then xz -dc "$1" >"$2"
  else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}
unxz_to "$work/dawn.node.xz" "$work/node_modules/webgpu/dist/linux-x64/dawn.node"

# The Vulkan loader. On the lent machine (root, NVIDIA driver under /usr/local/nvidia) the
# device README's recipe: unpack the carried .debs into / and ldconfig. Anywhere else unpack them
# under $work and point the dynamic loader there, so that / is never touched.
if ! ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 ' && ls "$root"/.gl/*.deb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && [ -d /usr/local/nvidia ]; then
    for f in "$root"/.gl/*.deb; do dpkg -x "$f" /; done
    ldconfig
  else
    for f in "$root"/.gl/*.deb; do dpkg -x "$f" "$work/gl"; done
    export LD_LIBRARY_PATH="$work/gl/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  fi
fi
nv=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$nv" ]; then export VK_DRIVER_FILES=$nv; fi

node=$(command -v node || true)
if [ -z "$node" ] || ! "$node" -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' 2>/dev/null; then
  if [ ! -f "$work/node.xz" ]; then echo "gpu-check: no Node >= 20 here and none carried (bundle without --no-node)" >&2; exit 2; fi
  unxz_to "$work/node.xz" "$work/node"
  chmod +x "$work/node"
  node=$work/node
fi

echo "gpu-check: node $("$node" --version) ($node); $(cat "$work/VERSION" 2>/dev/null)"
echo "gpu-check: carried bundle $(du -b "$work/gpu-bench.mjs" | cut -f1) bytes; Vulkan loader: $( (ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 ') && echo system || echo "${LD_LIBRARY_PATH:-none}"); VK_DRIVER_FILES=${VK_DRIVER_FILES:-unset}"
if command -v nvidia-smi >/dev/null 2>&1; then echo "gpu-check: $(nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader)"; fi
"$node" "$work/gpu-bench.mjs" "$@"
rc=$?
echo "gpu-check: exit $rc"
exit $rc
