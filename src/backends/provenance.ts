/** What a run records about its float32 bulk-descent phase (report.json `provenance.bulkDescent`). */
export interface BulkDescentProvenance {
  /** The `--backend` request: 'auto', 'none', or the forced backend's name. */
  readonly requested: string;
  /** The loaded backend (webgpu, tfjs-node-gpu, tfjs-node, wasm, cpu); null when none was loaded. */
  readonly backend: string | null;
  /** 'float32' when a backend was loaded, else null. */
  readonly precision: 'float32' | null;
  /** 'gpu' or 'cpu' when a backend was loaded, else null. */
  readonly device: string | null;
  /** The WebGPU adapter (backend webgpu only; src/backends/webgpu/detect.ts). */
  readonly adapter?: {
    readonly vendor: string;
    readonly architecture: string;
    readonly device: string;
    /** Dawn's driver description. */
    readonly description: string;
    readonly featureLevel: 'core' | 'compatibility';
    readonly software: boolean;
  };
  /** Instances from which it runs: K N d >= minWork (free-feature ufm-ce; src/backends/bulk-descent.ts). */
  readonly minWork: number;
  /** Whether any start of the run descended in float32 (false: every solve was float64 from its random start). */
  readonly used: boolean;
  /** Instances with at least one start that did, and such starts. */
  readonly instances: number;
  readonly starts: number;
  /** Why no backend was loaded, or which backends auto detection skipped. */
  readonly note?: string;
}
