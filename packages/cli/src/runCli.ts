import { readFile } from 'node:fs/promises'
import { isStorageError } from '@redstore/storage'
import { ExitCode, isCliError, UsageError } from './CliError.js'
import { loadUsage, wantsHelp } from './load/LoadSettings.js'
import { type LoadIo, runLoad } from './load/runLoad.js'

/**
 * Where the CLI reads and writes: the process's streams, or a test's.
 *
 * @example
 * ```ts
 * const io: CliIo = { cwd: process.cwd(), env: process.env, stdin: process.stdin, stdout: console.log, stderr }
 * ```
 */
export type CliIo = LoadIo

/** A subcommand: its one-line description, its help text, and what runs it. */
interface Command {
  readonly summary: string
  readonly usage: string
  readonly run: (argv: ReadonlyArray<string>, io: CliIo) => Promise<number>
}

/** The subcommands, by name. A new one is one more entry. */
const commands: Readonly<Record<string, Command>> = {
  load: {
    summary: 'load an NDJSON or CSV file (or stdin) into the table a schema file describes',
    usage: loadUsage,
    run: runLoad,
  },
}

export const usage = `Usage: redstore <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run redstore <command> --help for a command's options.
  redstore load src/schema/orders.ts orders.ndjson
  redstore load src/schema/orders.ts orders.csv --method copy --staging-bucket my-loads
  redstore --help | --version`

const say = (io: CliIo, line: string) => io.stderr.write(`${line}\n`)

/**
 * The `redstore` command: `redstore <command> [options]`, `--help`, `--version`. Returns the
 * exit code: 0 done, 1 bad input or a failed load, 2 a usage error. Usage errors, input errors
 * and failures are printed to stderr as what happened and what to do; the summary goes to
 * stdout.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), io)
 * ```
 */
export const runCli = async (argv: ReadonlyArray<string>, io: CliIo): Promise<number> => {
  const [name, ...rest] = argv
  try {
    if (name === undefined) {
      say(io, usage)
      return ExitCode.usage
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      io.stdout(usage)
      return ExitCode.ok
    }
    if (name === '--version') {
      const manifest = await readFile(new URL('../package.json', import.meta.url), 'utf8')
      io.stdout((JSON.parse(manifest) as { version: string }).version)
      return ExitCode.ok
    }
    const command = commands[name]
    if (command === undefined || !Object.hasOwn(commands, name)) {
      throw new UsageError({
        what: `${JSON.stringify(name)} is not a redstore command`,
        fix: `Use one of: ${Object.keys(commands).join(', ')} (redstore --help lists them)`,
      })
    }
    if (wantsHelp(rest)) {
      io.stdout(command.usage)
      return ExitCode.ok
    }
    return await command.run(rest, io)
  } catch (error) {
    if (isCliError(error)) {
      say(io, `redstore${name === undefined ? '' : ` ${name}`}: ${error.message}`)
      if (error._tag === 'UsageError')
        say(
          io,
          `Run redstore ${commands[name ?? ''] === undefined ? '' : `${name} `}--help for the options.`,
        )
      return error.exitCode
    }
    const code = (error as { code?: unknown })?.code
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      say(io, `redstore ${name}: ${(error as Error).message}`)
      say(io, `Run redstore ${name} --help for the options.`)
      return ExitCode.usage
    }
    if (isStorageError(error) || typeof (error as { _tag?: unknown })?._tag === 'string') {
      say(io, `redstore ${name}: ${(error as Error).message}`)
      return ExitCode.failed
    }
    say(io, `redstore ${name}: ${error instanceof Error ? error.message : String(error)}`)
    return ExitCode.failed
  }
}
