/** Realtime event types on an incident's channel (the page refreshes its comms panel on them). */
export const COMMS_UPDATE_EVENT = 'comms.update';
export const COMMS_CADENCE_EVENT = 'comms.cadence';
