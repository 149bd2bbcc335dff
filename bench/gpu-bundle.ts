/**
 * `npm run bench:gpu-bundle`: everything bench/gpu-check.sh needs on a machine that reaches no
 * network, in two ignored folders at the repository root that the device tool carries:
 *
 *   .gpucheck/gpu-bench.mjs       bench/gpu-bench.ts and all of ncverify it uses, one esbuild bundle
 *   .gpucheck/gemm-f64x2.wasm     the float64 SIMD kernels (read beside the bundle)
 *   .gpucheck/node_modules/...    tfjs-backend-wasm's .wasm files and package.json (resolved at run
 *                                 time), webgpu's index.js and package.json (dawn.node is loaded
 *                                 from there, so `webgpu` stays external to the bundle)
 *   .gpucheck/dawn.node.xz        the linux-x64 dawn.node, xz-compressed (21 MB -> ~5 MB)
 *   .gpucheck/node.xz             this Node binary, for a machine without Node >= 20
 *   .gl/*.deb                     the Vulkan loader packages (the device README's list), fetched
 *                                 with apt-get download
 *
 * and checks that they, with the tracked files, stay under the 64 MiB the device tool carries.
 * `--no-node` leaves the Node binary out; `--no-debs` skips apt-get.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, '.gpucheck');
const gl = path.join(root, '.gl');
const argv = process.argv.slice(2);
const LIMIT = 64 * 2 ** 20;
const require = createRequire(import.meta.url);

function du(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.size;
  return readdirSync(p).reduce((a, n) => a + du(path.join(p, n)), 0);
}
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;

/** xz -6 of src into dst, skipped when dst is newer than src (compressing Node takes ~30 s). */
function xz(src: string, dst: string): void {
  if (existsSync(dst) && statSync(dst).mtimeMs >= statSync(src).mtimeMs) return;
  execFileSync('sh', ['-c', 'xz -6 -T2 -c "$1" > "$2"', 'xz', src, dst], { stdio: 'inherit' });
}

mkdirSync(out, { recursive: true });
for (const stale of ['gpu-bench.mjs', 'node_modules']) rmSync(path.join(out, stale), { recursive: true, force: true });

// One ESM file. CommonJS dependencies (tfjs-backend-wasm's Emscripten glue) call require and
// read __dirname, which ESM output lacks: the banner defines them from import.meta.url.
await build({
  entryPoints: [path.join(root, 'bench/gpu-bench.ts')],
  outfile: path.join(out, 'gpu-bench.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'],
  define: { __NCVERIFY_BUNDLE__: 'true' },
  banner: {
    js:
      "import { createRequire as __ncvCreateRequire } from 'node:module'; import { fileURLToPath as __ncvPath } from 'node:url'; import { dirname as __ncvDir } from 'node:path';\n" +
      'const require = __ncvCreateRequire(import.meta.url); const __filename = __ncvPath(import.meta.url); const __dirname = __ncvDir(__filename);',
  },
  logLevel: 'warning',
});
copyFileSync(path.join(root, 'src/problems/wasm/gemm-f64x2.wasm'), path.join(out, 'gemm-f64x2.wasm'));

const wasmDist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
const wasmOut = path.join(out, 'node_modules/@tensorflow/tfjs-backend-wasm');
mkdirSync(path.join(wasmOut, 'dist'), { recursive: true });
copyFileSync(path.join(wasmDist, '../package.json'), path.join(wasmOut, 'package.json'));
for (const f of readdirSync(wasmDist).filter((n) => n.endsWith('.wasm'))) copyFileSync(path.join(wasmDist, f), path.join(wasmOut, 'dist', f));

let webgpuDir: string;
try {
  webgpuDir = path.dirname(require.resolve('webgpu/package.json'));
} catch {
  console.error('gpu-bundle: the optional package "webgpu" is not installed (npm install webgpu): it brings dawn.node');
  process.exit(2);
}
const webgpuOut = path.join(out, 'node_modules/webgpu');
mkdirSync(path.join(webgpuOut, 'dist/linux-x64'), { recursive: true });
for (const f of ['package.json', 'index.js']) copyFileSync(path.join(webgpuDir, f), path.join(webgpuOut, f));
xz(path.join(webgpuDir, 'dist/linux-x64/dawn.node'), path.join(out, 'dawn.node.xz'));

if (argv.includes('--no-node')) rmSync(path.join(out, 'node.xz'), { force: true });
else xz(process.execPath, path.join(out, 'node.xz'));
writeFileSync(
  path.join(out, 'VERSION'),
  `node ${process.version}; webgpu ${(JSON.parse(readFileSync(path.join(webgpuDir, 'package.json'), 'utf8')) as { version: string }).version}\n`,
);

if (!argv.includes('--no-debs')) {
  // The device README's recipe: amd64 package lists in /tmp, the loader packages into .gl/.
  mkdirSync(gl, { recursive: true });
  mkdirSync('/tmp/amd64/partial', { recursive: true });
  const o = ['-oAPT::Architecture=amd64', '-oAPT::Architectures=amd64', '-oDir::State::Lists=/tmp/amd64'];
  try {
    execFileSync('apt-get', [...o, 'update'], { stdio: ['ignore', 'ignore', 'inherit'] });
    execFileSync('apt-get', [...o, 'download', 'libvulkan1', 'libegl1', 'libglvnd0', 'libopengl0', 'libgl1', 'libglx0', 'libgles2'], {
      cwd: gl,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (e) {
    console.error(
      `gpu-bundle: apt-get download failed (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); gpu-check.sh will rely on the machine's own libvulkan`,
    );
  }
}

const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter(Boolean)
  .reduce((a, f) => a + du(path.join(root, f)), 0);
const sizes = { bundle: du(path.join(out, 'gpu-bench.mjs')), gpucheck: du(out), gl: du(gl), tracked };
const total = sizes.gpucheck + sizes.gl + sizes.tracked;
console.log(
  `gpu-bundle: .gpucheck ${mib(sizes.gpucheck)} (bundle ${mib(sizes.bundle)}, dawn.node.xz ${mib(du(path.join(out, 'dawn.node.xz')))}, node.xz ${mib(du(path.join(out, 'node.xz')))}), ` +
    `.gl ${mib(sizes.gl)}, tracked files ${mib(sizes.tracked)}: ${mib(total)} of the ${mib(LIMIT)} the device tool carries`,
);
console.log("carry: ['.gpucheck', '.gl']; command: bash bench/gpu-check.sh");
if (total > LIMIT) {
  console.error('gpu-bundle: over the limit');
  process.exit(1);
}
