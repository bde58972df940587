export { MessageType, SyncStep, durableAckParam } from './messageType.ts'
export { CloseCode, type CloseCodeName, closeCodeName, closeCodeTable, closeReason, shouldReconnect } from './closeCodes.ts'
export { Limits } from './limits.ts'
export { validateDocName, docNameFromPath } from './docName.ts'
