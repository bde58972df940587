import { describeDocCatalog } from './docCatalog.contract.ts'
import { describeDocStore } from './docStore.contract.ts'
import { describeHistoryStore } from './historyStore.contract.ts'
import { MemoryStore } from './memoryStore.ts'

const memory = async () => ({ open: async () => new MemoryStore(), durable: false })
describeDocStore('MemoryStore', memory)
describeDocCatalog('MemoryStore', memory)
describeHistoryStore('MemoryStore', memory)
