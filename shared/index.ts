export * from './protocol/index.ts'
export { CloseCode, closeCodeName } from './closeCodes.ts'
export { Limits } from './limits.ts'
export { validateDocName, docNameFromPath, encodeDocName } from './docName.ts'
