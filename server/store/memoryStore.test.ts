import { describeDocStore } from './docStore.contract.ts'
import { MemoryStore } from './memoryStore.ts'

describeDocStore('MemoryStore', async () => ({ open: async () => new MemoryStore(), durable: false }))
