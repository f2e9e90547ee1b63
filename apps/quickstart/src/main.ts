import { runQuickstart } from './quickstart.js'

const { rows, stats } = await runQuickstart((line) => console.log(line))
console.log('\nquickstart.customers now holds:')
console.table(rows)
console.log(
  `API calls: ${stats.apiCalls} (${Object.entries(stats.apiCallsByOperation)
    .map(([op, n]) => `${op} ${n}`)
    .join(', ')}), retries: ${stats.retries}`,
)
