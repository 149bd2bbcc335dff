/**
 * The tfjs backend training runs on: `--backend` as for the solver commands
 * (src/backends/tfjs.ts), except that training needs a tfjs backend: `auto` tries
 * tfjs-node-gpu, tfjs-node, wasm, cpu in that order (wasm is the default in practice: the native
 * packages are opt-in installs), and `webgpu` (WGSL kernels for the ufm-ce descent only) and
 * `none` are refused, naming `--backend`. Training is float32 on every one of them.
 */
import { InputError } from '../errors.ts';
import { BACKEND_FLAG_VALUES, chooseBackend, type BackendName, type BackendRequest, type TfjsBackend } from '../backends/tfjs.ts';

const ORDER: readonly Exclude<BackendName, 'webgpu'>[] = ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];

/** Loads (and selects in tfjs) the backend to train on. */
export async function trainingBackend(request: BackendRequest): Promise<TfjsBackend> {
  if (request.kind === 'none')
    throw new InputError(
      '--backend',
      `training runs on a tfjs backend; "none" (float64 only) applies to the solver commands (known here: auto, gpu, node, wasm, cpu; all values: ${BACKEND_FLAG_VALUES})`,
    );
  if (request.kind === 'forced' && request.name === 'webgpu')
    throw new InputError('--backend', 'webgpu runs the ufm-ce bulk descent only; train on auto, gpu, node, wasm or cpu');
  const names = request.kind === 'forced' ? [request.name] : ORDER;
  const skipped: string[] = [];
  for (const name of names) {
    try {
      const b = (await chooseBackend(name)).backend as TfjsBackend;
      // wasm and cpu share one tfjs-core instance whose active backend is global: select it again.
      if ((b.name === 'wasm' || b.name === 'cpu') && b.tf.getBackend() !== b.name) await b.tf.setBackend(b.name);
      return b;
    } catch (e) {
      if (request.kind === 'forced') throw e;
      skipped.push(`${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }
  throw new Error(`no tfjs backend could be loaded for training: ${skipped.join('; ')}`);
}
