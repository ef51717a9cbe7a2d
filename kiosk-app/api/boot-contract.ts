// What the host writes into the page it serves, so the attract screen shows without a call
// first: the name of the <meta> carrying system.info's answer (api/system-info.ts writes it,
// renderer/api-client/boot-info.ts reads it). Imports nothing: the renderer reads it as a value.

export const BOOT_INFO_META = 'kiosk-boot-info';
