// The command line, compiled. Transpiling the TypeScript sources at every run took most of a second, so
// scripts/ensure.js builds them once (for `npm start` and `npm test`) into dist/cli/, and bin/privacyloket.js runs
// that while it is current; otherwise, as in development, the sources through tsx. Node's own modules only at the
// top: ensure.js loads this before the npm packages exist, and the bin at every run.
import {
  chmodSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = 'manifest.json';

/**
 * The compiled CLI's entry file when every file it was built from is as it was then (size and modification
 * time, as make decides), else undefined.
 * @param {string} [root]
 * @returns {string | undefined}
 */
export function compiledCli(root = projectRoot) {
  const dir = join(root, 'dist', 'cli');
  /** @type {{ inputs: Record<string, string> }} */
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
  for (const [file, stamp] of Object.entries(manifest.inputs)) {
    if (fileStamp(join(root, file)) !== stamp) return undefined;
  }
  return join(dir, 'main.js');
}

/** @param {string} file */
function fileStamp(file) {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat ? `${stat.size}:${stat.mtimeMs}` : 'missing';
}

/**
 * Bundles cli/main.ts with esbuild (the npm packages stay outside, loaded from node_modules; every command and
 * the letter preview's Chromium are chunks of their own, loaded when used) into a scratch folder, then swaps it
 * into dist/cli/. Modules that find files beside their source (`import.meta.dirname`: templates/, policies/,
 * services/failure-converter.cjs) are given their source folder, found from the bundle's own place, so the compiled
 * CLI reads the very files the sources do.
 * @param {string} [root]
 */
export async function buildCli(root = projectRoot) {
  const { build } = await import('esbuild');
  const dist = join(root, 'dist');
  mkdirSync(dist, { recursive: true, mode: 0o700 });
  chmodSync(dist, 0o700);
  const scratch = join(dist, `cli.partial-${process.pid}`);
  // A command that started on a build just replaced may still load its chunks: that build is kept ten minutes
  // after it was replaced (the time in its name), then removed.
  for (const entry of readdirSync(dist)) {
    if (entry.startsWith('cli.old-') && Number(entry.split('-').pop()) < Date.now() - 10 * 60_000)
      rmSync(join(dist, entry), { recursive: true, force: true });
  }
  const old = join(dist, `cli.old-${process.pid}-${Date.now()}`);
  rmSync(scratch, { recursive: true, force: true });
  try {
    const { metafile } = await build({
      absWorkingDir: root,
      entryPoints: ['cli/main.ts'],
      outdir: scratch,
      entryNames: '[name]',
      chunkNames: 'chunk-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      metafile: true,
      logLevel: 'warning',
      banner: {
        js: [
          "import { fileURLToPath as __plFileURLToPath, pathToFileURL as __plPathToFileURL } from 'node:url';",
          "import { join as __plJoin } from 'node:path';",
          "const __plRoot = __plJoin(__plFileURLToPath(import.meta.url), '..', '..', '..');",
          'const __plSource = (path) => __plJoin(__plRoot, path);',
          'const __plSourceUrl = (path) => __plPathToFileURL(__plJoin(__plRoot, path)).href;',
        ].join('\n'),
      },
      plugins: [
        {
          name: 'source-paths',
          setup(plugin) {
            plugin.onLoad({ filter: /\.ts$/ }, (args) => {
              const file = relative(root, args.path);
              const contents = readFileSync(args.path, 'utf8')
                .replaceAll('import.meta.dirname', `__plSource(${JSON.stringify(dirname(file))})`)
                .replaceAll('import.meta.url', `__plSourceUrl(${JSON.stringify(file)})`);
              return { contents, loader: 'ts' };
            });
          },
        },
      ],
    });
    const inputs = [...Object.keys(metafile.inputs), relative(root, fileURLToPath(import.meta.url))];
    const manifest = {
      inputs: Object.fromEntries(inputs.map((file) => [file, fileStamp(join(root, file))])),
    };
    writeFileSync(join(scratch, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    try {
      renameSync(join(dist, 'cli'), old);
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error;
    }
    renameSync(scratch, join(dist, 'cli'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
