#!/usr/bin/env bash
# The GPU check: `npm run bench:gpu` (the real trainer on tfjs-webgpu over Dawn) on the ML-100K file and the
# ml-1m / ml-10m shapes, dense and sparse, then the Dawn webgpu unit tests; JSON lines only on stdout.
# Made for the project's device machine (an H200, 16 cores, no browser, no network, no Node or node_modules
# there, as far as is known), within 5 minutes; it runs on any Linux x86-64 machine with a Vulkan driver.
#
#   scripts/gpu-check.sh pack        here, in a checkout with node_modules (and apt for the Vulkan loader): fills
#                                    .gpu/ (esbuild bundles of bench-gpu.ts and of the webgpu tests, Dawn's dawn.node
#                                    and this Node binary xz-compressed, ../shared/data/ml-100k/u.data: about 42 MB)
#                                    and .gl/ (Debian's Vulkan loader and GL dispatch .debs, as the device README
#                                    says); both are added to .git/info/exclude. Pack again after changing src/.
#   scripts/gpu-check.sh [ARGS]      there: runs the check; ARGS replace bench:gpu's default arguments
#                                    (--data .gpu/u.data --shapes ml-1m,ml-10m --compute sparse,dense --epochs 3).
#                                    On the device machine: run with carry [".gpu", ".gl"], timeout_s 400, command
#                                    `bash scripts/gpu-check.sh` (it unpacks .gl into / there, as root, by itself).
# Where node_modules is present and GPU_CHECK_MODE is not 'bundle', it runs `npm run bench:gpu` and `npx vitest`
# instead of the bundles. The adapter: VK_ICD_FILENAMES / VK_DRIVER_FILES when set, else every hardware Vulkan
# driver found (/usr/local/nvidia/share/vulkan/icd.d, /etc/vulkan/icd.d, /usr/share/vulkan/icd.d), else Dawn's
# own choice (chromium's SwiftShader on a machine with Debian's chromium). To try the device's path here:
# GPU_CHECK_MODE=bundle GPU_CHECK_NODE=packed GPU_CHECK_LOADER=gl bash scripts/gpu-check.sh --shapes ml-100k --epochs 1
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
json() { printf '%s\n' "$1"; }
str() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '"%s"' "${s//$'\n'/ }"; }

# The webgpu unit tests: the test files that start WebGPU on Dawn.
webgpu_tests() { grep -l 'startWebGpuInNode' src --include='*.test.ts' -r | sort; }

