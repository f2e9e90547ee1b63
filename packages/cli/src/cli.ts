#!/usr/bin/env node
// The AWS SDK's notice about Node.js versions is not something a load can act on.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'
const [{ runCli }, { stdinSize }] = await Promise.all([
  import('./runCli.js'),
  import('./stdinSize.js'),
])

// The first Ctrl-C stops reading (the rows read before it land and are reported); the second
// exits at once.
const interrupt = new AbortController()
const stop = () => {
  if (interrupt.signal.aborted) process.exit(130)
  interrupt.abort()
  process.stderr.write(
    '\nredstore: stopping after the rows read so far (Ctrl-C again to quit now)\n',
  )
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)

const code = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdin: process.stdin,
  stdinSize: stdinSize(),
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: {
    write: (text) => process.stderr.write(text),
    columns: () => process.stderr.columns,
    isTTY: process.stderr.isTTY === true,
  },
  signal: interrupt.signal,
})
// A read of stdin left pending by an interrupted load would keep the process alive.
process.stdin.destroy()
process.exitCode = code
