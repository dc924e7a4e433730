/** The bus channel approvers' nav badge listens on (`approvals` in channel-names.ts). */
export const APPROVALS_CHANNEL = 'approvals';