pack() {
  set -e
  mkdir -p .gpu .gl /tmp/amd64/partial
  for d in /.gpu/ /.gl/; do grep -qxF "$d" .git/info/exclude 2>/dev/null || echo "$d" >>.git/info/exclude; done
  rm -rf .gpu && mkdir -p .gpu/node_modules/webgpu/dist/linux-x64
  local esbuild=node_modules/.bin/esbuild
  local banner="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
  local common=(--bundle --platform=node --format=esm --target=node20 --log-level=error --external:webgpu --external:node-fetch "--banner:js=$banner")
  "$esbuild" scripts/bench-gpu.ts "${common[@]}" --outfile=.gpu/bench-gpu.mjs
  # One entry that runs each webgpu test file in turn through scripts/lib/gpu-test-shim.ts (Vitest's API, bundled).
  local entry=.gpu/webgpu-tests.entry.ts
  {
    echo "import { runTestFile } from '$ROOT/scripts/lib/gpu-test-shim.ts';"
    echo "const t = { passed: 0, failed: 0, skipped: 0 };"
    for f in $(webgpu_tests); do
      echo "for (const [k, v] of Object.entries(await runTestFile('$f', () => import('$ROOT/$f')))) t[k as keyof typeof t] += v;"
    done
    echo "process.stdout.write(JSON.stringify({ tests: 'webgpu', files: $(printf "'%s'," $(webgpu_tests) | sed 's/^/[/; s/,$/]/'), ...t }) + '\\n');"
    echo "process.exit(t.failed > 0 ? 1 : 0);"
  } >"$entry"
  "$esbuild" "$entry" "${common[@]}" --alias:vitest="$ROOT/scripts/lib/gpu-test-shim.ts" --outfile=.gpu/webgpu-tests.mjs
  rm "$entry"
  cp node_modules/webgpu/package.json node_modules/webgpu/index.js .gpu/node_modules/webgpu/
  # xz: what travels is limited to 64 MiB (python3's lzma unpacks it where xz is missing)
  xz -T0 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node >.gpu/node_modules/webgpu/dist/linux-x64/dawn.node.xz
  xz -T0 -6 -c "$(command -v node)" >.gpu/node.xz
  [ -f ../shared/data/ml-100k/u.data ] && cp ../shared/data/ml-100k/u.data .gpu/u.data
  # The Vulkan loader and GL dispatch libraries the NVIDIA driver's Vulkan ICD needs (device/README.md).
  if ! ls .gl/*.deb >/dev/null 2>&1; then
    local o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64)
    apt-get "${o[@]}" update -qq && (cd .gl && apt-get "${o[@]}" download -qq libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
  fi
  set +e
  json "{\"packed\":true,\"gpu\":$(du -sb .gpu | cut -f1),\"gl\":$(du -sb .gl | cut -f1),\"tests\":$(webgpu_tests | wc -l)}"
}

if [ "${1:-}" = pack ]; then pack; exit $?; fi

T0=$(date +%s)
ok=true
why=()

# 1. The Vulkan loader (libvulkan.so.1, which Dawn opens by name at start-up).
has_loader() { ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1 '; }
loader=system
# GPU_CHECK_LOADER=gl takes the packed loader (unpacked under /tmp) even where another is found, to try it here.
if [ "${GPU_CHECK_LOADER:-}" = gl ] || ! has_loader; then
  if [ "${GPU_CHECK_LOADER:-}" != gl ] && ls .gl/*.deb >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v nvidia-smi >/dev/null; then
    # The device machine (root, fresh, given back after): the README's recipe, unpacked into /.
    for f in .gl/*.deb; do dpkg -x "$f" /; done
    ldconfig
    loader=".gl (unpacked into /)"
  elif [ "${GPU_CHECK_LOADER:-}" != gl ] && [ -e /usr/lib/chromium/libvulkan.so.1 ]; then
    export LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}/usr/lib/chromium
    loader=/usr/lib/chromium
  elif ls .gl/*.deb >/dev/null 2>&1; then
    rm -rf /tmp/autorec-gl && mkdir -p /tmp/autorec-gl
    for f in .gl/*.deb; do dpkg -x "$f" /tmp/autorec-gl; done
    export LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}/tmp/autorec-gl/usr/lib/x86_64-linux-gnu
    loader="/tmp/autorec-gl (from .gl)"
  else
    loader=none
  fi
fi
for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  [ -d "$d" ] && ! ldconfig -p 2>/dev/null | grep -q "$d/" && export LD_LIBRARY_PATH=${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$d
done

# 2. The Vulkan driver(s): a real GPU's, where one is installed.
if [ -z "${VK_ICD_FILENAMES:-}" ] && [ -n "${VK_DRIVER_FILES:-}" ]; then export VK_ICD_FILENAMES=$VK_DRIVER_FILES; fi
if [ -z "${VK_ICD_FILENAMES:-}" ]; then
  icds=$(ls /usr/local/nvidia/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json /usr/share/vulkan/icd.d/*.json 2>/dev/null | grep -viE 'swiftshader|lvp|lavapipe|mock' | paste -sd: -)
  if [ -n "$icds" ]; then export VK_ICD_FILENAMES=$icds VK_DRIVER_FILES=$icds; fi
fi

# 3. Node: the system's (20 or newer), else the packed one.
mode=${GPU_CHECK_MODE:-}
if [ -z "$mode" ]; then
  if [ -x node_modules/.bin/tsx ] && [ -x node_modules/.bin/vitest ] && command -v npm >/dev/null; then mode=npm; else mode=bundle; fi
fi
NODE=
# GPU_CHECK_NODE=packed takes the packed Node even where the system has one (to try the device's path here).
if [ "${GPU_CHECK_NODE:-}" != packed ] && command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 20 ]; then NODE=$(command -v node); fi
if [ "$mode" = bundle ]; then
  if [ ! -f .gpu/bench-gpu.mjs ]; then
    json "{\"check\":\"gpu\",\"ok\":false,\"why\":$(str 'no .gpu/ bundles: run scripts/gpu-check.sh pack in a checkout with node_modules, then carry .gpu and .gl')}"
    exit 2
  fi
  # Staged outside the checkout, so that nothing unpacked travels back or is carried again.
  stage=/tmp/autorec-gpu-check
  rm -rf "$stage" && mkdir -p "$stage/node_modules/webgpu/dist/linux-x64"
  unxz() { if command -v xz >/dev/null; then xz -dc "$1"; else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"; fi; }
  cp .gpu/*.mjs "$stage/" && cp .gpu/node_modules/webgpu/index.js .gpu/node_modules/webgpu/package.json "$stage/node_modules/webgpu/"
  unxz .gpu/node_modules/webgpu/dist/linux-x64/dawn.node.xz >"$stage/node_modules/webgpu/dist/linux-x64/dawn.node"
  if [ -z "$NODE" ]; then unxz .gpu/node.xz >"$stage/node" && chmod +x "$stage/node" && NODE=$stage/node; fi
fi
gpu_name=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1)
json "{\"check\":\"environment\",\"mode\":\"$mode\",\"node\":$(str "$("${NODE:-node}" --version 2>/dev/null)"),\"cores\":$(nproc),\"loader\":$(str "$loader"),\"icd\":$(str "${VK_ICD_FILENAMES:-Dawn default}"),\"nvidiaSmi\":$(str "${gpu_name:-none}")}"

# 4. bench:gpu on the real shapes (dense and sparse), a line per case as it finishes.
if [ $# -gt 0 ]; then bench_args=("$@"); else
  bench_args=(--shapes ml-1m,ml-10m --compute sparse,dense --epochs 3)
  for u in .gpu/u.data ../shared/data/ml-100k/u.data; do [ -f "$u" ] && { bench_args=(--data "$u" "${bench_args[@]}"); break; }; done
fi
if [ "$mode" = npm ]; then
  timeout 210 npm run --silent bench:gpu -- "${bench_args[@]}"
else
  timeout 210 "$NODE" "$stage/bench-gpu.mjs" "${bench_args[@]}"
fi
rc=$?
[ $rc -eq 0 ] || { ok=false; why+=("bench:gpu exited with $rc$([ $rc -eq 3 ] && echo ': Dawn found no adapter')$([ $rc -eq 124 ] && echo ': over its 210 s')"); }

# 5. The Dawn webgpu unit tests.
if [ "$mode" = npm ]; then
  report=$(mktemp)
  # shellcheck disable=SC2046
  timeout 60 npx vitest run $(webgpu_tests) --reporter=json --outputFile="$report" >/dev/null 2>&1
  rc=$?
  "${NODE:-node}" -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const t = { passed: 0, failed: 0, skipped: 0 };
    for (const f of r.testResults) for (const a of f.assertionResults) {
      const result = a.status === "passed" ? "passed" : a.status === "failed" ? "failed" : "skipped";
      t[result]++;
      const line = { test: [require("path").relative(process.cwd(), f.name), ...a.ancestorTitles, a.title].join(" > "), result };
      if (result !== "skipped") line.ms = Math.round(a.duration ?? 0);
      if (result === "failed") line.error = a.failureMessages.join("\n").slice(0, 2000);
      console.log(JSON.stringify(line));
    }
    console.log(JSON.stringify({ tests: "webgpu", files: r.testResults.map((f) => require("path").relative(process.cwd(), f.name)), ...t }));
    process.exit(t.skipped > 0 && t.passed === 0 ? 4 : 0);' "$report" | tee /tmp/autorec-gpu-tests.jsonl
  rm -f "$report"
else
  timeout 60 "$NODE" "$stage/webgpu-tests.mjs" | tee /tmp/autorec-gpu-tests.jsonl
  rc=${PIPESTATUS[0]}
fi
[ $rc -eq 0 ] || { ok=false; why+=("the webgpu tests exited with $rc$([ $rc -eq 124 ] && echo ': over their 60 s')"); }
grep -q '"tests":"webgpu".*"skipped":[1-9]' /tmp/autorec-gpu-tests.jsonl && { ok=false; why+=("webgpu tests were skipped: no adapter for them"); }
grep -q '"tests":"webgpu"' /tmp/autorec-gpu-tests.jsonl || { ok=false; why+=("the webgpu tests printed no summary"); }

reasons=$(for w in "${why[@]}"; do str "$w"; echo; done | paste -sd, -)
json "{\"check\":\"gpu\",\"ok\":$ok,\"seconds\":$(($(date +%s) - T0))${reasons:+,\"why\":[$reasons]}}"
$ok
