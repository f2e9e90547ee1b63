import { runQuickstart } from './quickstart.js'

const { records } = await runQuickstart((line) => console.log(line))
console.log('\nquickstart.customers read back through CustomersV2Storage.read():')
console.table(
  records.map((r) => ({
    ...r,
    id: String(r.id),
    tags: r.tags === null ? null : JSON.stringify(r.tags),
  })),
)
