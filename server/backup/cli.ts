/**
 * `npm run backup -- --data DIR --to FILE`: a consistent backup of a running relay's data
 * directory (see `backupData.ts`). Exits 1 with the reason on failure.
 */
import { parseArgs } from 'node:util'
import { backupData } from './backupData.ts'

const { values } = parseArgs({ options: { data: { type: 'string' }, to: { type: 'string' } } })
if (!values.data || !values.to) {
  console.error('usage: npm run backup -- --data DIR --to FILE')
  process.exit(2)
}
try {
  const { files } = await backupData(values.data, values.to)
  console.log(`backed up ${values.data} to ${files.join(', ')}`)
} catch (error) {
  console.error(`backup failed: ${(error as Error).message}`)
  process.exit(1)
}
