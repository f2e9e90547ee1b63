import { execFile } from 'node:child_process'
import { access, readdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The repository's root directory. */
export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** A published package of the workspace and the tarball `pnpm pack` made of it. */
export interface PackedPackage {
  readonly name: string
  readonly directory: string
  readonly tarball: string
}

/** The packages under packages/ that are published (not private). */
export const publishedPackages = async (): Promise<
  ReadonlyArray<{ name: string; directory: string }>
> => {
  const root = join(repositoryRoot, 'packages')
  const found: Array<{ name: string; directory: string }> = []
  for (const entry of (await readdir(root, { withFileTypes: true })).filter((e) =>
    e.isDirectory(),
  )) {
    const directory = join(root, entry.name)
    const manifest = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8')) as {
      readonly name: string
      readonly private?: boolean
    }
    if (manifest.private !== true) found.push({ name: manifest.name, directory })
  }
  return found.sort((a, b) => a.name.localeCompare(b.name))
}

/**
 * Packs every published package into `destination` with `pnpm pack`, which writes
 * `workspace:*` dependencies as the versions they stand for, as `pnpm publish` would.
 */
export const packPackages = async (destination: string): Promise<ReadonlyArray<PackedPackage>> => {
  const packed: Array<PackedPackage> = []
  for (const pkg of await publishedPackages()) {
    // A package packed before it is built would ship without dist/ and fail every
    // check below with a resolution error that hides the cause.
    await access(join(pkg.directory, 'dist', 'index.js')).catch(() => {
      throw new Error(
        `${pkg.name} is not built (no dist/index.js): list it in this app's devDependencies so turbo builds it first, or run pnpm build`,
      )
    })
    const { stdout } = await run('pnpm', ['pack', '--pack-destination', destination], {
      cwd: pkg.directory,
    })
    const tarball = stdout
      .trim()
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line.endsWith('.tgz'))
    if (tarball === undefined)
      throw new Error(`pnpm pack printed no tarball for ${pkg.name}:\n${stdout}`)
    packed.push({ ...pkg, tarball: tarball.startsWith('/') ? tarball : join(destination, tarball) })
  }
  return packed
}
